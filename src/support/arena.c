#include "support/arena.h"

#include <string.h>

#include "support/checked.h"

struct cx_arena_chunk {
  cx_arena_chunk_t* next;
  size_t size;
  _Alignas(16) char data[];
};

// Chunks start small (a context or a small module needs a few KB) and grow
// with the arena to a thirty-second of what it holds (at most 1 MiB), so
// the unused tail of the newest chunk stays under 3% of the arena while the
// chunk count stays logarithmic up to 32 MiB (~140 chunks) and then grows by
// one per MiB.
enum {
  kArenaMinChunk = 16 * 1024,
  kArenaMaxChunk = 1 << 20,
  kArenaDedicated = 16 * 1024,  // requests larger than this get a chunk of their own
};

void cx_arena_init(cx_arena_t* arena, cx_allocator_t allocator) {
  memset(arena, 0, sizeof(*arena));
  arena->allocator = allocator;
}

void cx_arena_destroy(cx_arena_t* arena) {
  cx_arena_chunk_t* c = arena->chunks;
  while (c) {
    cx_arena_chunk_t* next = c->next;
    cx_free(arena->allocator, c);
    c = next;
  }
  arena->chunks = NULL;
  arena->cursor = arena->end = NULL;
}

void* cx_arena_alloc(cx_arena_t* arena, size_t size, size_t align) {
  if (align < 1) align = 1;
  uintptr_t p = ((uintptr_t)arena->cursor + (align - 1)) & ~(uintptr_t)(align - 1);
  if (arena->cursor && p + size <= (uintptr_t)arena->end && p + size >= p) {
    arena->cursor = (char*)(p + size);
    return (void*)p;
  }
  // New chunk: large requests get a chunk of their own so that the current
  // chunk's free tail is not wasted.
  size_t need;
  if (!cx_add_size(size, align + sizeof(cx_arena_chunk_t), &need)) return NULL;
  size_t chunk_size = arena->bytes_reserved / 32;
  if (chunk_size < kArenaMinChunk) chunk_size = kArenaMinChunk;
  if (chunk_size > kArenaMaxChunk) chunk_size = kArenaMaxChunk;
  bool dedicated = need > kArenaDedicated;
  if (chunk_size < need || dedicated) chunk_size = need;
  cx_arena_chunk_t* c = cx_alloc(arena->allocator, chunk_size);
  if (!c) return NULL;
  c->size = chunk_size;
  arena->bytes_reserved += chunk_size;
  char* start = c->data;
  char* end = (char*)c + chunk_size;
  p = ((uintptr_t)start + (align - 1)) & ~(uintptr_t)(align - 1);
  if (dedicated && arena->chunks) {
    // Keep the current chunk as the bump target; link the big one behind it.
    c->next = arena->chunks->next;
    arena->chunks->next = c;
    return (void*)p;
  }
  c->next = arena->chunks;
  arena->chunks = c;
  arena->cursor = (char*)(p + size);
  arena->end = end;
  return (void*)p;
}

bool cx_arena_unwind(cx_arena_t* arena, cx_arena_mark_t mark) {
  if (!mark.chunk || arena->chunks != mark.chunk) return false;
  arena->cursor = mark.cursor;
  return true;
}

void* cx_arena_calloc(cx_arena_t* arena, size_t count, size_t size, size_t align) {
  size_t total;
  if (!cx_mul_size(count, size, &total)) return NULL;
  void* p = cx_arena_alloc(arena, total ? total : 1, align);
  if (p) memset(p, 0, total);
  return p;
}

char* cx_arena_strndup(cx_arena_t* arena, const char* s, size_t len) {
  if (len == SIZE_MAX) return NULL;
  char* p = cx_arena_alloc(arena, len + 1, 1);
  if (!p) return NULL;
  memcpy(p, s, len);
  p[len] = 0;
  return p;
}

void* cx_arena_memdup(cx_arena_t* arena, const void* src, size_t len, size_t align) {
  void* p = cx_arena_alloc(arena, len ? len : 1, align);
  if (p && len) memcpy(p, src, len);
  return p;
}

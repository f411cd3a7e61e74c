// Bump allocator: many small allocations, freed all at once. IR (ops, values,
// attributes) lives in per-module arenas; interned types in the context's.
#ifndef CXLA_SUPPORT_ARENA_H_
#define CXLA_SUPPORT_ARENA_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxla/allocator.h"

typedef struct cx_arena_chunk cx_arena_chunk_t;

typedef struct cx_arena {
  cx_allocator_t allocator;
  cx_arena_chunk_t* chunks;  // newest first
  char* cursor;
  char* end;
  size_t bytes_reserved;     // total bytes obtained from the allocator
} cx_arena_t;

void cx_arena_init(cx_arena_t* arena, cx_allocator_t allocator);
void cx_arena_destroy(cx_arena_t* arena);
// Returns NULL on out-of-memory or size overflow. align must be a power of 2.
void* cx_arena_alloc(cx_arena_t* arena, size_t size, size_t align);
// Zero-filled; count*size is overflow-checked.
void* cx_arena_calloc(cx_arena_t* arena, size_t count, size_t size, size_t align);
// Copies len bytes and appends a NUL.
char* cx_arena_strndup(cx_arena_t* arena, const char* s, size_t len);
void* cx_arena_memdup(cx_arena_t* arena, const void* p, size_t len, size_t align);

// A position in the arena to give memory back to: everything allocated after
// cx_arena_mark is given back by cx_arena_unwind, if it all came from the
// chunk that was current at the mark (otherwise nothing is given back and it
// returns false). Only for memory nothing refers to any more.
typedef struct cx_arena_mark {
  cx_arena_chunk_t* chunk;
  char* cursor;
} cx_arena_mark_t;
static inline cx_arena_mark_t cx_arena_mark(const cx_arena_t* arena) {
  cx_arena_mark_t m = {arena->chunks, arena->cursor};
  return m;
}
bool cx_arena_unwind(cx_arena_t* arena, cx_arena_mark_t mark);

#define CX_ARENA_NEW(arena, type) ((type*)cx_arena_calloc((arena), 1, sizeof(type), _Alignof(type)))
#define CX_ARENA_ARRAY(arena, type, n) \
  ((type*)cx_arena_calloc((arena), (n), sizeof(type), _Alignof(type)))

#endif  // CXLA_SUPPORT_ARENA_H_

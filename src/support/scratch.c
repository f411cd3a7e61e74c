#include "support/scratch.h"

#include <stdint.h>
#include <string.h>

struct cx_scratch_block {
  cx_scratch_block_t* prev;
  size_t size;  // bytes of data
  _Alignas(16) char data[];
};

void cx_scratch_init(cx_scratch_t* s, cx_allocator_t allocator, size_t block_size) {
  memset(s, 0, sizeof(*s));
  s->allocator = allocator;
  s->block_size = block_size < 256 ? 256 : block_size;
}

static void release_block(cx_scratch_t* s, cx_scratch_block_t* b) {
  if (!s->spare && b->size == s->block_size) {
    s->spare = b;
    return;
  }
  cx_free(s->allocator, b);
}

void cx_scratch_reset(cx_scratch_t* s, cx_scratch_mark_t mark) {
  while (s->top != mark.top) {
    cx_scratch_block_t* b = s->top;
    s->top = b->prev;
    release_block(s, b);
  }
  s->cursor = mark.cursor;
  s->end = s->top ? s->top->data + s->top->size : NULL;
}

void cx_scratch_destroy(cx_scratch_t* s) {
  cx_scratch_mark_t empty = {NULL, NULL};
  cx_scratch_reset(s, empty);
  cx_free(s->allocator, s->spare);
  s->spare = NULL;
}

void* cx_scratch_alloc(cx_scratch_t* s, size_t size) {
  if (size > SIZE_MAX - 32) return NULL;
  size = (size + 15) & ~(size_t)15;
  if (s->cursor && (size_t)(s->end - s->cursor) >= size) {
    void* p = s->cursor;
    s->cursor += size;
    return p;
  }
  size_t data = size > s->block_size ? size : s->block_size;
  cx_scratch_block_t* b = NULL;
  if (s->spare && s->spare->size >= data) {
    b = s->spare;
    s->spare = NULL;
  } else {
    b = cx_alloc(s->allocator, sizeof(cx_scratch_block_t) + data);
    if (!b) return NULL;
    b->size = data;
  }
  b->prev = s->top;
  s->top = b;
  s->cursor = b->data + size;
  s->end = b->data + b->size;
  return b->data;
}

// A scratch stack: bump allocation with marks, for temporaries whose lifetime
// is a nested scope (the parser's operand and type lists, which live until
// their op is built). cx_scratch_reset(s, mark) gives back everything
// allocated since the mark, so a long input needs only as much scratch as
// its deepest nesting, not as its length.
//
// Blocks come from the allocator and are freed on reset, except the most
// recently emptied one, kept for the next allocation (no churn when an op's
// temporaries straddle a block boundary).
#ifndef CXLA_SUPPORT_SCRATCH_H_
#define CXLA_SUPPORT_SCRATCH_H_

#include <stddef.h>

#include "cxla/allocator.h"

typedef struct cx_scratch_block cx_scratch_block_t;

typedef struct cx_scratch {
  cx_allocator_t allocator;
  size_t block_size;         // the usual block size (larger requests get their own)
  cx_scratch_block_t* top;   // the block being filled; older ones behind it
  char* cursor;
  char* end;
  cx_scratch_block_t* spare; // an emptied block kept for reuse
} cx_scratch_t;

typedef struct cx_scratch_mark {
  cx_scratch_block_t* top;
  char* cursor;
} cx_scratch_mark_t;

void cx_scratch_init(cx_scratch_t* s, cx_allocator_t allocator, size_t block_size);
void cx_scratch_destroy(cx_scratch_t* s);
// 16-byte aligned; NULL on out-of-memory or size overflow.
void* cx_scratch_alloc(cx_scratch_t* s, size_t size);
static inline cx_scratch_mark_t cx_scratch_mark(const cx_scratch_t* s) {
  cx_scratch_mark_t m = {s->top, s->cursor};
  return m;
}
// Frees everything allocated after `mark` was taken.
void cx_scratch_reset(cx_scratch_t* s, cx_scratch_mark_t mark);

#endif  // CXLA_SUPPORT_SCRATCH_H_

// A typed growable array: CX_VEC(int64_t) v = {0}; cx_vec_push(&v, 3).
// A vector does not store its allocator: cx_vec_reserve/push/free use the
// system allocator, and the _in forms take one explicitly (the owner's);
// every call on one vector must use the same allocator. Push returns false
// on out-of-memory and leaves the vector unchanged.
#ifndef CXLA_SUPPORT_VEC_H_
#define CXLA_SUPPORT_VEC_H_

#include <stdbool.h>
#include <stddef.h>

#include "cxla/allocator.h"

#define CX_VEC(T)  \
  struct {         \
    T* data;       \
    size_t len;    \
    size_t cap;    \
  }

bool cx_vec_grow_(cx_allocator_t allocator, void** data, size_t* cap, size_t elem_size,
                  size_t min_cap);

#define cx_vec_reserve_in(a, v, n) \
  ((n) <= (v)->cap || cx_vec_grow_((a), (void**)&(v)->data, &(v)->cap, sizeof(*(v)->data), (n)))
#define cx_vec_push_in(a, v, x) \
  (cx_vec_reserve_in((a), (v), (v)->len + 1) ? ((v)->data[(v)->len++] = (x), true) : false)
#define cx_vec_free_in(a, v) \
  do {                       \
    cx_free((a), (v)->data); \
    (v)->data = NULL;        \
    (v)->len = (v)->cap = 0; \
  } while (0)

#define cx_vec_reserve(v, n) cx_vec_reserve_in(cx_allocator_system(), (v), (n))
#define cx_vec_push(v, x) cx_vec_push_in(cx_allocator_system(), (v), (x))
#define cx_vec_free(v) cx_vec_free_in(cx_allocator_system(), (v))

#endif  // CXLA_SUPPORT_VEC_H_

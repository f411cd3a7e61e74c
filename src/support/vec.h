// A typed growable array: CX_VEC(int64_t) v = {0}; cx_vec_push(&v, 3).
// Memory comes from malloc; cx_vec_free releases it. Push returns false on
// out-of-memory and leaves the vector unchanged.
#ifndef CXLA_SUPPORT_VEC_H_
#define CXLA_SUPPORT_VEC_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#define CX_VEC(T)  \
  struct {         \
    T* data;       \
    size_t len;    \
    size_t cap;    \
  }

bool cx_vec_grow_(void** data, size_t* cap, size_t elem_size, size_t min_cap);

#define cx_vec_reserve(v, n) \
  ((n) <= (v)->cap ||        \
   cx_vec_grow_((void**)&(v)->data, &(v)->cap, sizeof(*(v)->data), (n)))
#define cx_vec_push(v, x) \
  (cx_vec_reserve((v), (v)->len + 1) ? ((v)->data[(v)->len++] = (x), true) : false)
#define cx_vec_free(v)  \
  do {                  \
    free((v)->data);    \
    (v)->data = NULL;   \
    (v)->len = (v)->cap = 0; \
  } while (0)

#endif  // CXLA_SUPPORT_VEC_H_

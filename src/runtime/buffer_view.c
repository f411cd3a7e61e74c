// Buffer views (include/cxla/buffer.h).
#include <stdlib.h>
#include <string.h>

#include "cxla/buffer.h"
#include "support/checked.h"
#include "support/scalar.h"

int64_t cx_buffer_view_num_elements(const cx_buffer_view_t* v) {
  int64_t n = 1;
  for (uint32_t i = 0; i < v->rank; i++)
    if (v->dims[i] < 0 || !cx_mul_i64(n, v->dims[i], &n)) return -1;
  return n;
}

cx_status_t cx_buffer_view_allocate(cx_elem_t elem, uint32_t rank, const int64_t* dims,
                                    cx_buffer_view_t* out) {
  memset(out, 0, sizeof(*out));
  if (rank > CX_MAX_RANK) return CX_ERROR(CX_UNIMPLEMENTED, "rank %u exceeds %d", rank, CX_MAX_RANK);
  out->elem = elem;
  out->rank = rank;
  if (rank) memcpy(out->dims, dims, rank * sizeof(int64_t));
  int64_t n = cx_buffer_view_num_elements(out);
  size_t bytes;
  if (n < 0 || !cx_mul_size((size_t)n, cx_elem_storage_size(elem), &bytes))
    return CX_ERROR(CX_OUT_OF_MEMORY, "buffer size overflows");
  out->nbytes = bytes;
  if (bytes) {
    out->data = calloc(1, bytes);
    if (!out->data) return CX_ERROR(CX_OUT_OF_MEMORY, "cannot allocate %zu bytes", bytes);
  }
  return NULL;
}

void cx_buffer_view_free_data(cx_buffer_view_t* v) {
  free(v->data);
  v->data = NULL;
  v->nbytes = 0;
}

void cx_buffer_view_fill(cx_buffer_view_t* v, double value) {
  int64_t n = cx_buffer_view_num_elements(v);
  size_t esize = cx_elem_storage_size(v->elem);
  if (n <= 0 || !v->data || v->nbytes < (size_t)n * esize) return;
  // One element in the view's kind, then copies of it.
  unsigned char one[16] = {0};
  if (cx_elem_is_float(v->elem)) {
    cx_store_float(v->elem, one, value);
  } else if (cx_elem_is_complex(v->elem)) {
    cx_store_complex(v->elem, one, (cx_complex_t){value, 0});
  } else if (v->elem == CX_ELEM_I1) {
    cx_store_int(v->elem, one, value != 0);
  } else {
    cx_store_int(v->elem, one, cx_scalar_float_to_int(value, v->elem));
  }
  for (int64_t i = 0; i < n; i++) memcpy((char*)v->data + (size_t)i * esize, one, esize);
}

// Buffer views (include/cxla/buffer.h).
#include <stdlib.h>
#include <string.h>

#include "cxla/buffer.h"
#include "support/checked.h"

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

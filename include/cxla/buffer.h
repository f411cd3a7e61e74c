// Buffer views: host memory with a shape and an element type. The public
// currency for passing tensors into and out of cxla (interpreter, runtime,
// tools, Python). A view does not own its data unless a function says so.
#ifndef CXLA_BUFFER_H_
#define CXLA_BUFFER_H_

#include <stddef.h>
#include <stdint.h>

#include "cxla/element_type.h"
#include "cxla/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CX_MAX_RANK 32

typedef struct cx_buffer_view {
  cx_elem_t elem;
  uint32_t rank;
  int64_t dims[CX_MAX_RANK];
  void* data;     // row-major, cx_elem_storage_size(elem) bytes per element
  size_t nbytes;
} cx_buffer_view_t;

// Product of dims (1 for rank 0); -1 on overflow or negative dims.
int64_t cx_buffer_view_num_elements(const cx_buffer_view_t* view);
// Fills a view with a malloc'ed, zeroed data block (free with
// cx_buffer_view_free_data). Checks sizes for overflow.
CX_MUST_USE cx_status_t cx_buffer_view_allocate(cx_elem_t elem, uint32_t rank,
                                                const int64_t* dims, cx_buffer_view_t* out);
void cx_buffer_view_free_data(cx_buffer_view_t* view);
// Sets every element to `value` converted to the view's element type as
// stablehlo.convert converts an f64 (floats round, integers truncate and
// saturate, booleans are value != 0, complex gets a zero imaginary part).
void cx_buffer_view_fill(cx_buffer_view_t* view, double value);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_BUFFER_H_

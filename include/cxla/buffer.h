// Buffer views: host memory with a shape and an element type. The public
// currency for passing tensors into and out of cxla (interpreter, runtime,
// tools, Python). A view does not own its data unless a function says so.
#ifndef CXLA_BUFFER_H_
#define CXLA_BUFFER_H_

#include <stdbool.h>
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
// Fills a view over memory the caller owns, without copying: `data` holds
// `nbytes` bytes, which must be exactly the shape's size in cxla's storage
// layout (cx_elem_storage_size(elem) per element, row-major); a mismatch,
// an unknown element type, a negative dim or a NULL data for a non-empty
// shape is CX_INVALID_ARGUMENT. The view does not own the data: do not
// call cx_buffer_view_free_data on it.
CX_MUST_USE cx_status_t cx_buffer_view_wrap(cx_elem_t elem, uint32_t rank, const int64_t* dims,
                                            void* data, size_t nbytes, cx_buffer_view_t* out);
// Sets every element to `value` converted to the view's element type as
// stablehlo.convert converts an f64 (floats round, integers truncate and
// saturate, booleans are value != 0, complex gets a zero imaginary part).
void cx_buffer_view_fill(cx_buffer_view_t* view, double value);

// Fills a view with deterministic pseudo-random values of its element type
// (the same seed gives the same values on every machine): floats and
// complex parts uniform in [-1, 1), signed integers in [-8, 8), unsigned in
// [0, 16), booleans true or false; sub-byte types within their range.
void cx_buffer_view_fill_random(cx_buffer_view_t* view, uint64_t seed);

// Compares `actual` with `expected` as cxla's differential tests compare
// compiled results with the interpreter's: same element type and dims;
// integers and booleans equal; floats (and complex parts) equal, both NaN,
// within max_ulps units in the last place (4 for f64 and f32, 1 for the
// narrower formats), or within a tolerance relative to the largest magnitude
// in `expected` (1e-12 for f64, 1e-5 for f32, 1e-2 for f16/bf16, 0.125 for
// the f8/f6/f4 formats), which absorbs the different rounding of sums
// computed in another order. Returns true if they match; otherwise writes
// the first difference into `why` (may be NULL).
bool cx_buffer_view_close(const cx_buffer_view_t* actual, const cx_buffer_view_t* expected,
                          char* why, size_t why_size);

#ifdef __cplusplus
}
#endif
#endif  // CXLA_BUFFER_H_

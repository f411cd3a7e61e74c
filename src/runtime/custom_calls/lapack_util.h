// Shared pieces of the LAPACK/BLAS targets (internal to
// src/runtime/custom_calls): batched-matrix operands, LAPACK's 32-bit
// integers, workspace queries.
//
// The targets call LAPACKE's column-major `_work` functions: they pass
// straight through to the Fortran routines (no NaN scan, no transposition,
// caller-provided workspace), which is what jaxlib calls, so results match
// jaxlib's on the same LAPACK.
#ifndef CXLA_RUNTIME_CUSTOM_CALLS_LAPACK_UTIL_H_
#define CXLA_RUNTIME_CUSTOM_CALLS_LAPACK_UTIL_H_

#include <lapacke.h>
#include <stdbool.h>
#include <stdint.h>

#include "cxla/allocator.h"
#include "runtime/custom_calls/custom_call.h"

// jaxlib's LAPACK integers (pivots, info) are i32 buffers written in place.
_Static_assert(sizeof(lapack_int) == sizeof(int32_t), "cxla expects LAPACK with 32-bit integers");

// Operand i read as a batch of matrices: dims [batch..., rows, cols], the
// batch dims major, each matrix column-major.
typedef struct cx_rt_lapack_matrix {
  uint32_t nb;           // number of batch dims
  const int64_t* batch;  // the batch dims
  int64_t count;         // product of the batch dims
  lapack_int rows;
  lapack_int cols;
  int64_t size;  // rows * cols: elements per matrix
} cx_rt_lapack_matrix_t;

// Checks operand i (element type: the target's; rank >= 2; square if asked;
// sizes within LAPACK's integers) and describes it.
CX_MUST_USE cx_status_t cx_rt_lapack_matrix(const cx_rt_cc_call_t* c, uint32_t i, bool square,
                                            cx_rt_lapack_matrix_t* out);
// Checked conversion to lapack_int.
CX_MUST_USE cx_status_t cx_rt_lapack_int(const cx_rt_cc_call_t* c, int64_t v, const char* what,
                                         lapack_int* out);

// Is b a vector of `len` per matrix of m (m's batch dims, then len)?
bool cx_rt_lapack_is_batched_vector(const cx_rt_cc_buffer_t* b, const cx_rt_lapack_matrix_t* m,
                                    int64_t len);

// Result i must be a batch of `ntail` trailing dims (d0, d1) of type elem
// over the matrix's batch dims.
CX_MUST_USE cx_status_t cx_rt_lapack_expect_batched(const cx_rt_cc_call_t* c, uint32_t i,
                                                    const cx_rt_lapack_matrix_t* m, cx_elem_t elem,
                                                    int ntail, int64_t d0, int64_t d1);

// False when a batch leaves LAPACK nothing to do (no matrices, or size
// n == 0), after setting its info entries (if info is given) to 0.
static inline bool cx_rt_lapack_has_work(int32_t* info, int64_t count, int64_t n) {
  if (n != 0 && count != 0) return true;
  for (int64_t b = 0; info && b < count; b++) info[b] = 0;
  return false;
}

// The optimal size a workspace query left in work[0] (its real part), at
// least `min`.
lapack_int cx_rt_lapack_query_size(cx_elem_t e, const void* work0, lapack_int min);
// Fortran's info from LAPACKE's column-major `_work` wrappers, which shift
// negative values by one for their extra layout argument.
static inline lapack_int cx_rt_lapack_info(lapack_int info) {
  return info < 0 ? info + 1 : info;
}
// n elements of type e (at least one, so LAPACK never sees NULL), zeroed;
// NULL if out of memory. Free with cx_rt_lapack_free. Workspaces come from
// the system allocator: a target call has no allocator of its own.
void* cx_rt_lapack_alloc(cx_elem_t e, int64_t n);
static inline void cx_rt_lapack_free(void* p) {
  cx_free(cx_allocator_system(), p);
}
// Pointer to element n of an array of type e.
static inline void* cx_rt_lapack_at(void* p, cx_elem_t e, int64_t n) {
  return (char*)p + (size_t)n * cx_rt_cc_elem_size(e);
}
static inline lapack_int cx_rt_lapack_min(lapack_int a, lapack_int b) {
  return a < b ? a : b;
}
static inline lapack_int cx_rt_lapack_max(lapack_int a, lapack_int b) {
  return a > b ? a : b;
}

// The LAPACK target for operand 0's element type: lapack_<s|d><real_name>_ffi
// or lapack_<c|z><complex_name>_ffi (for targets named once for every type,
// as the GPU and TPU ones are). Other element types are an error.
CX_MUST_USE cx_status_t cx_rt_lapack_target_for(const cx_rt_cc_call_t* c, const char* real_name,
                                                const char* complex_name,
                                                const cx_rt_cc_target_t** out);

// Does an array of n elements of type e hold only finite values?
bool cx_rt_lapack_all_finite(cx_elem_t e, const void* p, int64_t n);

// The four element types of a LAPACK routine family, in the s, d, c, z order
// of its names.
#define CX_RT_LAPACK_S CX_ELEM_F32
#define CX_RT_LAPACK_D CX_ELEM_F64
#define CX_RT_LAPACK_C CX_ELEM_C64
#define CX_RT_LAPACK_Z CX_ELEM_C128

// The four rows of a routine family's target table: <prefix>_<s|d><real>_ffi
// and <prefix>_<c|z><cplx>_ffi ("lapack", "sytrd", "hetrd"), all prepared
// and executed by the same functions.
#define CX_RT_LAPACK_TARGETS(prefix, real, cplx, prepare, execute)             \
  {prefix "_s" real "_ffi", CX_RT_LAPACK_S, prepare, execute, false},          \
      {prefix "_d" real "_ffi", CX_RT_LAPACK_D, prepare, execute, false},      \
      {prefix "_c" cplx "_ffi", CX_RT_LAPACK_C, prepare, execute, false},      \
      {prefix "_z" cplx "_ffi", CX_RT_LAPACK_Z, prepare, execute, false}

#endif  // CXLA_RUNTIME_CUSTOM_CALLS_LAPACK_UTIL_H_

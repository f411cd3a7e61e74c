// Parameter records of the linear-algebra routines CHOLESKY and
// TRIANGULAR_SOLVE (routine_linalg.c), which compile stablehlo.cholesky and
// stablehlo.triangular_solve. Plain fields only, as every record of
// routines.h.
//
// Both compute in double (complex double) with the interpreter's own
// operation order (interp/eval_linalg.c) and round once to the element
// type, so compiled results agree with the interpreter's to the rounding of
// the result. Every real or complex float element type is accepted; the
// work arrays are a scratch binding the compiler sizes with
// cx_rt_linalg_scratch_bytes, so a call allocates nothing.
#ifndef CXLA_RUNTIME_ROUTINE_LINALG_H_
#define CXLA_RUNTIME_ROUTINE_LINALG_H_

#include <stdint.h>

#include "runtime/routines.h"

// CHOLESKY: bindings[0] the operand, bindings[1] the result (both `batch`
// row-major n x n matrices of `elem`), bindings[2] scratch: n * n work
// values per matrix factored at once, at least one matrix's
// (cx_rt_cholesky_work_matrices; with k of them, up to k matrices of a
// batch run on k threads). Reads only the lower (or upper) triangle of each
// matrix; writes the factor there and zeros in the other triangle, or NaN
// in every element (real and imaginary parts) of a matrix that is not
// numerically positive definite, as the interpreter does (the spec leaves
// those results implementation-defined). The result is the same on any
// number of threads. Packing space for the blocked real factorization
// comes from the call's kernel context (slots 0 and 1, per thread).
typedef struct cx_rt_cholesky_params {
  int32_t elem;    // cx_elem_t
  uint32_t lower;  // 1: A = L L^H, L lower; 0: A = U^H U, U upper
  int64_t batch;   // matrices
  int64_t n;
} cx_rt_cholesky_params_t;

// TRIANGULAR_SOLVE: solves op(A) X = B (left_side) or X op(A) = B for each
// matrix of the batch. bindings[0] a (`batch` m x m), bindings[1] b
// (`batch` rows x cols), bindings[2] the result (as b), bindings[3]
// scratch; a, b and the result have element type `elem`. Only the triangle
// of A that `lower` names is read, and not its diagonal when
// unit_diagonal (then taken as 1).
typedef enum cx_rt_linalg_transpose {
  CX_RT_LINALG_NO_TRANSPOSE,
  CX_RT_LINALG_TRANSPOSE,
  CX_RT_LINALG_ADJOINT,
} cx_rt_linalg_transpose_t;

typedef struct cx_rt_triangular_solve_params {
  int32_t elem;  // cx_elem_t
  uint32_t left_side;
  uint32_t lower;
  uint32_t unit_diagonal;
  uint32_t transpose_a;  // cx_rt_linalg_transpose_t
  uint32_t reserved;
  int64_t batch;  // matrices
  int64_t m;      // A is m x m; m is rows (left_side) or cols
  int64_t rows, cols;
} cx_rt_triangular_solve_params_t;

// Bytes of the scratch binding: `values` work values (doubles, or complex
// doubles for complex element types).
static inline uint64_t cx_rt_linalg_scratch_bytes(int is_complex, uint64_t values) {
  return values * (is_complex ? 2 : 1) * sizeof(double);
}

// Work matrices (n * n work values each) of CHOLESKY's scratch binding: one
// per matrix of the batch, up to 16 and 64 MiB, at least one. The routine
// factors that many matrices at once on the call's threads (it reads the
// count from the binding's size, so any binding of at least one fits).
static inline uint64_t cx_rt_cholesky_work_matrices(int is_complex, uint64_t batch, uint64_t n) {
  uint64_t each = cx_rt_linalg_scratch_bytes(is_complex, n * n);
  uint64_t m = batch < 16 ? batch : 16;
  while (m > 1 && m * each > ((uint64_t)64 << 20)) m--;
  return m ? m : 1;
}

#endif  // CXLA_RUNTIME_ROUTINE_LINALG_H_

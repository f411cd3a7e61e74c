// LU factorization with partial pivoting: jaxlib's lapack_{s,d,c,z}getrf_ffi.
//
//   operands: x [batch..., m, n]
//   results:  x_out [batch..., m, n] (L below the diagonal, unit diagonal
//             implied, U on and above), ipiv [batch..., min(m, n)] i32
//             (1-based row swaps, as LAPACK returns them; JAX subtracts one),
//             info [batch...] i32 (> 0: U is exactly singular)
#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int getrf(cx_elem_t e, lapack_int m, lapack_int n, void* a, lapack_int lda,
                        lapack_int* ipiv) {
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_sgetrf_work(LAPACK_COL_MAJOR, m, n, a, lda, ipiv);
    case CX_ELEM_F64:
      return LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, m, n, a, lda, ipiv);
    case CX_ELEM_C64:
      return LAPACKE_cgetrf_work(LAPACK_COL_MAJOR, m, n, a, lda, ipiv);
    default:
      return LAPACKE_zgetrf_work(LAPACK_COL_MAJOR, m, n, a, lda, ipiv);
  }
}

static cx_status_t getrf_check(const cx_rt_cc_call_t* c, cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 3, 3));
  return cx_rt_lapack_matrix(c, 0, false, m);
}

static cx_status_t getrf_prepare(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(getrf_check(c, &m));
  cx_elem_t e = c->target->elem;
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, e, 2, m.rows, m.cols));
  CX_RETURN_IF_ERROR(
      cx_rt_lapack_expect_batched(c, 1, &m, CX_ELEM_SI32, 1, cx_rt_lapack_min(m.rows, m.cols), 0));
  return cx_rt_lapack_expect_batched(c, 2, &m, CX_ELEM_SI32, 0, 0, 0);
}

static cx_status_t getrf_execute(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(getrf_check(c, &m));
  cx_elem_t e = c->target->elem;
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  lapack_int k = cx_rt_lapack_min(m.rows, m.cols);
  int32_t* ipiv = c->results[1].data;
  int32_t* info = c->results[2].data;
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    info[b] = k == 0 ? 0 : cx_rt_lapack_info(getrf(e, m.rows, m.cols, a, m.rows, ipiv + b * k));
  }
  return NULL;
}

CX_RT_CC_FAMILY(lu, CX_RT_LAPACK_TARGETS("lapack", "getrf", "getrf", getrf_prepare, getrf_execute));

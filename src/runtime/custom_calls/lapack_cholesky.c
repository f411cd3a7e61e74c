// Cholesky factorization: jaxlib's lapack_{s,d,c,z}potrf_ffi.
//
//   operands: x [batch..., n, n]
//   attrs:    uplo ('L' or 'U', ui8): which triangle to factor and write
//   results:  x_out [batch..., n, n] (x with that triangle replaced by the
//             factor; the other triangle keeps x's values), info [batch...] i32
//
// LAPACK's info > 0 (not positive definite) is a result, not an error; JAX
// turns it into NaNs.
#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int potrf(cx_elem_t e, char uplo, lapack_int n, void* a, lapack_int lda) {
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_spotrf_work(LAPACK_COL_MAJOR, uplo, n, a, lda);
    case CX_ELEM_F64:
      return LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, uplo, n, a, lda);
    case CX_ELEM_C64:
      return LAPACKE_cpotrf_work(LAPACK_COL_MAJOR, uplo, n, a, lda);
    default:
      return LAPACKE_zpotrf_work(LAPACK_COL_MAJOR, uplo, n, a, lda);
  }
}

static cx_status_t potrf_check(const cx_rt_cc_call_t* c, char* uplo, cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 2, 2));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "uplo", "LU", uplo));
  return cx_rt_lapack_matrix(c, 0, true, m);
}

static cx_status_t potrf_prepare(const cx_rt_cc_call_t* c) {
  char uplo;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(potrf_check(c, &uplo, &m));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, c->target->elem, 2, m.rows, m.cols));
  return cx_rt_lapack_expect_batched(c, 1, &m, CX_ELEM_SI32, 0, 0, 0);
}

static cx_status_t potrf_execute(const cx_rt_cc_call_t* c) {
  char uplo;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(potrf_check(c, &uplo, &m));
  cx_elem_t e = c->target->elem;
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  int32_t* info = c->results[1].data;
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    // An empty matrix is trivially factored; LAPACK would reject lda = 0.
    info[b] = m.rows == 0 ? 0 : cx_rt_lapack_info(potrf(e, uplo, m.rows, a, m.rows));
  }
  return NULL;
}

CX_RT_CC_FAMILY(cholesky,
    CX_RT_LAPACK_TARGETS("lapack", "potrf", "potrf", potrf_prepare, potrf_execute));

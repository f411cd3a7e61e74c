// Reduction of a symmetric / Hermitian matrix to tridiagonal form: jaxlib's
// lapack_{s,d}sytrd_ffi and lapack_{c,z}hetrd_ffi.
//
//   operands: x [batch..., n, n]
//   attrs:    uplo ('L'/'U', ui8): the triangle that holds the matrix
//   results:  x_out [batch..., n, n] (the tridiagonal matrix and, in the
//             chosen triangle, the Householder vectors), d [batch..., n] real
//             (diagonal), e [batch..., n - 1] real (off-diagonal),
//             tau [batch..., n - 1], info [batch...] i32
#include <stdlib.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int trd(cx_elem_t e, char uplo, lapack_int n, void* a, void* d, void* off, void* tau,
                      void* work, lapack_int lwork) {
  lapack_int lda = cx_rt_lapack_max(1, n);
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_ssytrd_work(LAPACK_COL_MAJOR, uplo, n, a, lda, d, off, tau, work, lwork);
    case CX_ELEM_F64:
      return LAPACKE_dsytrd_work(LAPACK_COL_MAJOR, uplo, n, a, lda, d, off, tau, work, lwork);
    case CX_ELEM_C64:
      return LAPACKE_chetrd_work(LAPACK_COL_MAJOR, uplo, n, a, lda, d, off, tau, work, lwork);
    default:
      return LAPACKE_zhetrd_work(LAPACK_COL_MAJOR, uplo, n, a, lda, d, off, tau, work, lwork);
  }
}

static cx_status_t trd_check(const cx_rt_cc_call_t* c, char* uplo, cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 5, 5));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "uplo", "LU", uplo));
  return cx_rt_lapack_matrix(c, 0, true, m);
}

static cx_status_t trd_prepare(const cx_rt_cc_call_t* c) {
  char uplo;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(trd_check(c, &uplo, &m));
  cx_elem_t e = c->target->elem, re = cx_rt_cc_real_elem(e);
  lapack_int n1 = cx_rt_lapack_max(0, m.rows - 1);
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, e, 2, m.rows, m.rows));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 1, &m, re, 1, m.rows, 0));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 2, &m, re, 1, n1, 0));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 3, &m, e, 1, n1, 0));
  return cx_rt_lapack_expect_batched(c, 4, &m, CX_ELEM_SI32, 0, 0, 0);
}

static cx_status_t trd_execute(const cx_rt_cc_call_t* c) {
  char uplo;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(trd_check(c, &uplo, &m));
  cx_elem_t e = c->target->elem, re = cx_rt_cc_real_elem(e);
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  int32_t* info = c->results[4].data;
  lapack_int n = m.rows;
  if (!cx_rt_lapack_has_work(info, m.count, n)) return NULL;
  double query[2] = {0, 0};  // room for one element of any type
  trd(e, uplo, n, NULL, NULL, NULL, NULL, (void*)query, -1);
  lapack_int lwork = cx_rt_lapack_query_size(e, query, 1);
  void* work = cx_rt_lapack_alloc(e, lwork);
  // For n == 1 LAPACK writes no off-diagonal or tau element.
  void* dummy = cx_rt_lapack_alloc(e, 1);
  if (!work || !dummy) {
    cx_rt_lapack_free(work);
    cx_rt_lapack_free(dummy);
    return CX_OOM();
  }
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    void* d = cx_rt_lapack_at(c->results[1].data, re, b * n);
    void* off = n > 1 ? cx_rt_lapack_at(c->results[2].data, re, b * (n - 1)) : dummy;
    void* tau = n > 1 ? cx_rt_lapack_at(c->results[3].data, e, b * (n - 1)) : dummy;
    info[b] = cx_rt_lapack_info(trd(e, uplo, n, a, d, off, tau, work, lwork));
  }
  cx_rt_lapack_free(work);
  cx_rt_lapack_free(dummy);
  return NULL;
}

CX_RT_CC_FAMILY(tridiagonal,
    CX_RT_LAPACK_TARGETS("lapack", "sytrd", "hetrd", trd_prepare, trd_execute));

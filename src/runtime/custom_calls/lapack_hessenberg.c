// Hessenberg reduction: jaxlib's lapack_{s,d,c,z}gehrd_ffi.
//
//   operands: x [batch..., n, n]
//   attrs:    low, high (i32): LAPACK's 1-based ilo and ihi (JAX passes 1
//             and n); LAPACK needs 1 <= low <= max(1, n), min(low, n) <=
//             high <= n
//   results:  x_out [batch..., n, n] (upper Hessenberg H on and above the
//             first subdiagonal, the Householder vectors below it),
//             tau [batch..., n - 1], info [batch...] i32
#include <stdlib.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int gehrd(cx_elem_t e, lapack_int n, lapack_int ilo, lapack_int ihi, void* a,
                        void* tau, void* work, lapack_int lwork) {
  lapack_int lda = cx_rt_lapack_max(1, n);
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_sgehrd_work(LAPACK_COL_MAJOR, n, ilo, ihi, a, lda, tau, work, lwork);
    case CX_ELEM_F64:
      return LAPACKE_dgehrd_work(LAPACK_COL_MAJOR, n, ilo, ihi, a, lda, tau, work, lwork);
    case CX_ELEM_C64:
      return LAPACKE_cgehrd_work(LAPACK_COL_MAJOR, n, ilo, ihi, a, lda, tau, work, lwork);
    default:
      return LAPACKE_zgehrd_work(LAPACK_COL_MAJOR, n, ilo, ihi, a, lda, tau, work, lwork);
  }
}

static cx_status_t gehrd_check(const cx_rt_cc_call_t* c, int32_t* low, int32_t* high,
                               cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 3, 3));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_i32(c, "low", low));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_i32(c, "high", high));
  CX_RETURN_IF_ERROR(cx_rt_lapack_matrix(c, 0, true, m));
  lapack_int n = m->rows;
  if (*low < 1 || *low > cx_rt_lapack_max(1, n) || *high < cx_rt_lapack_min(*low, n) || *high > n)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "needs 1 <= low <= max(1, n) and min(low, n) <= high <= n; got low = %d, "
                          "high = %d, n = %d",
                          (int)*low, (int)*high, (int)n);
  return NULL;
}

static cx_status_t gehrd_prepare(const cx_rt_cc_call_t* c) {
  int32_t low, high;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(gehrd_check(c, &low, &high, &m));
  cx_elem_t e = c->target->elem;
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, e, 2, m.rows, m.rows));
  CX_RETURN_IF_ERROR(
      cx_rt_lapack_expect_batched(c, 1, &m, e, 1, cx_rt_lapack_max(0, m.rows - 1), 0));
  return cx_rt_lapack_expect_batched(c, 2, &m, CX_ELEM_SI32, 0, 0, 0);
}

static cx_status_t gehrd_execute(const cx_rt_cc_call_t* c) {
  int32_t low, high;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(gehrd_check(c, &low, &high, &m));
  cx_elem_t e = c->target->elem;
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  int32_t* info = c->results[2].data;
  lapack_int n = m.rows;
  if (!cx_rt_lapack_has_work(info, m.count, n)) return NULL;
  double query[2] = {0, 0};  // room for one element of any type
  gehrd(e, n, low, high, NULL, NULL, (void*)query, -1);
  lapack_int lwork = cx_rt_lapack_query_size(e, query, n);
  void* work = cx_rt_lapack_alloc(e, lwork);
  // LAPACK writes tau[0..n-2]; for n == 1 there is nothing to write.
  void* tau_dummy = cx_rt_lapack_alloc(e, 1);
  if (!work || !tau_dummy) {
    cx_rt_lapack_free(work);
    cx_rt_lapack_free(tau_dummy);
    return CX_OOM();
  }
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    void* tau = n > 1 ? cx_rt_lapack_at(c->results[1].data, e, b * (n - 1)) : tau_dummy;
    info[b] = cx_rt_lapack_info(gehrd(e, n, low, high, a, tau, work, lwork));
  }
  cx_rt_lapack_free(work);
  cx_rt_lapack_free(tau_dummy);
  return NULL;
}

CX_RT_CC_FAMILY(hessenberg,
    CX_RT_LAPACK_TARGETS("lapack", "gehrd", "gehrd", gehrd_prepare, gehrd_execute));

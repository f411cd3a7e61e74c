// QR factorization: jaxlib's lapack_{s,d,c,z}geqrf_ffi, and the orthogonal
// factor from it: lapack_{s,d}orgqr_ffi / lapack_{c,z}ungqr_ffi.
//
// geqrf   operands: x [batch..., m, n]
//         results:  x_out [batch..., m, n] (R on and above the diagonal, the
//                   Householder vectors below), tau [batch..., min(m, n)]
//         JAX's exports before 2025 add info [batch...] i32 and a workspace
//         [lwork]; both forms are accepted (the workspace is ours, the result
//         is left zero).
// geqp3   (QR with column pivoting: lapack_{s,d,c,z}geqp3_ffi)
//         operands: x [batch..., m, n], jpvt [batch..., n] i32 (LAPACK only
//                   tests each entry for non-zero: those columns are moved to
//                   the front first; JAX passes zeros)
//         results:  x_out as geqrf's, jpvt_out [batch..., n] i32 (1-based:
//                   column j of A P is column jpvt_out[j] of A), tau
// orgqr   operands: x [batch..., m, n] (geqrf's x_out, padded to n columns),
//                   tau [batch..., k]
//         results:  x_out [batch..., m, n]: the first n columns of Q
//         (older exports: x_out, info [batch...] i32, workspace [lwork]).
//         LAPACK needs m >= n >= k.
#include <stdlib.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int geqrf(cx_elem_t e, lapack_int m, lapack_int n, void* a, lapack_int lda, void* tau,
                        void* work, lapack_int lwork) {
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_sgeqrf_work(LAPACK_COL_MAJOR, m, n, a, lda, tau, work, lwork);
    case CX_ELEM_F64:
      return LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, n, a, lda, tau, work, lwork);
    case CX_ELEM_C64:
      return LAPACKE_cgeqrf_work(LAPACK_COL_MAJOR, m, n, a, lda, tau, work, lwork);
    default:
      return LAPACKE_zgeqrf_work(LAPACK_COL_MAJOR, m, n, a, lda, tau, work, lwork);
  }
}

static lapack_int orgqr(cx_elem_t e, lapack_int m, lapack_int n, lapack_int k, void* a,
                        lapack_int lda, const void* tau, void* work, lapack_int lwork) {
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_sorgqr_work(LAPACK_COL_MAJOR, m, n, k, a, lda, tau, work, lwork);
    case CX_ELEM_F64:
      return LAPACKE_dorgqr_work(LAPACK_COL_MAJOR, m, n, k, a, lda, tau, work, lwork);
    case CX_ELEM_C64:
      return LAPACKE_cungqr_work(LAPACK_COL_MAJOR, m, n, k, a, lda, tau, work, lwork);
    default:
      return LAPACKE_zungqr_work(LAPACK_COL_MAJOR, m, n, k, a, lda, tau, work, lwork);
  }
}

// A workspace result of the older exports: any 1-D buffer of the type.
static cx_status_t expect_workspace(const cx_rt_cc_call_t* c, uint32_t i) {
  const cx_rt_cc_buffer_t* r = &c->results[i];
  int64_t n = r->rank == 1 && r->dims[0] != CX_RT_CC_DYNAMIC_DIM ? r->dims[0] : 1;
  return cx_rt_cc_expect_result(c, i, c->target->elem, 1, &n);
}

// ---- geqrf ----------------------------------------------------------------------------

static cx_status_t geqrf_check(const cx_rt_cc_call_t* c, cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 2, 4));
  if (c->num_results == 3)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "expects 2 results (x, tau) or 4 (x, tau, info, workspace), got 3");
  return cx_rt_lapack_matrix(c, 0, false, m);
}

static cx_status_t geqrf_prepare(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(geqrf_check(c, &m));
  cx_elem_t e = c->target->elem;
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, e, 2, m.rows, m.cols));
  CX_RETURN_IF_ERROR(
      cx_rt_lapack_expect_batched(c, 1, &m, e, 1, cx_rt_lapack_min(m.rows, m.cols), 0));
  if (c->num_results == 4) {
    CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 2, &m, CX_ELEM_SI32, 0, 0, 0));
    CX_RETURN_IF_ERROR(expect_workspace(c, 3));
  }
  return NULL;
}

static cx_status_t geqrf_execute(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(geqrf_check(c, &m));
  cx_elem_t e = c->target->elem;
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  lapack_int k = cx_rt_lapack_min(m.rows, m.cols);
  int32_t* info = c->num_results == 4 ? c->results[2].data : NULL;
  if (!cx_rt_lapack_has_work(info, m.count, k)) return NULL;
  lapack_int lda = m.rows;
  double query[2] = {0, 0};  // room for one element of any type
  geqrf(e, m.rows, m.cols, NULL, lda, NULL, (void*)query, -1);
  lapack_int lwork = cx_rt_lapack_query_size(e, query, cx_rt_lapack_max(1, m.cols));
  void* work = cx_rt_lapack_alloc(e, lwork);
  if (!work) return CX_OOM();
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    void* tau = cx_rt_lapack_at(c->results[1].data, e, b * k);
    lapack_int r = cx_rt_lapack_info(geqrf(e, m.rows, m.cols, a, lda, tau, work, lwork));
    if (info) info[b] = r;
  }
  cx_rt_lapack_free(work);
  return NULL;
}

// ---- geqp3 -------------------------------------------------------------------------------

static lapack_int geqp3(cx_elem_t e, lapack_int m, lapack_int n, void* a, lapack_int lda,
                        lapack_int* jpvt, void* tau, void* work, lapack_int lwork, void* rwork) {
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_sgeqp3_work(LAPACK_COL_MAJOR, m, n, a, lda, jpvt, tau, work, lwork);
    case CX_ELEM_F64:
      return LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, m, n, a, lda, jpvt, tau, work, lwork);
    case CX_ELEM_C64:
      return LAPACKE_cgeqp3_work(LAPACK_COL_MAJOR, m, n, a, lda, jpvt, tau, work, lwork, rwork);
    default:
      return LAPACKE_zgeqp3_work(LAPACK_COL_MAJOR, m, n, a, lda, jpvt, tau, work, lwork, rwork);
  }
}

static cx_status_t geqp3_check(const cx_rt_cc_call_t* c, cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 2, 3, 3));
  CX_RETURN_IF_ERROR(cx_rt_lapack_matrix(c, 0, false, m));
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_operand(c, 1, CX_ELEM_SI32, 1));
  if (!cx_rt_lapack_is_batched_vector(&c->operands[1], m, m->cols))
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "jpvt must have x's batch dims followed by %d (x's columns)",
                          (int)m->cols);
  return NULL;
}

static cx_status_t geqp3_prepare(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(geqp3_check(c, &m));
  cx_elem_t e = c->target->elem;
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, e, 2, m.rows, m.cols));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 1, &m, CX_ELEM_SI32, 1, m.cols, 0));
  return cx_rt_lapack_expect_batched(c, 2, &m, e, 1, cx_rt_lapack_min(m.rows, m.cols), 0);
}

static cx_status_t geqp3_execute(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(geqp3_check(c, &m));
  cx_elem_t e = c->target->elem;
  bool cplx = e == CX_ELEM_C64 || e == CX_ELEM_C128;
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  cx_rt_cc_copy_if_distinct(&c->operands[1], &c->results[1]);
  lapack_int k = cx_rt_lapack_min(m.rows, m.cols);
  if (k == 0 || m.count == 0) return NULL;
  lapack_int lda = m.rows;
  void* rwork = cplx ? cx_rt_lapack_alloc(cx_rt_cc_real_elem(e), 2 * (int64_t)m.cols) : NULL;
  if (cplx && !rwork) return CX_OOM();
  double query[2] = {0, 0};  // room for one element of any type
  geqp3(e, m.rows, m.cols, NULL, lda, NULL, NULL, (void*)query, -1, rwork);
  lapack_int lwork = cx_rt_lapack_query_size(e, query, 3 * m.cols + 1);
  void* work = cx_rt_lapack_alloc(e, lwork);
  if (!work) {
    cx_rt_lapack_free(rwork);
    return CX_OOM();
  }
  int32_t* jpvt = c->results[1].data;
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    void* tau = cx_rt_lapack_at(c->results[2].data, e, b * k);
    geqp3(e, m.rows, m.cols, a, lda, jpvt + b * m.cols, tau, work, lwork, rwork);
  }
  cx_rt_lapack_free(work);
  cx_rt_lapack_free(rwork);
  return NULL;
}

// ---- orgqr / ungqr -------------------------------------------------------------------

static cx_status_t orgqr_check(const cx_rt_cc_call_t* c, cx_rt_lapack_matrix_t* m, lapack_int* k) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 2, 1, 3));
  if (c->num_results == 2)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "expects 1 result (x) or 3 (x, info, workspace), got 2");
  CX_RETURN_IF_ERROR(cx_rt_lapack_matrix(c, 0, false, m));
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_operand(c, 1, c->target->elem, 1));
  const cx_rt_cc_buffer_t* tau = &c->operands[1];
  if (tau->rank != m->nb + 1)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "tau must have rank %u, got %u", m->nb + 1,
                          tau->rank);
  for (uint32_t d = 0; d < m->nb; d++)
    if (tau->dims[d] != m->batch[d])
      return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "tau's batch dims must match x's");
  CX_RETURN_IF_ERROR(cx_rt_lapack_int(c, tau->dims[m->nb], "k", k));
  if (m->rows < m->cols || m->cols < *k)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "needs rows >= columns >= reflectors, got %d, %d and %d", (int)m->rows,
                          (int)m->cols, (int)*k);
  return NULL;
}

static cx_status_t orgqr_prepare(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  lapack_int k;
  CX_RETURN_IF_ERROR(orgqr_check(c, &m, &k));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, c->target->elem, 2, m.rows, m.cols));
  if (c->num_results == 3) {
    CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 1, &m, CX_ELEM_SI32, 0, 0, 0));
    CX_RETURN_IF_ERROR(expect_workspace(c, 2));
  }
  return NULL;
}

static cx_status_t orgqr_execute(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  lapack_int k;
  CX_RETURN_IF_ERROR(orgqr_check(c, &m, &k));
  cx_elem_t e = c->target->elem;
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  int32_t* info = c->num_results == 3 ? c->results[1].data : NULL;
  if (!cx_rt_lapack_has_work(info, m.count, m.cols)) return NULL;
  lapack_int lda = m.rows;
  double query[2] = {0, 0};  // room for one element of any type
  orgqr(e, m.rows, m.cols, k, NULL, lda, NULL, (void*)query, -1);
  lapack_int lwork = cx_rt_lapack_query_size(e, query, cx_rt_lapack_max(1, m.cols));
  void* work = cx_rt_lapack_alloc(e, lwork);
  if (!work) return CX_OOM();
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    const void* tau = cx_rt_lapack_at(c->operands[1].data, e, b * k);
    lapack_int r = cx_rt_lapack_info(orgqr(e, m.rows, m.cols, k, a, lda, tau, work, lwork));
    if (info) info[b] = r;
  }
  cx_rt_lapack_free(work);
  return NULL;
}

CX_RT_CC_FAMILY(qr,
    CX_RT_LAPACK_TARGETS("lapack", "geqrf", "geqrf", geqrf_prepare, geqrf_execute),
    CX_RT_LAPACK_TARGETS("lapack", "geqp3", "geqp3", geqp3_prepare, geqp3_execute),
    CX_RT_LAPACK_TARGETS("lapack", "orgqr", "ungqr", orgqr_prepare, orgqr_execute));

// Singular value decomposition (divide and conquer): jaxlib's
// lapack_{s,d,c,z}gesdd_ffi.
//
//   operands: x [batch..., m, n]
//   attrs:    mode (ui8): 'A' full U [m, m] and VT [n, n]; 'S' thin U [m, k]
//             and VT [k, n] (k = min(m, n)); 'N' singular values only (U and
//             VT are left as declared, unwritten); 'O' is not supported (nor
//             is it by jaxlib)
//   results:  x_out [batch..., m, n] (x destroyed), s [batch..., k] real,
//             descending, u [batch..., m, ucols], vt [batch..., vrows, n],
//             info [batch...] i32 (> 0: no convergence)
#include <stdlib.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int gesdd(cx_elem_t e, char mode, lapack_int m, lapack_int n, void* a, void* s,
                        void* u, lapack_int ldu, void* vt, lapack_int ldvt, void* work,
                        lapack_int lwork, void* rwork, lapack_int* iwork) {
  lapack_int lda = cx_rt_lapack_max(1, m);
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_sgesdd_work(LAPACK_COL_MAJOR, mode, m, n, a, lda, s, u, ldu, vt, ldvt, work,
                                 lwork, iwork);
    case CX_ELEM_F64:
      return LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, mode, m, n, a, lda, s, u, ldu, vt, ldvt, work,
                                 lwork, iwork);
    case CX_ELEM_C64:
      return LAPACKE_cgesdd_work(LAPACK_COL_MAJOR, mode, m, n, a, lda, s, u, ldu, vt, ldvt, work,
                                 lwork, rwork, iwork);
    default:
      return LAPACKE_zgesdd_work(LAPACK_COL_MAJOR, mode, m, n, a, lda, s, u, ldu, vt, ldvt, work,
                                 lwork, rwork, iwork);
  }
}

static cx_status_t svd_check(const cx_rt_cc_call_t* c, char* mode, cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 5, 5));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "mode", "ASNO", mode));
  if (*mode == 'O')
    return cx_rt_cc_error(c, CX_UNIMPLEMENTED, "mode 'O' (overwrite x with U) is not supported");
  CX_RETURN_IF_ERROR(cx_rt_lapack_matrix(c, 0, false, m));
  // rwork grows as 5 min(m,n)^2; keep it within LAPACK's integers.
  if (cx_rt_lapack_min(m->rows, m->cols) > 20000 ||
      (int64_t)cx_rt_lapack_min(m->rows, m->cols) * cx_rt_lapack_max(m->rows, m->cols) > 400000000)
    return cx_rt_cc_error(c, CX_OUT_OF_RANGE, "matrices of %dx%d are too large", (int)m->rows,
                          (int)m->cols);
  return NULL;
}

// The declared (or, for mode 'A'/'S', required) trailing dims of U and VT.
static void uv_dims(const cx_rt_cc_call_t* c, char mode, const cx_rt_lapack_matrix_t* m,
                    int64_t u[2], int64_t vt[2]) {
  int64_t k = cx_rt_lapack_min(m->rows, m->cols);
  u[0] = m->rows;
  u[1] = mode == 'S' ? k : m->rows;
  vt[0] = mode == 'S' ? k : m->cols;
  vt[1] = m->cols;
  if (mode != 'N') return;
  // Mode 'N' leaves U and VT unwritten: JAX declares them either way.
  const cx_rt_cc_buffer_t* ru = &c->results[2];
  const cx_rt_cc_buffer_t* rv = &c->results[3];
  for (int d = 0; d < 2; d++) {
    if (ru->rank == m->nb + 2 && ru->dims[m->nb + d] >= 0) u[d] = ru->dims[m->nb + d];
    if (rv->rank == m->nb + 2 && rv->dims[m->nb + d] >= 0) vt[d] = rv->dims[m->nb + d];
  }
}

static cx_status_t svd_prepare(const cx_rt_cc_call_t* c) {
  char mode;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(svd_check(c, &mode, &m));
  cx_elem_t e = c->target->elem;
  int64_t u[2], vt[2];
  uv_dims(c, mode, &m, u, vt);
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, e, 2, m.rows, m.cols));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 1, &m, cx_rt_cc_real_elem(e), 1,
                                                 cx_rt_lapack_min(m.rows, m.cols), 0));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 2, &m, e, 2, u[0], u[1]));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 3, &m, e, 2, vt[0], vt[1]));
  return cx_rt_lapack_expect_batched(c, 4, &m, CX_ELEM_SI32, 0, 0, 0);
}

static cx_status_t svd_execute(const cx_rt_cc_call_t* c) {
  char mode;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(svd_check(c, &mode, &m));
  cx_elem_t e = c->target->elem, re = cx_rt_cc_real_elem(e);
  bool cplx = e != re;
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  int32_t* info = c->results[4].data;
  int64_t k = cx_rt_lapack_min(m.rows, m.cols), mx = cx_rt_lapack_max(m.rows, m.cols);
  if (!cx_rt_lapack_has_work(info, m.count, k)) return NULL;
  int64_t u[2], vt[2];
  uv_dims(c, mode, &m, u, vt);
  lapack_int ldu = cx_rt_lapack_max(1, m.rows);
  lapack_int ldvt = cx_rt_lapack_max(1, (lapack_int)vt[0]);
  int64_t rwork_size = 0;
  if (cplx)
    rwork_size =
        mode == 'N' ? 7 * k
                    : (5 * k * k + 5 * k > 2 * mx * k + 2 * k * k + k ? 5 * k * k + 5 * k
                                                                      : 2 * mx * k + 2 * k * k + k);
  cx_status_t st = NULL;
  void* work = NULL;
  void* rwork = cplx ? cx_rt_lapack_alloc(re, rwork_size) : NULL;
  lapack_int* iwork = cx_rt_lapack_alloc(CX_ELEM_SI32, 8 * k);
  // Mode 'N' references neither U nor VT; LAPACK still wants valid pointers.
  void* dummy = mode == 'N' ? cx_rt_lapack_alloc(e, 1) : NULL;
  if ((cplx && !rwork) || !iwork || (mode == 'N' && !dummy)) {
    st = CX_OOM();
    goto out;
  }
  double query[2] = {0, 0};  // room for one element of any type
  gesdd(e, mode, m.rows, m.cols, NULL, NULL, NULL, ldu, NULL, ldvt, (void*)query, -1, rwork, iwork);
  lapack_int lwork = cx_rt_lapack_query_size(e, query, 1);
  work = cx_rt_lapack_alloc(e, lwork);
  if (!work) {
    st = CX_OOM();
    goto out;
  }
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    void* s = cx_rt_lapack_at(c->results[1].data, re, b * k);
    void* pu = mode == 'N' ? dummy : cx_rt_lapack_at(c->results[2].data, e, b * u[0] * u[1]);
    void* pv = mode == 'N' ? dummy : cx_rt_lapack_at(c->results[3].data, e, b * vt[0] * vt[1]);
    info[b] = cx_rt_lapack_info(
        gesdd(e, mode, m.rows, m.cols, a, s, pu, ldu, pv, ldvt, work, lwork, rwork, iwork));
  }
out:
  cx_rt_lapack_free(work);
  cx_rt_lapack_free(rwork);
  cx_rt_lapack_free(iwork);
  cx_rt_lapack_free(dummy);
  return st;
}

CX_RT_CC_FAMILY(svd, CX_RT_LAPACK_TARGETS("lapack", "gesdd", "gesdd", svd_prepare, svd_execute));

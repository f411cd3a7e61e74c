// Symmetric / Hermitian eigendecomposition (divide and conquer): jaxlib's
// lapack_{s,d}syevd_ffi and lapack_{c,z}heevd_ffi.
//
//   operands: x [batch..., n, n]
//   attrs:    uplo ('L'/'U', ui8): the triangle that holds the matrix;
//             mode ('V': eigenvectors too, 'N': eigenvalues only, ui8)
//   results:  x_out [batch..., n, n] (mode 'V': the orthonormal eigenvectors
//             as columns; 'N': x destroyed), w [batch..., n] real, ascending,
//             info [batch...] i32 (> 0: no convergence)
//
// Workspaces have the sizes jaxlib gives (LAPACK's documented minimums), not
// a query's optimum, so LAPACK takes the same code paths as under JAX.
#include <stdlib.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

typedef struct work_sizes {
  int64_t work, rwork, iwork;
} work_sizes_t;

static work_sizes_t sizes_for(cx_elem_t e, char mode, int64_t n) {
  bool vectors = mode == 'V';
  work_sizes_t s;
  if (e == CX_ELEM_F32 || e == CX_ELEM_F64) {
    s.work = vectors ? 1 + 6 * n + 2 * n * n : 2 * n + 1;
    s.rwork = 0;
  } else {
    s.work = vectors ? 2 * n + n * n : n + 1;
    s.rwork = vectors ? 1 + 5 * n + 2 * n * n : (n > 1 ? n : 1);
  }
  s.iwork = vectors ? 3 + 5 * n : 1;
  return s;
}

static lapack_int evd(cx_elem_t e, char mode, char uplo, lapack_int n, void* a, void* w, void* work,
                      lapack_int lwork, void* rwork, lapack_int lrwork, lapack_int* iwork,
                      lapack_int liwork) {
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_ssyevd_work(LAPACK_COL_MAJOR, mode, uplo, n, a, n, w, work, lwork, iwork,
                                 liwork);
    case CX_ELEM_F64:
      return LAPACKE_dsyevd_work(LAPACK_COL_MAJOR, mode, uplo, n, a, n, w, work, lwork, iwork,
                                 liwork);
    case CX_ELEM_C64:
      return LAPACKE_cheevd_work(LAPACK_COL_MAJOR, mode, uplo, n, a, n, w, work, lwork, rwork,
                                 lrwork, iwork, liwork);
    default:
      return LAPACKE_zheevd_work(LAPACK_COL_MAJOR, mode, uplo, n, a, n, w, work, lwork, rwork,
                                 lrwork, iwork, liwork);
  }
}

static cx_status_t evd_check(const cx_rt_cc_call_t* c, char* uplo, char* mode,
                             cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 3, 3));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "uplo", "LU", uplo));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "mode", "VN", mode));
  CX_RETURN_IF_ERROR(cx_rt_lapack_matrix(c, 0, true, m));
  // The workspaces grow as n^2; keep them within LAPACK's integers.
  if (m->rows > 30000)
    return cx_rt_cc_error(c, CX_OUT_OF_RANGE, "matrices of order %d are too large", (int)m->rows);
  return NULL;
}

static cx_status_t evd_prepare(const cx_rt_cc_call_t* c) {
  char uplo, mode;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(evd_check(c, &uplo, &mode, &m));
  cx_elem_t e = c->target->elem;
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 0, &m, e, 2, m.rows, m.cols));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 1, &m, cx_rt_cc_real_elem(e), 1, m.rows, 0));
  return cx_rt_lapack_expect_batched(c, 2, &m, CX_ELEM_SI32, 0, 0, 0);
}

static cx_status_t evd_execute(const cx_rt_cc_call_t* c) {
  char uplo, mode;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(evd_check(c, &uplo, &mode, &m));
  cx_elem_t e = c->target->elem, re = cx_rt_cc_real_elem(e);
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  int32_t* info = c->results[2].data;
  lapack_int n = m.rows;
  if (!cx_rt_lapack_has_work(info, m.count, n)) return NULL;
  work_sizes_t s = sizes_for(e, mode, n);
  void* work = cx_rt_lapack_alloc(e, s.work);
  void* rwork = cx_rt_lapack_alloc(re, s.rwork);
  lapack_int* iwork = cx_rt_lapack_alloc(CX_ELEM_SI32, s.iwork);
  cx_status_t st = NULL;
  if (!work || !rwork || !iwork) {
    st = CX_OOM();
    goto out;
  }
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    void* w = cx_rt_lapack_at(c->results[1].data, re, b * n);
    info[b] = cx_rt_lapack_info(evd(e, mode, uplo, n, a, w, work, (lapack_int)s.work, rwork,
                                    (lapack_int)s.rwork, iwork, (lapack_int)s.iwork));
  }
out:
  cx_rt_lapack_free(work);
  cx_rt_lapack_free(rwork);
  cx_rt_lapack_free(iwork);
  return st;
}

CX_RT_CC_FAMILY(eigh, CX_RT_LAPACK_TARGETS("lapack", "syevd", "heevd", evd_prepare, evd_execute));

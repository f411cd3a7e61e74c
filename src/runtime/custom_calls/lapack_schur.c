// Schur decomposition: jaxlib's lapack_{s,d,c,z}gees_ffi.
//
//   operands: x [batch..., n, n]
//   attrs:    mode ('V': Schur vectors too, 'N': not, ui8); sort ('N', ui8;
//             'S' would need a selection callback, which jaxlib does not
//             take either: unimplemented)
//   results (real x):    t [batch..., n, n] (quasi-triangular Schur form),
//                        vs [batch..., n, n], wr, wi [batch..., n],
//                        sdim [batch...] i32 (always 0 without sorting),
//                        info [batch...] i32
//   results (complex x): t, vs, w [batch..., n], sdim, info
#include <stdlib.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int gees(cx_elem_t e, char jobvs, lapack_int n, void* a, lapack_int* sdim, void* wr,
                       void* wi, void* vs, void* work, lapack_int lwork, void* rwork) {
  lapack_int ld = cx_rt_lapack_max(1, n);
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_sgees_work(LAPACK_COL_MAJOR, jobvs, 'N', NULL, n, a, ld, sdim, wr, wi, vs, ld,
                                work, lwork, NULL);
    case CX_ELEM_F64:
      return LAPACKE_dgees_work(LAPACK_COL_MAJOR, jobvs, 'N', NULL, n, a, ld, sdim, wr, wi, vs, ld,
                                work, lwork, NULL);
    case CX_ELEM_C64:
      return LAPACKE_cgees_work(LAPACK_COL_MAJOR, jobvs, 'N', NULL, n, a, ld, sdim, wr, vs, ld,
                                work, lwork, rwork, NULL);
    default:
      return LAPACKE_zgees_work(LAPACK_COL_MAJOR, jobvs, 'N', NULL, n, a, ld, sdim, wr, vs, ld,
                                work, lwork, rwork, NULL);
  }
}

static bool is_complex(cx_elem_t e) {
  return e == CX_ELEM_C64 || e == CX_ELEM_C128;
}

static cx_status_t gees_check(const cx_rt_cc_call_t* c, char* mode, cx_rt_lapack_matrix_t* m) {
  uint32_t nres = is_complex(c->target->elem) ? 5 : 6;
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, nres, nres));
  char sort;
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "mode", "VN", mode));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "sort", "NS", &sort));
  if (sort != 'N')
    return cx_rt_cc_error(c, CX_UNIMPLEMENTED,
                          "ordering eigenvalues on the diagonal (sort = 'S') is not supported");
  return cx_rt_lapack_matrix(c, 0, true, m);
}

static cx_status_t gees_prepare(const cx_rt_cc_call_t* c) {
  char mode;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(gees_check(c, &mode, &m));
  cx_elem_t e = c->target->elem;
  uint32_t i = 0;
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, e, 2, m.rows, m.rows));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, e, 2, m.rows, m.rows));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, e, 1, m.rows, 0));
  if (!is_complex(e)) CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, e, 1, m.rows, 0));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i++, &m, CX_ELEM_SI32, 0, 0, 0));
  return cx_rt_lapack_expect_batched(c, i, &m, CX_ELEM_SI32, 0, 0, 0);
}

static cx_status_t gees_execute(const cx_rt_cc_call_t* c) {
  char mode;
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(gees_check(c, &mode, &m));
  cx_elem_t e = c->target->elem;
  bool cplx = is_complex(e);
  cx_rt_cc_copy_if_distinct(&c->operands[0], &c->results[0]);
  lapack_int n = m.rows;
  int32_t* sdim = c->results[cplx ? 3 : 4].data;
  int32_t* info = c->results[cplx ? 4 : 5].data;
  if (n == 0 || m.count == 0) {
    for (int64_t b = 0; b < m.count; b++) sdim[b] = info[b] = 0;
    return NULL;
  }
  cx_status_t st = NULL;
  void* work = NULL;
  void* rwork = cplx ? cx_rt_lapack_alloc(cx_rt_cc_real_elem(e), n) : NULL;
  if (cplx && !rwork) return CX_OOM();
  double query[2] = {0, 0};  // room for one element of any type
  lapack_int qsdim = 0;
  gees(e, mode, n, NULL, &qsdim, NULL, NULL, NULL, (void*)query, -1, rwork);
  lapack_int lwork = cx_rt_lapack_query_size(e, query, cplx ? 2 * n : 3 * n);
  work = cx_rt_lapack_alloc(e, lwork);
  if (!work) {
    st = CX_OOM();
    goto out;
  }
  for (int64_t b = 0; b < m.count; b++) {
    void* a = cx_rt_lapack_at(c->results[0].data, e, b * m.size);
    void* vs = cx_rt_lapack_at(c->results[1].data, e, b * m.size);
    void* wr = cx_rt_lapack_at(c->results[2].data, e, b * n);
    void* wi = cplx ? NULL : cx_rt_lapack_at(c->results[3].data, e, b * n);
    info[b] = cx_rt_lapack_info(gees(e, mode, n, a, &sdim[b], wr, wi, vs, work, lwork, rwork));
  }
out:
  cx_rt_lapack_free(work);
  cx_rt_lapack_free(rwork);
  return st;
}

CX_RT_CC_FAMILY(schur, CX_RT_LAPACK_TARGETS("lapack", "gees", "gees", gees_prepare, gees_execute));

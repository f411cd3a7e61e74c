// Tridiagonal solve: jaxlib's lapack_{s,d,c,z}gtsv_ffi.
//
//   operands: dl, d, du [batch..., m] (sub-, main and super-diagonal; dl[0]
//             and du[m-1] are padding, JAX's layout of the bands),
//             b [batch..., m, nrhs]
//   results:  dl_out, d_out, du_out [batch..., m] (LAPACK's factorization
//             leftovers, as jaxlib returns them), x [batch..., m, nrhs],
//             info [batch...] i32 (> 0: singular, x not computed)
//
// The bands are row-major per batch (each band contiguous), b is
// column-major per matrix, as in JAX's operand layouts.
#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

static lapack_int gtsv(cx_elem_t e, lapack_int n, lapack_int nrhs, void* dl, void* d, void* du,
                       void* b) {
  lapack_int ldb = cx_rt_lapack_max(1, n);
  switch (e) {
    case CX_ELEM_F32:
      return LAPACKE_sgtsv_work(LAPACK_COL_MAJOR, n, nrhs, dl, d, du, b, ldb);
    case CX_ELEM_F64:
      return LAPACKE_dgtsv_work(LAPACK_COL_MAJOR, n, nrhs, dl, d, du, b, ldb);
    case CX_ELEM_C64:
      return LAPACKE_cgtsv_work(LAPACK_COL_MAJOR, n, nrhs, dl, d, du, b, ldb);
    default:
      return LAPACKE_zgtsv_work(LAPACK_COL_MAJOR, n, nrhs, dl, d, du, b, ldb);
  }
}

static cx_status_t gtsv_check(const cx_rt_cc_call_t* c, cx_rt_lapack_matrix_t* m) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 4, 5, 5));
  CX_RETURN_IF_ERROR(cx_rt_lapack_matrix(c, 3, false, m));
  static const char* const kNames[3] = {"dl", "d", "du"};
  for (uint32_t i = 0; i < 3; i++) {
    CX_RETURN_IF_ERROR(cx_rt_cc_expect_operand(c, i, c->target->elem, 1));
    if (!cx_rt_lapack_is_batched_vector(&c->operands[i], m, m->rows))
      return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                            "%s must have b's batch dims followed by %d (b's rows)", kNames[i],
                            (int)m->rows);
  }
  return NULL;
}

static cx_status_t gtsv_prepare(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(gtsv_check(c, &m));
  cx_elem_t e = c->target->elem;
  for (uint32_t i = 0; i < 3; i++)
    CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, i, &m, e, 1, m.rows, 0));
  CX_RETURN_IF_ERROR(cx_rt_lapack_expect_batched(c, 3, &m, e, 2, m.rows, m.cols));
  return cx_rt_lapack_expect_batched(c, 4, &m, CX_ELEM_SI32, 0, 0, 0);
}

static cx_status_t gtsv_execute(const cx_rt_cc_call_t* c) {
  cx_rt_lapack_matrix_t m;
  CX_RETURN_IF_ERROR(gtsv_check(c, &m));
  cx_elem_t e = c->target->elem;
  for (uint32_t i = 0; i < 4; i++) cx_rt_cc_copy_if_distinct(&c->operands[i], &c->results[i]);
  int32_t* info = c->results[4].data;
  lapack_int n = m.rows;
  for (int64_t b = 0; b < m.count; b++) {
    if (n == 0) {
      info[b] = 0;
      continue;
    }
    void* dl = cx_rt_lapack_at(c->results[0].data, e, b * n + 1);
    void* d = cx_rt_lapack_at(c->results[1].data, e, b * n);
    void* du = cx_rt_lapack_at(c->results[2].data, e, b * n);
    void* x = cx_rt_lapack_at(c->results[3].data, e, b * m.size);
    info[b] = cx_rt_lapack_info(gtsv(e, n, m.cols, dl, d, du, x));
  }
  return NULL;
}

CX_RT_CC_FAMILY(gtsv, CX_RT_LAPACK_TARGETS("lapack", "gtsv", "gtsv", gtsv_prepare, gtsv_execute));

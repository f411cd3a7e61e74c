// Triangular solve with several right-hand sides: jaxlib's
// lapack_{s,d,c,z}trsm_ffi (and the blas_?trsm_ffi spelling of older
// exports).
//
//   operands: x [batch..., k, k] (triangular), y [batch..., m, n], and in
//             exports before late 2025 alpha [] (a scalar; newer ones solve
//             with alpha = 1)
//   attrs:    side ('L': op(x) z = alpha y, k = m; 'R': z op(x) = alpha y,
//             k = n), uplo ('L'/'U'), trans_x ('N', 'T', 'C'), diag ('N', or
//             'U' for an implied unit diagonal); all ui8
//   results:  z [batch..., m, n]
//
// BLAS trsm has no info: a zero on a non-unit diagonal gives Inf/NaN.
#include <cblas.h>

#include "runtime/custom_calls/families.h"
#include "runtime/custom_calls/lapack_util.h"

typedef struct trsm_args {
  char side, uplo, trans, diag;
  cx_rt_lapack_matrix_t x, y;
} trsm_args_t;

static cx_status_t trsm_check(const cx_rt_cc_call_t* c, trsm_args_t* t) {
  if (c->num_operands != 2 && c->num_operands != 3)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "expects 2 operands (x, y) or 3 (x, y, alpha), got %u", c->num_operands);
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, c->num_operands, 1, 1));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "side", "LR", &t->side));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "uplo", "LU", &t->uplo));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "trans_x", "NTC", &t->trans));
  CX_RETURN_IF_ERROR(cx_rt_cc_attr_char(c, "diag", "NU", &t->diag));
  CX_RETURN_IF_ERROR(cx_rt_lapack_matrix(c, 0, true, &t->x));
  CX_RETURN_IF_ERROR(cx_rt_lapack_matrix(c, 1, false, &t->y));
  bool ok = t->x.nb == t->y.nb;
  for (uint32_t d = 0; ok && d < t->x.nb; d++) ok = t->x.batch[d] == t->y.batch[d];
  if (!ok) return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "x and y must have the same batch dims");
  lapack_int k = t->side == 'L' ? t->y.rows : t->y.cols;
  if (t->x.rows != k)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "x must be %dx%d to multiply y [%dx%d] from the %s, got %dx%d", (int)k,
                          (int)k, (int)t->y.rows, (int)t->y.cols, t->side == 'L' ? "left" : "right",
                          (int)t->x.rows, (int)t->x.cols);
  if (c->num_operands == 3) {
    CX_RETURN_IF_ERROR(cx_rt_cc_expect_operand(c, 2, c->target->elem, 0));
    if (c->operands[2].rank != 0)
      return cx_rt_cc_error(c, CX_INVALID_ARGUMENT, "alpha must be a scalar");
  }
  return NULL;
}

static cx_status_t trsm_prepare(const cx_rt_cc_call_t* c) {
  trsm_args_t t;
  CX_RETURN_IF_ERROR(trsm_check(c, &t));
  return cx_rt_lapack_expect_batched(c, 0, &t.y, c->target->elem, 2, t.y.rows, t.y.cols);
}

static cx_status_t trsm_execute(const cx_rt_cc_call_t* c) {
  trsm_args_t t;
  CX_RETURN_IF_ERROR(trsm_check(c, &t));
  cx_elem_t e = c->target->elem;
  cx_rt_cc_copy_if_distinct(&c->operands[1], &c->results[0]);
  if (t.y.size == 0) return NULL;
  const double one[2] = {1.0, 0.0};
  const float onef[2] = {1.0f, 0.0f};
  const void* alpha = c->num_operands == 3                     ? c->operands[2].data
                      : (e == CX_ELEM_F32 || e == CX_ELEM_C64) ? (const void*)onef
                                                               : (const void*)one;
  enum CBLAS_SIDE side = t.side == 'L' ? CblasLeft : CblasRight;
  enum CBLAS_UPLO uplo = t.uplo == 'L' ? CblasLower : CblasUpper;
  enum CBLAS_TRANSPOSE trans = t.trans == 'N'   ? CblasNoTrans
                               : t.trans == 'T' ? CblasTrans
                                                : CblasConjTrans;
  enum CBLAS_DIAG diag = t.diag == 'U' ? CblasUnit : CblasNonUnit;
  int m = t.y.rows, n = t.y.cols, lda = cx_rt_lapack_max(1, t.x.rows), ldb = m;
  for (int64_t b = 0; b < t.y.count; b++) {
    const void* a = cx_rt_lapack_at(c->operands[0].data, e, b * t.x.size);
    void* z = cx_rt_lapack_at(c->results[0].data, e, b * t.y.size);
    switch (e) {
      case CX_ELEM_F32:
        cblas_strsm(CblasColMajor, side, uplo, trans, diag, m, n, *(const float*)alpha, a, lda, z,
                    ldb);
        break;
      case CX_ELEM_F64:
        cblas_dtrsm(CblasColMajor, side, uplo, trans, diag, m, n, *(const double*)alpha, a, lda, z,
                    ldb);
        break;
      case CX_ELEM_C64:
        cblas_ctrsm(CblasColMajor, side, uplo, trans, diag, m, n, alpha, a, lda, z, ldb);
        break;
      default:
        cblas_ztrsm(CblasColMajor, side, uplo, trans, diag, m, n, alpha, a, lda, z, ldb);
        break;
    }
  }
  return NULL;
}

CX_RT_CC_FAMILY(trsm,
    CX_RT_LAPACK_TARGETS("lapack", "trsm", "trsm", trsm_prepare, trsm_execute),
    CX_RT_LAPACK_TARGETS("blas", "trsm", "trsm", trsm_prepare, trsm_execute));

// CHLO in generated code, emitted directly rather than through CHLO's
// StableHLO decompositions, with the interpreter's semantics
// (src/interp/eval_chlo.c):
//
// - The elementwise math ops (acos ... zeta) are computed in double (complex
//   double) through the kernel ABI's imports and rounded once to the element
//   type: libm for what it has, support/special_functions.h for digamma,
//   erf_inv, bessel_i1e, lgamma, zeta and polygamma. f32 sinh follows XLA's
//   formula step by step (cx_sinh_f32_xla), as the interpreter does.
//   is_inf/is_neg_inf/is_pos_inf, conj, square, next_after (a step in the
//   element's own encoding) and mulhi (the high half of the double-width
//   product) are inline code. These are scalar ops (cx_cg_is_scalar_op), so
//   they fuse and work on quantized tensors like any other.
// - broadcast_* and broadcast_select map the result index to each operand's
//   index (numpy's trailing alignment, or broadcast_dimensions; size-1 dims
//   repeat) and apply the StableHLO op of the same name
//   (cx_cg_emit_elementwise_at), so broadcasting costs no copy and each op
//   keeps one definition in the code generator.
// - constant_like is its value converted to the result's element type at
//   compile time.
#include <string.h>

#include "codegen/cg_internal.h"
#include "cxla/buffer.h"
#include "ir/attr_ints.h"
#include "ir/chlo.h"
#include "support/scalar.h"

// ---- elementwise math ------------------------------------------------------------------

typedef struct chlo_fn {
  cx_op_kind_t kind;
  cx_kernel_import_id_t real, cplx;  // CX_KI_COUNT: not defined for that class
} chlo_fn_t;

static const chlo_fn_t kUnary[] = {
    {CX_OP_CHLO_ACOS, CX_KI_ACOS, CX_KI_CACOS},
    {CX_OP_CHLO_ACOSH, CX_KI_ACOSH, CX_KI_CACOSH},
    {CX_OP_CHLO_ASIN, CX_KI_ASIN, CX_KI_CASIN},
    {CX_OP_CHLO_ASINH, CX_KI_ASINH, CX_KI_CASINH},
    {CX_OP_CHLO_ATAN, CX_KI_ATAN, CX_KI_CATAN},
    {CX_OP_CHLO_ATANH, CX_KI_ATANH, CX_KI_CATANH},
    {CX_OP_CHLO_BESSEL_I1E, CX_KI_BESSEL_I1E, CX_KI_COUNT},
    {CX_OP_CHLO_COSH, CX_KI_COSH, CX_KI_CCOSH},
    {CX_OP_CHLO_DIGAMMA, CX_KI_DIGAMMA, CX_KI_COUNT},
    {CX_OP_CHLO_ERF, CX_KI_ERF, CX_KI_COUNT},
    {CX_OP_CHLO_ERF_INV, CX_KI_ERF_INV, CX_KI_COUNT},
    {CX_OP_CHLO_ERFC, CX_KI_ERFC, CX_KI_COUNT},
    {CX_OP_CHLO_LGAMMA, CX_KI_LGAMMA, CX_KI_COUNT},
    {CX_OP_CHLO_SINH, CX_KI_SINH, CX_KI_CSINH},
    {CX_OP_CHLO_TAN, CX_KI_TAN, CX_KI_CTAN},
};

bool cx_cg_chlo_is_scalar(cx_op_kind_t kind) {
  switch (kind) {
    case CX_OP_CHLO_CONJ:
    case CX_OP_CHLO_SQUARE:
    case CX_OP_CHLO_IS_INF:
    case CX_OP_CHLO_IS_NEG_INF:
    case CX_OP_CHLO_IS_POS_INF:
    case CX_OP_CHLO_NEXT_AFTER:
    case CX_OP_CHLO_POLYGAMMA:
    case CX_OP_CHLO_ZETA:
    case CX_OP_CHLO_MULHI: return true;
    default: break;
  }
  for (size_t i = 0; i < sizeof kUnary / sizeof kUnary[0]; i++)
    if (kUnary[i].kind == kind) return true;
  return false;
}

static bool has_negative_zero(cx_elem_t e) {
  return e != CX_ELEM_F8E4M3FNUZ && e != CX_ELEM_F8E5M2FNUZ && e != CX_ELEM_F8E4M3B11FNUZ;
}

// nextafter(x, y) in x's own encoding (support/scalar.h's
// cx_scalar_next_after): NaN if either is NaN; y if x == y; the smallest
// subnormal with y's sign from zero; else one step of the magnitude toward
// y. The FNUZ formats step from the smallest subnormal to +0 (their -0
// pattern is NaN); tf32 steps in its 32-bit container by 2^13.
static LLVMValueRef next_after(cx_cg_kernel_t* k, cx_elem_t e, LLVMValueRef x, LLVMValueRef y) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef ft = LLVMTypeOf(x);
  LLVMValueRef bits = cx_cg_float_to_bits(cg, k->imports, e, x);
  LLVMTypeRef it = LLVMTypeOf(bits);
  unsigned w = LLVMGetIntTypeWidth(it);
  bool is_signed = e != CX_ELEM_F8E8M0FNU;
  LLVMValueRef sign = LLVMConstInt(it, is_signed ? 1ull << (w - 1) : 0, 0);
  LLVMValueRef step = LLVMConstInt(it, e == CX_ELEM_TF32 ? 1u << 13 : 1, 0);
  LLVMValueRef zero_f = LLVMConstReal(ft, 0.0), zero_i = LLVMConstInt(it, 0, 0);
  LLVMValueRef mag = LLVMBuildAnd(b, bits, LLVMBuildNot(b, sign, ""), "");
  LLVMValueRef neg = LLVMBuildAnd(b, bits, sign, "");
  // Away from zero when y lies beyond x on x's side.
  LLVMValueRef away = LLVMBuildICmp(b, LLVMIntEQ, LLVMBuildFCmp(b, LLVMRealOGT, y, x, ""),
                                    LLVMBuildFCmp(b, LLVMRealOGT, x, zero_f, ""), "");
  LLVMValueRef moved = LLVMBuildSelect(b, away, LLVMBuildAdd(b, mag, step, ""),
                                       LLVMBuildSub(b, mag, step, ""), "");
  LLVMValueRef stepped = LLVMBuildOr(b, neg, moved, "");
  if (!has_negative_zero(e))
    stepped = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntEQ, moved, zero_i, ""), zero_i, stepped, "");
  LLVMValueRef from_zero =
      LLVMBuildOr(b, LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOLT, y, zero_f, ""), sign, zero_i, ""),
                  step, "");
  LLVMValueRef x_zero = LLVMBuildFCmp(b, LLVMRealOEQ, x, zero_f, "");
  LLVMValueRef r_bits = LLVMBuildSelect(b, x_zero, from_zero, stepped, "");
  LLVMValueRef r = cx_cg_float_from_bits(cg, k->imports, e, r_bits);
  r = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOEQ, x, y, ""), y, r, "");
  LLVMValueRef any_nan = LLVMBuildFCmp(b, LLVMRealUNO, x, y, "");
  return LLVMBuildSelect(b, any_nan, LLVMConstReal(ft, __builtin_nan("")), r, "");
}

// The high half of the double-width product.
static LLVMValueRef mulhi(cx_cg_t* cg, cx_elem_t e, LLVMValueRef x, LLVMValueRef y) {
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = LLVMTypeOf(x);
  unsigned w = LLVMGetIntTypeWidth(t);
  LLVMTypeRef wide = LLVMIntTypeInContext(cg->ctx, 2 * w);
  bool is_unsigned = cx_elem_is_unsigned_int(e);
  LLVMValueRef a = is_unsigned ? LLVMBuildZExt(b, x, wide, "") : LLVMBuildSExt(b, x, wide, "");
  LLVMValueRef c = is_unsigned ? LLVMBuildZExt(b, y, wide, "") : LLVMBuildSExt(b, y, wide, "");
  LLVMValueRef p = LLVMBuildMul(b, a, c, "");
  LLVMValueRef hi = is_unsigned ? LLVMBuildLShr(b, p, LLVMConstInt(wide, w, 0), "")
                                : LLVMBuildAShr(b, p, LLVMConstInt(wide, w, 0), "");
  return LLVMBuildTrunc(b, hi, t, "");
}

// (a + bi)^2 = (a - b)(a + b) + 2ab i in double, each part rounded once.
static LLVMValueRef complex_square(cx_cg_t* cg, LLVMValueRef z) {
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef part = LLVMStructGetTypeAtIndex(LLVMTypeOf(z), 0);
  LLVMValueRef re = cx_cg_to_double(cg, cx_cg_re(cg, z)), im = cx_cg_to_double(cg, cx_cg_im(cg, z));
  LLVMValueRef r = LLVMBuildFMul(b, LLVMBuildFSub(b, re, im, ""), LLVMBuildFAdd(b, re, im, ""), "");
  LLVMValueRef i = LLVMBuildFMul(b, LLVMBuildFMul(b, LLVMConstReal(cg->t_f64, 2.0), re, ""), im, "");
  if (part != cg->t_f64) {
    r = LLVMBuildFPTrunc(b, r, part, "");
    i = LLVMBuildFPTrunc(b, i, part, "");
  }
  return cx_cg_complex(cg, LLVMTypeOf(z), r, i);
}

LLVMValueRef cx_cg_emit_chlo_scalar(cx_cg_kernel_t* k, cx_op_kind_t kind, cx_elem_t e,
                                    cx_elem_t result, const LLVMValueRef* v) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  (void)result;
  LLVMValueRef x = v[0];
  bool is_float = cx_elem_is_float(e), is_cplx = cx_elem_is_complex(e);
  switch (kind) {
    case CX_OP_CHLO_IS_INF:
    case CX_OP_CHLO_IS_NEG_INF:
    case CX_OP_CHLO_IS_POS_INF: {
      if (!is_float) return NULL;
      LLVMTypeRef t = LLVMTypeOf(x);
      double inf = __builtin_inf();
      if (kind == CX_OP_CHLO_IS_INF)
        return LLVMBuildFCmp(b, LLVMRealOEQ, cx_cg_intrinsic(cg, "llvm.fabs", x, NULL),
                             LLVMConstReal(t, inf), "");
      return LLVMBuildFCmp(b, LLVMRealOEQ, x,
                           LLVMConstReal(t, kind == CX_OP_CHLO_IS_POS_INF ? inf : -inf), "");
    }
    case CX_OP_CHLO_CONJ:
      if (is_cplx)
        return cx_cg_complex(cg, LLVMTypeOf(x), cx_cg_re(cg, x), LLVMBuildFNeg(b, cx_cg_im(cg, x), ""));
      return is_float ? x : NULL;
    case CX_OP_CHLO_SQUARE:
      // Exact in the compute type for narrow floats (rounded by the caller),
      // correctly rounded for f32 and f64; integers wrap.
      if (is_cplx) return complex_square(cg, x);
      if (is_float) return LLVMBuildFMul(b, x, x, "");
      return cx_elem_is_integer(e) ? LLVMBuildMul(b, x, x, "") : NULL;
    case CX_OP_CHLO_NEXT_AFTER: return is_float ? next_after(k, e, x, v[1]) : NULL;
    case CX_OP_CHLO_POLYGAMMA: return is_float ? cx_cg_call_real(k, CX_KI_POLYGAMMA, e, x, v[1]) : NULL;
    case CX_OP_CHLO_ZETA: return is_float ? cx_cg_call_real(k, CX_KI_ZETA, e, x, v[1]) : NULL;
    case CX_OP_CHLO_MULHI:
      return cx_elem_is_integer(e) && e != CX_ELEM_I1 ? mulhi(cg, e, x, v[1]) : NULL;
    case CX_OP_CHLO_SINH:
      if (e == CX_ELEM_F32) return cx_cg_call_real(k, CX_KI_SINH_F32_XLA, e, x, NULL);
      break;
    default: break;
  }
  for (size_t i = 0; i < sizeof kUnary / sizeof kUnary[0]; i++) {
    if (kUnary[i].kind != kind) continue;
    if (is_float) return cx_cg_call_real(k, kUnary[i].real, e, x, NULL);
    if (is_cplx && kUnary[i].cplx != CX_KI_COUNT) return cx_cg_call_complex(k, kUnary[i].cplx, x, NULL);
    return NULL;
  }
  return NULL;
}

// ---- broadcasting ops -------------------------------------------------------------------

bool cx_cg_is_chlo_op(const cx_op_t* op) {
  return op->kind == CX_OP_CHLO_CONSTANT_LIKE || cx_chlo_broadcast_base(op->kind) != CX_OP_COUNT;
}

static cx_status_t op_error(const cx_op_t* op, const char* what) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(
      CX_ERROR(CX_INVALID_ARGUMENT, "'%s' op %s", cx_op_info(op->kind)->name, what), loc);
}

// Operand indices of a broadcasting op at the result index: an operand of
// lower rank aligns with the trailing result dims, or (with two operands)
// with broadcast_dimensions; its size-1 dims read index 0.
static LLVMValueRef emit_broadcasting(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_value_t* r = cx_op_result(op, 0);
  uint32_t R = index->rank, n = op->num_operands;
  int64_t bdims[CX_MAX_RANK];
  uint32_t nb = 0;
  bool has_bdims = n == 2 && cx_op_get_ints(k->cg->ir, op, CX_NAME_broadcast_dimensions, bdims,
                                            CX_MAX_RANK, &nb);
  const cx_cg_index_t* at[3];
  if (n > 3) return cx_cg_fail(k, op_error(op, "has too many operands"), r);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* t = cx_op_operand(op, i)->type;
    uint32_t rank = t->tensor.rank;
    if (rank > R) return cx_cg_fail(k, op_error(op, "has an operand of higher rank than its result"), r);
    bool explicit_map = has_bdims && rank < R;
    if (explicit_map && nb != rank)
      return cx_cg_fail(k, op_error(op, "has broadcast_dimensions of the wrong length"), r);
    cx_cg_index_t* idx = cx_cg_index_new(k, rank);
    for (uint32_t d = 0; d < rank; d++) {
      int64_t m = explicit_map ? bdims[d] : (int64_t)(R - rank + d);
      if (m < 0 || m >= (int64_t)R)
        return cx_cg_fail(k, op_error(op, "has broadcast_dimensions out of range"), r);
      idx->v[d] = t->tensor.dims[d] == 1 ? cx_cg_i64(k->cg, 0) : index->v[m];
    }
    at[i] = idx;
  }
  return cx_cg_emit_elementwise_at(k, op, cx_chlo_broadcast_base(op->kind), at, index);
}

// constant_like: the value attribute (an integer, float or bool scalar, or
// a one-element dense attribute) converted to the result's element type.
static LLVMValueRef emit_constant_like(cx_cg_kernel_t* k, cx_op_t* op) {
  cx_value_t* r = cx_op_result(op, 0);
  if (cx_tensor_is_quantized(r->type))
    return cx_cg_fail(k, op_error(op, "with a quantized result is not supported"), r);
  const cx_attr_t* v = cx_op_attr(op, cx_name(k->cg->ir, CX_NAME_value));
  unsigned char src[16], dst[16];
  cx_elem_t se;
  const char* bad = cx_attr_scalar_value(v, &se, src);
  if (bad) return cx_cg_fail(k, op_error(op, bad), r);
  cx_elem_t re = cx_tensor_elem(r->type);
  cx_scalar_convert(se, src, re, dst);
  return cx_cg_const_elem(k->cg, re, dst);
}

LLVMValueRef cx_cg_emit_chlo_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                const cx_cg_index_t* index) {
  (void)result;
  if (op->kind == CX_OP_CHLO_CONSTANT_LIKE) return emit_constant_like(k, op);
  if (cx_chlo_broadcast_base(op->kind) != CX_OP_COUNT) return emit_broadcasting(k, op, index);
  return NULL;
}

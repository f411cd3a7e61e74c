// Conversions that work on encodings, with the interpreter's semantics
// (src/interp/eval_convert.c):
//
// - bitcast_convert reinterprets bits. Between element types of one width
//   it is elementwise; when the widths differ the wider element's bits are
//   split into (or assembled from) the narrower elements along a new (or
//   removed) last dimension, element 0 taking the lowest bits; complex
//   values are (real bits, imaginary bits) from low to high; tf32 occupies
//   its 32-bit container. Operands that are kernel inputs are read as raw
//   storage bits, so NaN payloads and signalling NaNs of every format pass
//   through unchanged; an operand computed in the same kernel is encoded
//   from its value.
// - reduce_precision rounds the mantissa to nearest even on the operand's
//   own encoding, then flushes exponents outside the reduced range to zero
//   or infinity; NaN stays NaN unless mantissa_bits is 0, where it becomes
//   +inf; f8E8M0FNU values are unchanged; tf32 is reduced as f32. It is a
//   scalar op (cx_cg_is_scalar_op), so quantized operands work too.
// - compare in TOTALORDER of f16 and the f8/f6/f4 formats orders the
//   encodings (their compute values do not keep every NaN's bits).
#include <string.h>

#include "codegen/cg_internal.h"
#include "ir/attr_ints.h"
#include "support/scalar.h"

static cx_status_t op_error(const cx_op_t* op, const char* what) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(
      CX_ERROR(CX_INVALID_ARGUMENT, "'%s' op %s", cx_op_info(op->kind)->name, what), loc);
}

// ---- bitcast_convert ----------------------------------------------------------------

// Width of an element as bitcast_convert sees it (tf32: its 32-bit container).
static int bitcast_width(cx_elem_t e) { return e == CX_ELEM_TF32 ? 32 : cx_elem_bit_width(e); }

static LLVMTypeRef int_type(cx_cg_t* cg, int bits) {
  return LLVMIntTypeInContext(cg->ctx, (unsigned)bits);
}

// A compute-type value of `e` as its bits (an integer of bitcast_width(e)).
static LLVMValueRef value_to_bits(cx_cg_kernel_t* k, cx_elem_t e, LLVMValueRef v) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  if (cx_elem_is_integer(e)) return v;
  if (cx_elem_is_float(e)) return cx_cg_float_to_bits(cg, k->imports, e, v);
  cx_elem_t part = cx_elem_complex_component(e);
  int pw = cx_elem_bit_width(part);
  LLVMTypeRef wide = int_type(cg, 2 * pw);
  LLVMValueRef re = LLVMBuildZExt(b, cx_cg_float_to_bits(cg, k->imports, part, cx_cg_re(cg, v)), wide, "");
  LLVMValueRef im = LLVMBuildZExt(b, cx_cg_float_to_bits(cg, k->imports, part, cx_cg_im(cg, v)), wide, "");
  return LLVMBuildOr(b, re, LLVMBuildShl(b, im, LLVMConstInt(wide, (unsigned)pw, 0), ""), "");
}

// Bits (an integer of bitcast_width(e)) as a compute-type value of `e`.
static LLVMValueRef bits_to_value(cx_cg_kernel_t* k, cx_elem_t e, LLVMValueRef bits) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  if (cx_elem_is_integer(e)) return bits;
  if (cx_elem_is_float(e)) return cx_cg_float_from_bits(cg, k->imports, e, bits);
  cx_elem_t part = cx_elem_complex_component(e);
  int pw = cx_elem_bit_width(part);
  LLVMTypeRef pt = int_type(cg, pw);
  LLVMValueRef re = LLVMBuildTrunc(b, bits, pt, "");
  LLVMValueRef im =
      LLVMBuildTrunc(b, LLVMBuildLShr(b, bits, LLVMConstInt(LLVMTypeOf(bits), (unsigned)pw, 0), ""), pt, "");
  return cx_cg_complex(cg, cx_cg_compute_type(cg, e), cx_cg_float_from_bits(cg, k->imports, part, re),
                       cx_cg_float_from_bits(cg, k->imports, part, im));
}

// The bits of `value`'s element at `index`: straight from memory when the
// value is a kernel input (exact for every NaN), else encoded from the
// computed element.
static LLVMValueRef element_bits(cx_cg_kernel_t* k, cx_value_t* value, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_elem_t e = cx_tensor_elem(value->type);
  for (uint32_t i = 0; i < k->fusion->num_inputs; i++) {
    if (k->fusion->inputs[i] != value) continue;
    const cx_type_t* t = value->type;
    LLVMValueRef lin = cx_cg_i64(cg, 0);
    int64_t stride = 1;
    for (uint32_t d = t->tensor.rank; d > 0; d--) {
      lin = LLVMBuildAdd(b, lin, LLVMBuildMul(b, index->v[d - 1], cx_cg_i64(cg, stride), ""), "");
      stride *= t->tensor.dims[d - 1];
    }
    LLVMTypeRef st = int_type(cg, (int)cx_elem_storage_size(e) * 8);
    LLVMValueRef p = LLVMBuildGEP2(b, st, k->input_ptrs[i], &lin, 1, "");
    LLVMValueRef raw = LLVMBuildLoad2(b, st, p, "");
    int w = bitcast_width(e);
    // Sub-byte kinds keep their bits in the low bits of the byte.
    return w < (int)cx_elem_storage_size(e) * 8 ? LLVMBuildTrunc(b, raw, int_type(cg, w), "") : raw;
  }
  return value_to_bits(k, e, cx_cg_emit_element(k, value, index));
}

static LLVMValueRef emit_bitcast(cx_cg_kernel_t* k, cx_op_t* op, const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* r = cx_op_result(op, 0);
  // Quantized tensors are their stored integers here (cx_tensor_elem).
  cx_elem_t from = cx_tensor_elem(x->type), to = cx_tensor_elem(r->type);
  int wf = bitcast_width(from), wt = bitcast_width(to);
  uint32_t rank = x->type->tensor.rank;
  if (wf <= 0 || wt <= 0 || (wf > wt ? wf % wt : wt % wf))
    return cx_cg_fail(k, op_error(op, "converts between widths that do not divide"), r);
  if (wf == wt) return bits_to_value(k, to, element_bits(k, x, index));
  if (wf > wt) {
    // The result has one more dim: its last index picks the piece.
    cx_cg_index_t* at = cx_cg_index_new(k, rank);
    for (uint32_t d = 0; d < rank; d++) at->v[d] = index->v[d];
    LLVMValueRef bits = element_bits(k, x, at);
    LLVMTypeRef bt = LLVMTypeOf(bits);
    LLVMValueRef j = index->v[rank];
    LLVMValueRef amount = LLVMBuildMul(b, j, cx_cg_i64(cg, wt), "");
    amount = wf > 64 ? LLVMBuildZExt(b, amount, bt, "") : wf < 64 ? LLVMBuildTrunc(b, amount, bt, "") : amount;
    LLVMValueRef piece = LLVMBuildTrunc(b, LLVMBuildLShr(b, bits, amount, ""), int_type(cg, wt), "");
    return bits_to_value(k, to, piece);
  }
  // The operand has one more dim, of size wt / wf: assemble its pieces.
  int ratio = wt / wf;
  LLVMTypeRef wide = int_type(cg, wt);
  LLVMValueRef acc = LLVMConstInt(wide, 0, 0);
  for (int j = 0; j < ratio; j++) {
    cx_cg_index_t* at = cx_cg_index_new(k, rank);
    for (uint32_t d = 0; d + 1 < rank; d++) at->v[d] = index->v[d];
    at->v[rank - 1] = cx_cg_i64(cg, j);
    LLVMValueRef piece = LLVMBuildZExt(b, element_bits(k, x, at), wide, "");
    acc = LLVMBuildOr(b, acc, LLVMBuildShl(b, piece, LLVMConstInt(wide, (unsigned)(j * wf), 0), ""), "");
  }
  return bits_to_value(k, to, acc);
}

// ---- compare in total order on encodings ----------------------------------------------

// compare with TOTALORDER orders NaNs by their encodings. The compute values
// of f16 (whose loads quiet signalling NaNs) and of the f8/f6/f4 formats
// (decoded to one NaN per sign) do not keep them, so these compares read
// the encodings, as bitcast_convert does.
static bool total_order_on_encoding(const cx_op_t* op) {
  if (op->kind != CX_OP_COMPARE || op->num_operands != 2) return false;
  const cx_type_t* t = op->operands[0].value->type;
  if (!cx_type_is_tensor(t) || cx_tensor_is_quantized(t)) return false;
  cx_elem_t e = cx_tensor_elem(t);
  if (!cx_elem_is_float(e) || e == CX_ELEM_F32 || e == CX_ELEM_F64 || e == CX_ELEM_BF16 ||
      e == CX_ELEM_TF32)
    return false;
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, "compare_type") == 0)
      return op->attrs[i].value->kind == CX_ATTR_ENUM &&
             op->attrs[i].value->enumeration.value == CX_CMPTYPE_TOTALORDER;
  return false;
}

// A signed key whose order is totalOrder of the encoding `bits` of `e`
// (support/scalar.h's cx_scalar_total_order_key): -NaN < -Inf < ... < -0 <
// +0 < ... < +Inf < +NaN; the FNUZ formats' NaN (the -0 pattern) is last.
static LLVMValueRef total_order_key(cx_cg_t* cg, cx_elem_t e, LLVMValueRef bits) {
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = LLVMTypeOf(bits);
  unsigned w = LLVMGetIntTypeWidth(t);
  LLVMValueRef u = LLVMBuildZExt(b, bits, cg->t_i64, "");
  if (e == CX_ELEM_F8E8M0FNU) return u;  // no sign: the encoding is the order
  LLVMValueRef sign = LLVMBuildICmp(b, LLVMIntNE, LLVMBuildLShr(b, bits, LLVMConstInt(t, w - 1, 0), ""),
                                    LLVMConstInt(t, 0, 0), "");
  LLVMValueRef mag = LLVMBuildAnd(b, u, cx_cg_i64(cg, (int64_t)((1ull << (w - 1)) - 1)), "");
  LLVMValueRef key = LLVMBuildSelect(b, sign, LLVMBuildSub(b, cx_cg_i64(cg, -1), mag, ""), mag, "");
  if (e == CX_ELEM_F8E4M3FNUZ || e == CX_ELEM_F8E5M2FNUZ || e == CX_ELEM_F8E4M3B11FNUZ) {
    LLVMValueRef nan = LLVMBuildAnd(b, sign, LLVMBuildICmp(b, LLVMIntEQ, mag, cx_cg_i64(cg, 0), ""), "");
    key = LLVMBuildSelect(b, nan, cx_cg_i64(cg, INT64_MAX), key, "");
  }
  return key;
}

static LLVMValueRef emit_total_order_compare(cx_cg_kernel_t* k, cx_op_t* op,
                                             const cx_cg_index_t* index) {
  cx_cg_t* cg = k->cg;
  cx_value_t* x = cx_op_operand(op, 0);
  cx_value_t* y = cx_op_operand(op, 1);
  cx_elem_t e = cx_tensor_elem(x->type);
  const cx_attr_t* dir_attr = cx_op_attr(op, cx_name(cg->ir, CX_NAME_comparison_direction));
  int dir = dir_attr && dir_attr->kind == CX_ATTR_ENUM ? dir_attr->enumeration.value : -1;
  if (dir < CX_CMP_EQ || dir > CX_CMP_LT)
    return cx_cg_fail(k, op_error(op, "has no comparison direction"), cx_op_result(op, 0));
  LLVMValueRef kx = total_order_key(cg, e, element_bits(k, x, index));
  LLVMValueRef ky = total_order_key(cg, e, element_bits(k, y, index));
  static const LLVMIntPredicate preds[] = {LLVMIntEQ, LLVMIntNE, LLVMIntSGE,
                                           LLVMIntSGT, LLVMIntSLE, LLVMIntSLT};
  return LLVMBuildICmp(cg->b, preds[dir], kx, ky, "");
}

// ---- dispatch ------------------------------------------------------------------------

bool cx_cg_is_convert_op(const cx_op_t* op) {
  return op->kind == CX_OP_BITCAST_CONVERT || total_order_on_encoding(op);
}

LLVMValueRef cx_cg_emit_convert_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                   const cx_cg_index_t* index) {
  (void)result;
  if (op->kind == CX_OP_BITCAST_CONVERT) return emit_bitcast(k, op, index);
  if (total_order_on_encoding(op)) return emit_total_order_compare(k, op, index);
  return NULL;
}

// ---- reduce_precision ---------------------------------------------------------------

// Rounds the mantissa of `bits` (a float of `width` bits with src_e/src_m
// exponent/mantissa bits) to m bits, ties to even, then flushes exponents
// outside the range of an e-bit exponent (overflow to infinity, underflow
// to zero), as XLA's reduce_precision.
static LLVMValueRef reduce_bits(cx_cg_t* cg, LLVMValueRef bits, int width, int src_e, int src_m,
                                int e, int m) {
  LLVMBuilderRef b = cg->b;
  LLVMTypeRef t = LLVMTypeOf(bits);
  if (m < src_m) {
    int shift = src_m - m;
    unsigned long long last = 1ull << shift;
    LLVMValueRef last_bit = LLVMBuildLShr(b, LLVMBuildAnd(b, bits, LLVMConstInt(t, last, 0), ""),
                                          LLVMConstInt(t, (unsigned)shift, 0), "");
    LLVMValueRef sum = LLVMBuildAdd(b, bits, LLVMBuildAdd(b, last_bit, LLVMConstInt(t, (last >> 1) - 1, 0), ""), "");
    bits = LLVMBuildAnd(b, sum, LLVMConstInt(t, ~(last - 1), 0), "");
  }
  if (e < src_e) {
    unsigned long long sign = 1ull << (width - 1);
    unsigned long long exp_mask = ((1ull << src_e) - 1) << src_m;
    unsigned long long src_bias = (1ull << (src_e - 1)) - 1;
    unsigned long long reduced_bias = (1ull << (e - 1)) - 1;
    unsigned long long max_exp = src_bias + reduced_bias, min_exp = src_bias - reduced_bias;
    LLVMValueRef x = LLVMBuildAnd(b, bits, LLVMConstInt(t, exp_mask, 0), "");
    LLVMValueRef signed_part = LLVMBuildAnd(b, bits, LLVMConstInt(t, sign, 0), "");
    LLVMValueRef over = LLVMBuildICmp(b, LLVMIntUGT, x, LLVMConstInt(t, max_exp << src_m, 0), "");
    LLVMValueRef under = LLVMBuildICmp(b, LLVMIntULE, x, LLVMConstInt(t, min_exp << src_m, 0), "");
    LLVMValueRef inf = LLVMBuildOr(b, signed_part, LLVMConstInt(t, exp_mask, 0), "");
    bits = LLVMBuildSelect(b, over, inf, LLVMBuildSelect(b, under, signed_part, bits, ""), "");
  }
  return bits;
}

LLVMValueRef cx_cg_emit_reduce_precision(cx_cg_kernel_t* k, cx_op_t* op, cx_elem_t e,
                                         LLVMValueRef x) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  int64_t eb, mb;
  if (!cx_elem_is_float(e) || !cx_op_get_int(cg->ir, op, CX_NAME_exponent_bits, &eb) ||
      !cx_op_get_int(cg->ir, op, CX_NAME_mantissa_bits, &mb) || eb < 1 || mb < 0)
    return NULL;
  if (eb > 62) eb = 62;
  if (mb > 62) mb = 62;
  if (e == CX_ELEM_F8E8M0FNU) return x;  // no sign and no mantissa: values are unchanged
  cx_elem_t layout = e == CX_ELEM_TF32 ? CX_ELEM_F32 : e;  // tf32 values are f32s
  const cx_float_format_info_t* info = cx_float_format_info(cx_elem_float_format(layout));
  LLVMValueRef bits = cx_cg_float_to_bits(cg, k->imports, layout, x);
  bits = reduce_bits(cg, bits, info->bits, info->exponent_bits, info->mantissa_bits, (int)eb, (int)mb);
  LLVMValueRef r = cx_cg_float_from_bits(cg, k->imports, layout, bits);
  LLVMTypeRef t = LLVMTypeOf(x);
  LLVMValueRef nan = mb > 0 ? x : LLVMConstReal(t, __builtin_inf());
  return LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealUNO, x, x, ""), nan, r, "");
}

// Uniform quantization in generated code, elementally, with the
// interpreter's semantics (src/interp/quant.c, the spec's
// dequantize_op_quantize):
//
//   dequantize(q) = round(convert(q - zero_point, expressed) * scale)
//   quantize(x)   = convert(clamp(storage_min,
//                                 round(round_nearest_even(round(x / scale)) + zero_point),
//                                 storage_max), storage)
//
// with every step rounded to the expressed type (f16, bf16, f32 or f64; the
// narrow ones are computed in f32, which rounds + - * / exactly enough that
// one more rounding gives the expressed type's result); q - zero_point is
// exact (64 bits); NaN quantizes to 0 (kept inside the storage range). A
// per-axis type's scale and zero point are read from constant tables at the
// element's index along its quantized dimension.
//
// An elementwise op on quantized tensors dequantizes each quantized operand
// element, applies the op's scalar semantics (cx_cg_emit_scalar) in the
// expressed types, and quantizes the result element if its type is
// quantized, so chains of such ops fuse like any other elementwise code.
// Quantized dot_general and convolution are not elementwise and are not
// handled here.
#include "codegen/cg_internal.h"
#include "support/scalar.h"

static cx_status_t op_error(const cx_op_t* op, cx_status_code_t code, const char* what) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(CX_ERROR(code, "'%s' op %s", cx_op_info(op->kind)->name, what), loc);
}

static const cx_type_t* quant_of(const cx_type_t* tensor) {
  const cx_type_t* q = cx_type_is_tensor(tensor) ? tensor->tensor.element : NULL;
  return cx_type_is_quant(q) ? q : NULL;
}

static cx_elem_t expressed_elem(const cx_type_t* q) { return cx_type_elem(q->quant.expressed); }

static bool is_quantized(const cx_value_t* v) { return quant_of(v->type) != NULL; }

// The scale (in the expressed compute type, rounded to the expressed type)
// and zero point (i64) of the element at `index`.
typedef struct qparams {
  LLVMValueRef scale, zero_point;
} qparams_t;

// A private constant table, indexed by the element's position along the
// quantized dimension.
static LLVMValueRef table_at(cx_cg_t* cg, LLVMTypeRef elem_type, LLVMValueRef* values, uint32_t n,
                             LLVMValueRef i) {
  LLVMTypeRef at = LLVMArrayType2(elem_type, n);
  LLVMValueRef g = LLVMAddGlobal(cg->mod, at, "qparams");
  LLVMSetInitializer(g, LLVMConstArray2(elem_type, values, n));
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  LLVMValueRef p = LLVMBuildGEP2(cg->b, elem_type, g, &i, 1, "");
  return LLVMBuildLoad2(cg->b, elem_type, p, "");
}

static bool params_at(cx_cg_kernel_t* k, const cx_type_t* q, const cx_cg_index_t* index,
                      qparams_t* out) {
  cx_cg_t* cg = k->cg;
  cx_elem_t fe = expressed_elem(q);
  LLVMTypeRef ft = cx_cg_compute_type(cg, fe);
  uint32_t n = q->quant.num_scales;
  if (n == 0) return false;
  if (q->quant.axis == CX_QUANT_PER_TENSOR || n == 1) {
    out->scale = LLVMConstReal(ft, cx_scalar_round_float(fe, q->quant.scales[0]));
    out->zero_point = cx_cg_i64(cg, q->quant.zero_points[0]);
    return true;
  }
  if (q->quant.axis < 0 || (uint32_t)q->quant.axis >= index->rank) return false;
  LLVMValueRef* scales = CX_ARENA_ARRAY(&k->arena, LLVMValueRef, n);
  LLVMValueRef* zps = CX_ARENA_ARRAY(&k->arena, LLVMValueRef, n);
  if (!scales || !zps) return false;
  for (uint32_t i = 0; i < n; i++) {
    scales[i] = LLVMConstReal(ft, cx_scalar_round_float(fe, q->quant.scales[i]));
    zps[i] = cx_cg_i64(cg, q->quant.zero_points[i]);
  }
  LLVMValueRef i = index->v[q->quant.axis];
  out->scale = table_at(cg, ft, scales, n, i);
  out->zero_point = table_at(cg, cg->t_i64, zps, n, i);
  return true;
}

// A stored integer of quantized tensor type `tensor` at `index` as a value
// of the expressed type.
static LLVMValueRef dequantize(cx_cg_kernel_t* k, const cx_type_t* tensor, LLVMValueRef v,
                               const cx_cg_index_t* index, bool* ok) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  const cx_type_t* q = quant_of(tensor);
  cx_elem_t se = cx_type_elem(q->quant.storage), fe = expressed_elem(q);
  qparams_t p;
  if (!cx_elem_is_float(fe) || !params_at(k, q, index, &p)) {
    *ok = false;
    return LLVMConstNull(cx_cg_compute_type(cg, fe));
  }
  LLVMValueRef diff;
  if (se == CX_ELEM_UI64) {
    // Values above INT64_MAX: the difference is taken in double, as the
    // interpreter does, then rounded to the expressed type.
    LLVMValueRef d = LLVMBuildFSub(b, LLVMBuildUIToFP(b, v, cg->t_f64, ""),
                                   LLVMBuildSIToFP(b, p.zero_point, cg->t_f64, ""), "");
    diff = cx_cg_round_double_to_elem(cg, k->imports, fe, d);
  } else {
    LLVMValueRef wide = LLVMGetIntTypeWidth(LLVMTypeOf(v)) == 64 ? v
                        : cx_elem_is_unsigned_int(se) || se == CX_ELEM_I1
                            ? LLVMBuildZExt(b, v, cg->t_i64, "")
                            : LLVMBuildSExt(b, v, cg->t_i64, "");
    diff = cx_cg_emit_convert(k, CX_ELEM_SI64, fe, LLVMBuildSub(b, wide, p.zero_point, ""));
  }
  return cx_cg_round_to_elem(cg, k->imports, fe, LLVMBuildFMul(b, diff, p.scale, ""));
}

// A real value `x` of element kind `from` quantized to tensor type
// `tensor`'s quant type at `index`, as the stored integer.
static LLVMValueRef quantize(cx_cg_kernel_t* k, const cx_type_t* tensor, LLVMValueRef x,
                             cx_elem_t from, const cx_cg_index_t* index, bool* ok) {
  cx_cg_t* cg = k->cg;
  LLVMBuilderRef b = cg->b;
  const cx_type_t* q = quant_of(tensor);
  cx_elem_t se = cx_type_elem(q->quant.storage), fe = expressed_elem(q);
  LLVMTypeRef st = cx_cg_compute_type(cg, se);
  qparams_t p;
  if (!cx_elem_is_float(fe) || !(cx_elem_is_float(from) || cx_elem_is_integer(from)) ||
      !params_at(k, q, index, &p)) {
    *ok = false;
    return LLVMConstNull(st);
  }
  if (from != fe) x = cx_cg_emit_convert(k, from, fe, x);
  LLVMValueRef scaled = cx_cg_round_to_elem(cg, k->imports, fe, LLVMBuildFDiv(b, x, p.scale, ""));
  LLVMValueRef rounded = cx_cg_intrinsic(cg, "llvm.roundeven", scaled, NULL);
  LLVMValueRef zp = cx_cg_emit_convert(k, CX_ELEM_SI64, fe, p.zero_point);
  LLVMValueRef shifted = cx_cg_round_to_elem(cg, k->imports, fe, LLVMBuildFAdd(b, rounded, zp, ""));
  // Clamp in double, where the storage bounds are exact; NaN stays NaN.
  LLVMValueRef c = cx_cg_to_double(cg, shifted);
  double smin = (double)q->quant.storage_min, smax = (double)q->quant.storage_max;
  if (se == CX_ELEM_UI64) smax = (double)(uint64_t)q->quant.storage_max;
  LLVMValueRef lo = LLVMConstReal(cg->t_f64, smin), hi = LLVMConstReal(cg->t_f64, smax);
  c = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOLT, c, lo, ""), lo, c, "");
  c = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealOGT, c, hi, ""), hi, c, "");
  LLVMTypeRef types[] = {cg->t_i64, cg->t_f64};
  unsigned id = LLVMLookupIntrinsicID(cx_elem_is_unsigned_int(se) ? "llvm.fptoui.sat" : "llvm.fptosi.sat",
                                      15);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(cg->mod, id, types, 2);
  LLVMValueRef iv = LLVMBuildCall2(b, LLVMIntrinsicGetType(cg->ctx, id, types, 2), fn, &c, 1, "");
  // NaN gives 0, kept inside the storage range.
  int64_t nan_value = 0;
  if (nan_value < q->quant.storage_min) nan_value = q->quant.storage_min;
  if (se != CX_ELEM_UI64 && nan_value > q->quant.storage_max) nan_value = q->quant.storage_max;
  iv = LLVMBuildSelect(b, LLVMBuildFCmp(b, LLVMRealUNO, c, c, ""), cx_cg_i64(cg, nan_value), iv, "");
  return LLVMGetIntTypeWidth(st) == 64 ? iv : LLVMBuildTrunc(b, iv, st, "");
}

LLVMValueRef cx_cg_emit_elementwise_at(cx_cg_kernel_t* k, cx_op_t* op, cx_op_kind_t kind,
                                       const cx_cg_index_t* const* at,
                                       const cx_cg_index_t* index) {
  cx_value_t* r = cx_op_result(op, 0);
  uint32_t n = op->num_operands;
  LLVMValueRef v[4];
  cx_elem_t elems[4];
  bool ok = true;
  if (n > 4) return cx_cg_fail(k, op_error(op, CX_INTERNAL, "has too many operands"), r);
  for (uint32_t i = 0; i < n; i++) {
    cx_value_t* x = cx_op_operand(op, i);
    v[i] = cx_cg_emit_element(k, x, at[i]);
    if (is_quantized(x)) {
      v[i] = dequantize(k, x->type, v[i], at[i], &ok);
      elems[i] = expressed_elem(quant_of(x->type));
    } else {
      elems[i] = cx_tensor_elem(x->type);
    }
  }
  const cx_type_t* rq = quant_of(r->type);
  cx_elem_t re = rq ? expressed_elem(rq) : cx_tensor_elem(r->type);
  LLVMValueRef s = ok ? cx_cg_emit_scalar(k, op, kind, elems, re, v) : NULL;
  if (!s) {
    return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED,
                                  ok ? "is not supported by the code generator for these types"
                                     : "has quantization parameters the code generator cannot use"),
                      r);
  }
  if (rq) s = quantize(k, r->type, s, re, index, &ok);
  if (!ok)
    return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, "has quantization parameters the code generator cannot use"), r);
  return s;
}

bool cx_cg_is_quant_op(const cx_op_t* op) {
  if (op->kind == CX_OP_UNIFORM_QUANTIZE || op->kind == CX_OP_UNIFORM_DEQUANTIZE) return true;
  if (!cx_cg_is_scalar_op(op)) return false;
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (is_quantized(op->operands[i].value)) return true;
  for (uint32_t i = 0; i < op->num_results; i++)
    if (quant_of(op->results[i].type)) return true;
  return false;
}

LLVMValueRef cx_cg_emit_quant_op(cx_cg_kernel_t* k, cx_op_t* op, uint32_t result,
                                 const cx_cg_index_t* index) {
  (void)result;
  cx_value_t* r = cx_op_result(op, 0);
  bool ok = true;
  if (op->kind == CX_OP_UNIFORM_QUANTIZE || op->kind == CX_OP_UNIFORM_DEQUANTIZE) {
    cx_value_t* x = cx_op_operand(op, 0);
    LLVMValueRef v = cx_cg_emit_element(k, x, index);
    cx_elem_t from = cx_tensor_elem(x->type);
    if (is_quantized(x)) {  // dequantize, or requantize through the real value
      v = dequantize(k, x->type, v, index, &ok);
      from = expressed_elem(quant_of(x->type));
    }
    if (op->kind == CX_OP_UNIFORM_QUANTIZE) {
      if (!quant_of(r->type))
        return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "needs a quantized result"), r);
      if (!cx_elem_is_float(from))
        return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "needs a float or quantized operand"), r);
      v = quantize(k, r->type, v, from, index, &ok);
    } else if (!is_quantized(x)) {
      return cx_cg_fail(k, op_error(op, CX_INVALID_ARGUMENT, "needs a quantized operand"), r);
    }
    if (!ok)
      return cx_cg_fail(k, op_error(op, CX_UNIMPLEMENTED, "has quantization parameters the code generator cannot use"), r);
    return v;
  }
  // An elementwise op: scalar operands (select's predicate, clamp's bounds)
  // are read at the scalar index.
  const cx_cg_index_t* at[4];
  if (op->num_operands > 4) return cx_cg_fail(k, op_error(op, CX_INTERNAL, "has too many operands"), r);
  cx_cg_index_t* scalar = NULL;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    const cx_type_t* t = cx_op_operand(op, i)->type;
    at[i] = index;
    if (cx_type_is_tensor(t) && t->tensor.rank == 0 && index->rank != 0) {
      if (!scalar) scalar = cx_cg_index_new(k, 0);
      at[i] = scalar;
    }
  }
  return cx_cg_emit_elementwise_at(k, op, op->kind, at, index);
}

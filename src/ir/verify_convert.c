// Conversions: convert, bitcast_convert, reduce_precision, uniform_quantize,
// uniform_dequantize (spec sections of the same names).
#include "ir/verify_util.h"

static cx_status_t verify_convert(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* x,
                                  const cx_type_t* y) {
  // The spec types both sides as (non-quantized) tensors: quantization goes
  // through uniform_quantize / uniform_dequantize.
  unsigned mask = CX_V_ANY & ~CX_V_QUANT;
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, mask, "operand #0"));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, y, mask, "result #0"));
  // convert_c1
  if (!cx_v_shapes_compat(x, y))
    return cx_verify_error(op, "requires the same shape for all operands and results");
  return NULL;
}

static cx_status_t verify_bitcast(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* x,
                                  const cx_type_t* y) {
  // bitcast_convert_c1: E and E' are storage types for quantized tensors.
  int eb = cx_v_bits(x->tensor.element), rb = cx_v_bits(y->tensor.element);
  if (eb <= 0 || rb <= 0)
    return cx_verify_error(op, "requires element types with a bit width");
  uint32_t r = cx_v_rank(x);
  if (rb == eb) {
    if (!cx_v_shapes_compat(x, y))
      return cx_verify_error(op, "requires the same shape for operand '%s' and result '%s' when element widths are equal",
                             cx_v_type_str(vc, x), cx_v_type_str(vc, y));
  } else if (rb < eb) {
    bool ok = cx_v_rank(y) == r + 1;
    for (uint32_t i = 0; ok && i < r; i++) ok = cx_v_dims_compat(cx_v_dim(x, i), cx_v_dim(y, i));
    if (ok && eb % rb) ok = false;
    if (ok && !cx_v_dims_compat(cx_v_dim(y, r), eb / rb)) ok = false;
    if (!ok)
      return cx_verify_error(op, "requires the result shape to be the operand shape followed by %d (for '%s' to '%s')",
                             eb % rb ? 0 : eb / rb, cx_v_type_str(vc, x), cx_v_type_str(vc, y));
  } else {
    bool ok = r >= 1 && cx_v_rank(y) == r - 1;
    for (uint32_t i = 0; ok && i + 1 < r; i++)
      ok = cx_v_dims_compat(cx_v_dim(x, i), cx_v_dim(y, i));
    if (ok && rb % eb) ok = false;
    if (ok && !cx_v_dims_compat(cx_v_dim(x, r - 1), rb / eb)) ok = false;
    if (!ok)
      return cx_verify_error(op, "requires the operand shape to be the result shape followed by %d (for '%s' to '%s')",
                             rb % eb ? 0 : rb / eb, cx_v_type_str(vc, x), cx_v_type_str(vc, y));
  }
  // bitcast_convert_c2
  if (cx_v_is_complex(x) != cx_v_is_complex(y))
    return cx_verify_error(op, "cannot convert between complex and real types ('%s' to '%s')",
                           cx_v_type_str(vc, x), cx_v_type_str(vc, y));
  return NULL;
}

static cx_status_t verify_reduce_precision(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* x,
                                           const cx_type_t* y) {
  int64_t e, m;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, exponent_bits), true, 0, &e));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, mantissa_bits), true, 0, &m));
  CX_RETURN_IF_ERROR(
      cx_v_check_elem(vc, op, x, CX_V_FLOAT | CX_V_QUANT_TENSOR, "operand #0"));
  // reduce_precision_c1
  if (!cx_v_baseline_compat(x, y))
    return cx_verify_error(op, "requires compatible types for all operands and results");
  // reduce_precision_c2
  if (e < 1) return cx_verify_error(op, "exponent_bits must be at least 1, but got %lld", (long long)e);
  // reduce_precision_c3
  if (m < 0)
    return cx_verify_error(op, "mantissa_bits must be non-negative, but got %lld", (long long)m);
  return NULL;
}

static cx_status_t verify_quantize(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* x,
                                   const cx_type_t* y) {
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_FLOAT | CX_V_QUANT, "operand #0"));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, y, CX_V_QUANT, "result #0"));
  // uniform_quantize_c1
  if (!cx_v_shapes_compat(x, y))
    return cx_verify_error(op, "requires the same shape for all operands and results");
  // uniform_quantize_c2
  const cx_type_t* want = cx_v_expressed(x->tensor.element);
  if (y->tensor.element->quant.expressed != want)
    return cx_verify_error(op, "expects the result's expressed type to be '%s', but got '%s'",
                           cx_v_type_str(vc, want), cx_v_type_str(vc, y->tensor.element));
  return NULL;
}

static cx_status_t verify_dequantize(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* x,
                                     const cx_type_t* y) {
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_QUANT, "operand #0"));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, y, CX_V_FLOAT, "result #0"));
  // uniform_dequantize_c1
  if (!cx_v_shapes_compat(x, y))
    return cx_verify_error(op, "requires the same shape for all operands and results");
  // uniform_dequantize_c2
  if (y->tensor.element != x->tensor.element->quant.expressed)
    return cx_verify_error(op, "expects the result element type to be the expressed type '%s', but got '%s'",
                           cx_v_type_str(vc, x->tensor.element->quant.expressed),
                           cx_v_type_str(vc, y->tensor.element));
  return NULL;
}

cx_status_t cx_verify_convert(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  switch (op->kind) {
    case CX_OP_CONVERT: return verify_convert(vc, op, x, y);
    case CX_OP_BITCAST_CONVERT: return verify_bitcast(vc, op, x, y);
    case CX_OP_REDUCE_PRECISION: return verify_reduce_precision(vc, op, x, y);
    case CX_OP_UNIFORM_QUANTIZE: return verify_quantize(vc, op, x, y);
    case CX_OP_UNIFORM_DEQUANTIZE: return verify_dequantize(vc, op, x, y);
    default: return cx_verify_error(op, "is not a conversion op");
  }
}

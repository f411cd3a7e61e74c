// Conversions: convert, bitcast_convert, reduce_precision, uniform_quantize,
// uniform_dequantize (spec sections of the same names). The shape function
// (infer_convert.c) checks the operand and infers the result shape; here
// the result's element type, which the op chooses, is checked.
#include "ir/verify_util.h"

static cx_status_t verify_bitcast(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* x,
                                  const cx_type_t* y) {
  // bitcast_convert_c1: E and E' are storage types for quantized tensors.
  int eb = cx_v_bits(x->tensor.element), rb = cx_v_bits(y->tensor.element);
  if (eb <= 0 || rb <= 0) return cx_verify_error(op, "requires element types with a bit width");
  uint32_t r = cx_v_rank(x);
  if (rb == eb) {
    if (!cx_v_shapes_compat(x, y))
      return cx_verify_error(
          op,
          "requires the same shape for operand '%s' and result '%s' when element widths are equal",
          cx_v_type_str(vc, x), cx_v_type_str(vc, y));
  } else if (rb < eb) {
    bool ok = cx_v_rank(y) == r + 1;
    for (uint32_t i = 0; ok && i < r; i++) ok = cx_v_dims_compat(cx_v_dim(x, i), cx_v_dim(y, i));
    if (ok && eb % rb) ok = false;
    if (ok && !cx_v_dims_compat(cx_v_dim(y, r), eb / rb)) ok = false;
    if (!ok)
      return cx_verify_error(
          op, "requires the result shape to be the operand shape followed by %d (for '%s' to '%s')",
          eb % rb ? 0 : eb / rb, cx_v_type_str(vc, x), cx_v_type_str(vc, y));
  } else {
    bool ok = r >= 1 && cx_v_rank(y) == r - 1;
    for (uint32_t i = 0; ok && i + 1 < r; i++)
      ok = cx_v_dims_compat(cx_v_dim(x, i), cx_v_dim(y, i));
    if (ok && rb % eb) ok = false;
    if (ok && !cx_v_dims_compat(cx_v_dim(x, r - 1), rb / eb)) ok = false;
    if (!ok)
      return cx_verify_error(
          op, "requires the operand shape to be the result shape followed by %d (for '%s' to '%s')",
          rb % eb ? 0 : rb / eb, cx_v_type_str(vc, x), cx_v_type_str(vc, y));
  }
  // bitcast_convert_c2
  if (cx_v_is_complex(x) != cx_v_is_complex(y))
    return cx_verify_error(op, "cannot convert between complex and real types ('%s' to '%s')",
                           cx_v_type_str(vc, x), cx_v_type_str(vc, y));
  return NULL;
}

cx_status_t cx_verify_convert(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &y));
  const cx_type_t* x = cx_v_otype(op, 0);
  switch (op->kind) {
    case CX_OP_CONVERT:
      CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, y, CX_V_ANY & ~CX_V_QUANT, "result #0"));
      // convert_c1
      return cx_v_expect_result(vc, op, 0, want,
                                "requires the same shape for all operands and results");
    case CX_OP_BITCAST_CONVERT:
      return verify_bitcast(vc, op, x, y);
    case CX_OP_REDUCE_PRECISION:
      // reduce_precision_c1
      if (!cx_v_baseline_compat(want, y))
        return cx_verify_error(op, "requires compatible types for all operands and results");
      return NULL;
    case CX_OP_UNIFORM_QUANTIZE: {
      CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, y, CX_V_QUANT, "result #0"));
      // uniform_quantize_c1
      CX_RETURN_IF_ERROR(cx_v_expect_result(
          vc, op, 0, want, "requires the same shape for all operands and results"));
      // uniform_quantize_c2
      const cx_type_t* e = cx_v_expressed(x->tensor.element);
      if (y->tensor.element->quant.expressed != e)
        return cx_verify_error(op, "expects the result's expressed type to be '%s', but got '%s'",
                               cx_v_type_str(vc, e), cx_v_type_str(vc, y->tensor.element));
      return NULL;
    }
    case CX_OP_UNIFORM_DEQUANTIZE:
      CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, y, CX_V_FLOAT, "result #0"));
      // uniform_dequantize_c1
      if (!cx_v_shapes_compat(want, y))
        return cx_verify_error(op, "requires the same shape for all operands and results");
      // uniform_dequantize_c2
      if (y->tensor.element != want->tensor.element)
        return cx_verify_error(
            op, "expects the result element type to be the expressed type '%s', but got '%s'",
            cx_v_type_str(vc, want->tensor.element), cx_v_type_str(vc, y->tensor.element));
      return NULL;
    default:
      return cx_verify_error(op, "is not a conversion op");
  }
}

// dot_general, convolution (spec sections of the same names), and the
// unspecced dot, dynamic_conv, einsum and unary_einsum. The shape function
// (infer_dot_conv.c) checks the dimension numbers, windows, groups and
// operands, and infers the result shape; here the result is compared with
// it, and the rules on quantized operands and results are checked.
#include "ir/verify_util.h"

// The quantized-operand rules shared by dot_general (c14..c20) and
// convolution (c28..c34). `rhs_axis_ok` reports whether a per-axis rhs is
// quantized along an allowed dimension; result_axis_ok likewise.
static cx_status_t check_quantized(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* l,
                                   const cx_type_t* r, const cx_type_t* y, const char* opname,
                                   bool rhs_axis_ok, bool result_axis_ok) {
  bool ql = cx_v_is_quant(l), qr = cx_v_is_quant(r), qy = cx_v_is_quant(y);
  const cx_type_t *el = l->tensor.element, *er = r->tensor.element, *ey = y->tensor.element;
  // <op>_c14 / convolution_c28: is_quantized(lhs) = is_quantized(result)
  // and is_quantized(rhs).
  if (!qr || ql != qy)
    return cx_verify_error(op,
                           "%s with quantized types requires a quantized rhs, and a quantized "
                           "result exactly when lhs is quantized",
                           opname);
  // dot_general_c15: zero_points(rhs) = 0.
  if (op->kind == CX_OP_DOT_GENERAL || op->kind == CX_OP_DOT) {
    for (uint32_t i = 0; i < er->quant.num_scales; i++)
      if (er->quant.zero_points[i] != 0) return cx_verify_error(op, "rhs zero points must be 0");
  }
  // dot_general_c16 / convolution_c29, convolution_c30
  if (!rhs_axis_ok)
    return cx_verify_error(op, "rhs is quantized along a dimension that is not allowed here");
  if (!result_axis_ok)
    return cx_verify_error(op, "result is quantized along a dimension that is not allowed here");
  if (ql) {
    // dot_general_c17 / convolution_c31
    if (el->quant.storage != er->quant.storage)
      return cx_verify_error(op, "requires the same storage type for lhs and rhs");
    // dot_general_c18 / convolution_c32
    if (el->quant.expressed != er->quant.expressed || el->quant.expressed != ey->quant.expressed)
      return cx_verify_error(op, "requires the same expressed type for lhs, rhs and result");
    // dot_general_c19 / convolution_c33
    if (cx_v_is_per_tensor(r) && !cx_v_is_per_tensor(y))
      return cx_verify_error(
          op, "requires a per-tensor quantized result for a per-tensor quantized rhs");
  } else {
    // dot_general_c20 / convolution_c34 (hybrid: float lhs, quantized rhs)
    if (el != er->quant.expressed || el != ey)
      return cx_verify_error(
          op, "requires lhs and result element types '%s' and '%s' to be rhs's expressed type '%s'",
          cx_v_type_str(vc, el), cx_v_type_str(vc, ey), cx_v_type_str(vc, er->quant.expressed));
  }
  return NULL;
}

cx_status_t cx_verify_dot_conv(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &y));
  // dot_general_c12, convolution_c25, convolution_c26
  CX_RETURN_IF_ERROR(cx_v_expect_result(vc, op, 0, want, NULL));
  if (op->kind == CX_OP_EINSUM || op->kind == CX_OP_UNARY_EINSUM) return NULL;
  const cx_type_t *l = cx_v_otype(op, 0), *r = cx_v_otype(op, 1);
  if (!cx_v_is_quant(l) && !cx_v_is_quant(r) && !cx_v_is_quant(y)) return NULL;
  if (op->kind == CX_OP_DOT_GENERAL) {
    const cx_attr_t* dn = cx_v_attr(op, CX_V_NAME(vc, dot_dimension_numbers));
    cx_i64_list_t rc = dn->dot.rhs_contracting_dims;
    // dot_general_c16
    bool rhs_ok =
        !cx_v_is_per_axis(r) || !cx_v_contains(rc.data, rc.len, r->tensor.element->quant.axis);
    return check_quantized(vc, op, l, r, y, "dot_general", rhs_ok, true);
  }
  if (op->kind == CX_OP_CONVOLUTION || op->kind == CX_OP_DYNAMIC_CONV) {
    const cx_conv_dims_t* c = &cx_v_attr(op, CX_V_NAME(vc, dimension_numbers))->conv;
    bool rhs_ok = !cx_v_is_per_axis(r) ||
                  r->tensor.element->quant.axis == c->kernel_output_feature_dim;  // convolution_c29
    bool res_ok = !cx_v_is_per_axis(y) ||
                  y->tensor.element->quant.axis == c->output_feature_dim;  // convolution_c30
    return check_quantized(vc, op, l, r, y, "convolution", rhs_ok, res_ok);
  }
  return NULL;
}

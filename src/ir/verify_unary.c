// Element-wise unary ops: abs ... tanh (spec sections of the same names).
// The shape function (infer_unary.c) checks the operand and infers the
// result type; here the declared result is compared with it.
#include "ir/verify_util.h"

cx_status_t cx_verify_unary(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &y));
  switch (op->kind) {
    case CX_OP_COUNT_LEADING_ZEROS:
    case CX_OP_POPCNT:
    case CX_OP_NOT:
      // <op>_c1: type(operand) = type(result)
      if (!cx_v_types_compat(want, y))
        return cx_verify_error(op, "requires the same type for all operands and results");
      return NULL;
    case CX_OP_ABS:
    case CX_OP_REAL:
    case CX_OP_IMAG:
      // abs_c1, real_c1, imag_c1
      if (!cx_v_shapes_compat(want, y))
        return cx_verify_error(op, "requires the same shape for all operands and results");
      // abs_c2: baseline_element_type(result) = baseline_element_type(operand)
      // (or the component type); real_c2, imag_c2: exactly the component type.
      if (op->kind == CX_OP_ABS ? !cx_v_baseline_elem_eq(want->tensor.element, y->tensor.element)
                                : want->tensor.element != y->tensor.element)
        return cx_verify_error(op, "expects the result element type to be '%s', but got '%s'",
                               cx_v_type_str(vc, want->tensor.element),
                               cx_v_type_str(vc, y->tensor.element));
      return NULL;
    case CX_OP_IS_FINITE:
      // is_finite_c1
      return cx_v_expect_bool_result(vc, op, want, y);
    default:
      // <op>_c1: baseline_type(operand) = baseline_type(result); quantized
      // results may have their own scales and zero points.
      if (!cx_v_baseline_compat(want, y))
        return cx_verify_error(op, "requires compatible types for all operands and results");
      return NULL;
  }
}

// Element-wise binary ops: add ... xor and complex (spec sections of the
// same names). The shape function (infer_binary.c) checks the operands and
// infers the result type; here the declared result is compared with it,
// and add's rules on quantized results are checked.
#include "ir/verify_util.h"

static int quant_axis(const cx_type_t* t) {
  return t->tensor.element->quant.axis;
}

// add_c2 .. add_c7 on the result of an add of quantized operands.
static cx_status_t verify_quantized_add(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* l,
                                        const cx_type_t* r, const cx_type_t* y) {
  (void)vc;
  // add_c2
  if (!cx_v_is_quant(y))
    return cx_verify_error(op, "expects all operands and results to be quantized when any is");
  const cx_type_t *el = l->tensor.element, *ey = y->tensor.element;
  // add_c3
  if (el->quant.storage != ey->quant.storage)
    return cx_verify_error(op, "expects the same storage type for all operands and results");
  // add_c4
  if (el->quant.expressed != ey->quant.expressed)
    return cx_verify_error(op, "expects the same expressed type for all operands and results");
  // add_c5
  if ((cx_v_is_per_axis(l) || cx_v_is_per_axis(r)) != cx_v_is_per_axis(y))
    return cx_verify_error(
        op, "expects the result to be per-axis quantized exactly when an operand is");
  // add_c6
  if (cx_v_is_per_axis(l) && quant_axis(l) != quant_axis(y))
    return cx_verify_error(op, "expects the quantization dimension of lhs and the result to match");
  // add_c7
  if (cx_v_is_per_axis(r) && quant_axis(r) != quant_axis(y))
    return cx_verify_error(op, "expects the quantization dimension of rhs and the result to match");
  return NULL;
}

cx_status_t cx_verify_binary(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &y));
  const cx_type_t *l = cx_v_otype(op, 0), *r = cx_v_otype(op, 1);
  switch (op->kind) {
    case CX_OP_ADD:
      if (cx_v_is_quant(l)) {
        if (!cx_v_shapes_compat(want, y))
          return cx_verify_error(op, "requires the same shape for all operands and results");
        return verify_quantized_add(vc, op, l, r, y);
      }
      // add_c1
      if (!cx_v_types_compat(want, y))
        return cx_verify_error(op, "requires the same type for all operands and results");
      return NULL;
    case CX_OP_AND:
    case CX_OP_OR:
    case CX_OP_XOR:
    case CX_OP_SHIFT_LEFT:
    case CX_OP_SHIFT_RIGHT_ARITHMETIC:
    case CX_OP_SHIFT_RIGHT_LOGICAL:
      // <op>_c1
      if (!cx_v_types_compat(want, y))
        return cx_verify_error(op, "requires the same type for all operands and results");
      return NULL;
    case CX_OP_COMPLEX:
      // complex_c2
      if (!cx_v_shapes_compat(want, y))
        return cx_verify_error(op, "requires the same shape for all operands and results");
      // complex_c3
      return cx_v_expect_result(vc, op, 0, want, NULL);
    default:
      // <op>_c1
      if (!cx_v_baseline_compat(want, y))
        return cx_verify_error(op, "requires compatible types for all operands and results");
      return NULL;
  }
}

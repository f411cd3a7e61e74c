// CHLO ops (not in the StableHLO spec; the "client HLO" dialect that
// frameworks emit and that decomposes into StableHLO). The shape function
// (infer_chlo.c) checks operands and attributes by the CHLO dialect's type
// rules and infers the results; here the declared results are compared
// with them.
#include "ir/chlo.h"
#include "ir/verify_util.h"

static cx_status_t compare_result(cx_verify_ctx_t* vc, cx_op_t* op, uint32_t i,
                                  const cx_type_t* want) {
  const cx_type_t* y = NULL;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, i, &y));
  const cx_type_t* e = want->tensor.element;
  switch (op->kind) {
    case CX_OP_CHLO_NEXT_AFTER:
    case CX_OP_CHLO_POLYGAMMA:
    case CX_OP_CHLO_ZETA:
    case CX_OP_CHLO_MULHI:
      if (!cx_v_types_compat(want, y))
        return cx_verify_error(op, "requires the same type for all operands and results");
      return NULL;
    case CX_OP_CHLO_CONSTANT:
      if (y != want)
        return cx_verify_error(op, "value must be an elements attribute of the result type '%s'",
                               cx_v_type_str(vc, y));
      return NULL;
    case CX_OP_CHLO_CONSTANT_LIKE:
      if (!cx_v_shapes_compat(want, y))
        return cx_verify_error(op, "requires the result shape to match the operand shape");
      if (y->tensor.element != e)
        return cx_verify_error(op, "result element type '%s' differs from the value's '%s'",
                               cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, e));
      return NULL;
    case CX_OP_CHLO_TOP_K:
      CX_RETURN_IF_ERROR(cx_v_expect_result(vc, op, i, want, NULL));
      if (i == 0 && !cx_v_elem_eq(want, y))
        return cx_verify_error(op, "values must have the operand's element type");
      if (i == 1 && !cx_v_elem_eq(want, y))
        return cx_verify_error(op, "indices must be a tensor of i32, but got '%s'",
                               cx_v_type_str(vc, y));
      return NULL;
    case CX_OP_CHLO_BROADCAST_SELECT:
      if (!cx_v_elem_eq(want, y))
        return cx_verify_error(
            op, "requires the same element type for on_true, on_false and the result");
      return cx_v_expect_result(vc, op, i, want, NULL);
    case CX_OP_CHLO_BROADCAST_COMPARE:
      if (!cx_v_is_bool(y))
        return cx_verify_error(op, "result must be a tensor of i1, but got '%s'",
                               cx_v_type_str(vc, y));
      return cx_v_expect_result(vc, op, i, want, NULL);
    case CX_OP_CHLO_BROADCAST_COMPLEX:
      if (y->tensor.element != e)
        return cx_verify_error(
            op, "expects f32/f64 operands and a complex result of the same precision");
      return cx_v_expect_result(vc, op, i, want, NULL);
    case CX_OP_CHLO_RAGGED_DOT:
      return cx_v_expect_result(vc, op, i, want, NULL);
    case CX_OP_CHLO_SCAN:
      if (!cx_v_elem_eq(want, y) || cx_v_rank(y) != cx_v_rank(want))
        return cx_verify_error(
            op, "result #%u type '%s' is not the stacked body output or the carry '%s'", i,
            cx_v_type_str(vc, y), cx_v_type_str(vc, want));
      return cx_v_expect_result(vc, op, i, want, NULL);
    default:
      if (cx_chlo_broadcast_base(op->kind) != CX_OP_COUNT) {  // the other broadcasting ops
        if (!cx_v_baseline_elem_eq(y->tensor.element, e))
          return cx_verify_error(op, "result element type '%s' differs from the operands' '%s'",
                                 cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, e));
        return cx_v_expect_result(vc, op, i, want, NULL);
      }
      // The element-wise unary ops.
      if (!cx_v_shapes_compat(want, y))
        return cx_verify_error(op, "requires the same shape for all operands and results");
      if (y->tensor.element != e)
        return cx_verify_error(
            op, "result element type '%s' is not the expected one for operand '%s'",
            cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, cx_v_otype(op, 0)));
      return NULL;
  }
}

cx_status_t cx_verify_chlo(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  for (uint32_t i = 0; i < op->num_results; i++)
    CX_RETURN_IF_ERROR(compare_result(vc, op, i, inferred[i]));
  return NULL;
}

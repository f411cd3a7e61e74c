// stablehlo.select and stablehlo.clamp (spec "select", "clamp"): a
// predicate or bounds that are either rank 0 or shaped like the operand.
#include "ir/verify_util.h"

static cx_status_t verify_select(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *p, *t, *f, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &p));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &t));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 2, &f));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, p, CX_V_BOOL, "operand #0 (pred)"));
  const unsigned mask = CX_V_ANY & ~CX_V_QUANT_AXIS;
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, t, mask, "operand #1 (on_true)"));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, f, mask, "operand #2 (on_false)"));
  // select_c1
  if (cx_v_rank(p) != 0 && !cx_v_shapes_compat(p, t))
    return cx_verify_error(op, "requires the same shape for all operands, or a rank-0 pred; got pred '%s' and on_true '%s'",
                           cx_v_type_str(vc, p), cx_v_type_str(vc, t));
  // select_c2
  if (!cx_v_baseline_compat(t, f) || !cx_v_baseline_compat(t, y))
    return cx_verify_error(op, "requires compatible types for on_true, on_false and the result");
  return NULL;
}

static cx_status_t verify_clamp(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *lo, *x, *hi, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &lo));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 2, &hi));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  const unsigned mask = CX_V_ANY & ~CX_V_QUANT_AXIS;
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, mask, "operand #1 (operand)"));
  // clamp_c1
  if (cx_v_rank(lo) != 0 && !cx_v_shapes_compat(lo, x))
    return cx_verify_error(op, "min shape '%s' is not scalar and is not compatible with operand shape '%s'",
                           cx_v_type_str(vc, lo), cx_v_type_str(vc, x));
  // clamp_c2
  if (cx_v_rank(hi) != 0 && !cx_v_shapes_compat(hi, x))
    return cx_verify_error(op, "max shape '%s' is not scalar and is not compatible with operand shape '%s'",
                           cx_v_type_str(vc, hi), cx_v_type_str(vc, x));
  // clamp_c3
  if (!cx_v_baseline_elem_eq(lo->tensor.element, x->tensor.element) ||
      !cx_v_baseline_elem_eq(hi->tensor.element, x->tensor.element))
    return cx_verify_error(op, "requires the same element type for min, operand and max");
  // clamp_c4
  if (!cx_v_baseline_compat(x, y))
    return cx_verify_error(op, "requires compatible types for operand and result");
  return NULL;
}

cx_status_t cx_verify_select_clamp(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 3, 3));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  if (op->kind == CX_OP_SELECT) return verify_select(vc, op);
  if (op->kind == CX_OP_CLAMP) return verify_clamp(vc, op);
  return cx_verify_error(op, "is not select or clamp");
}

// The check dialect of the StableHLO test suite (check.expect_eq,
// expect_eq_const, expect_almost_eq, expect_almost_eq_const, expect_close,
// expect_serialized_eq): assertions with no results.
#include "ir/verify_util.h"

// A constant `value` compared with `lhs`: same shape, and the element type
// (or, for quantized lhs, its storage type, as in quantized constants).
static cx_status_t check_const(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* lhs) {
  const cx_attr_t* v = cx_v_attr(op, CX_V_NAME(vc, value));
  if (!v) return cx_verify_error(op, "requires attribute 'value'");
  if ((v->kind != CX_ATTR_DENSE && v->kind != CX_ATTR_DENSE_RESOURCE) || !cx_type_is_tensor(v->type))
    return cx_verify_error(op, "attribute 'value' failed to satisfy constraint: elements attribute");
  const cx_type_t* vt = v->type;
  bool elem_ok = vt->tensor.element == lhs->tensor.element ||
                 (cx_v_is_quant(lhs) && vt->tensor.element == lhs->tensor.element->quant.storage);
  if (!elem_ok || !cx_v_shapes_compat(vt, lhs))
    return cx_verify_error(op, "expected value of type '%s', but got '%s'", cx_v_type_str(vc, lhs),
                           cx_v_type_str(vc, vt));
  return NULL;
}

cx_status_t cx_verify_check(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 0, 0));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_CHECK_EXPECT_EQ:
    case CX_OP_CHECK_EXPECT_ALMOST_EQ:
    case CX_OP_CHECK_EXPECT_CLOSE: {
      CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
      const cx_type_t *a, *b;
      CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &a));
      CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &b));
      if (!cx_v_types_compat(a, b))
        return cx_verify_error(op, "requires the same type for both operands, but got '%s' and '%s'",
                               cx_v_type_str(vc, a), cx_v_type_str(vc, b));
      if (op->kind == CX_OP_CHECK_EXPECT_ALMOST_EQ) {
        double tol;
        CX_RETURN_IF_ERROR(cx_v_get_float(vc, op, CX_V_NAME(vc, tolerance), false, 1e-4, &tol));
        CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, a, CX_V_FLOAT | CX_V_COMPLEX, "operand #0"));
      }
      if (op->kind == CX_OP_CHECK_EXPECT_CLOSE) {
        int64_t u;
        CX_RETURN_IF_ERROR(
            cx_v_get_int(vc, op, CX_V_NAME(vc, max_ulp_difference), false, 1, &u));
        CX_RETURN_IF_ERROR(
            cx_v_get_int(vc, op, CX_V_NAME(vc, min_ulp_difference), false, 0, &u));
        CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, a, CX_V_FLOAT | CX_V_COMPLEX, "operand #0"));
      }
      return NULL;
    }
    case CX_OP_CHECK_EXPECT_EQ_CONST:
    case CX_OP_CHECK_EXPECT_ALMOST_EQ_CONST: {
      CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
      const cx_type_t* a;
      CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &a));
      if (op->kind == CX_OP_CHECK_EXPECT_ALMOST_EQ_CONST) {
        double tol;
        CX_RETURN_IF_ERROR(cx_v_get_float(vc, op, CX_V_NAME(vc, tolerance), false, 1e-4, &tol));
        CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, a, CX_V_FLOAT | CX_V_COMPLEX, "operand #0"));
      }
      return check_const(vc, op, a);
    }
    case CX_OP_CHECK_EXPECT_SERIALIZED_EQ: {
      CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
      CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, NULL));
      const cx_attr_t* id;
      int64_t iter;
      CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, probe_id), CX_ATTR_STRING, true, &id));
      CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, vc->names.iteration, false, 0, &iter));
      return NULL;
    }
    default:
      return cx_verify_error(op, "is not a check op");
  }
}

// Element-wise unary ops: abs ... tanh (spec sections of the same names).
// Most have one constraint, baseline_type(operand) = baseline_type(result)
// (`<op>_c1`); the operand/result element classes come from each section's
// Inputs/Outputs tables.
#include "ir/verify_util.h"

typedef enum rel {
  REL_BASELINE,   // <op>_c1: baseline_type(operand) = baseline_type(result)
  REL_SAME,       // <op>_c1: type(operand) = type(result)
  REL_ABS,        // abs_c1, abs_c2
  REL_REAL_IMAG,  // real/imag_c1, real/imag_c2
  REL_IS_FINITE,  // is_finite_c1, result of boolean type
} rel_t;

typedef struct unary_rule {
  unsigned operand;  // element classes the operand may have
  rel_t rel;
  bool accuracy;     // has the optional result_accuracy attribute
} unary_rule_t;

enum {
  FP_CX_Q = CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR,
  FP_Q = CX_V_FLOAT | CX_V_QUANT_TENSOR,
};

static bool rule_for(cx_op_kind_t k, unary_rule_t* r) {
  switch (k) {
    case CX_OP_ABS:
      *r = (unary_rule_t){CX_V_SINT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR, REL_ABS, false};
      return true;
    case CX_OP_CBRT:
    case CX_OP_COSINE:
    case CX_OP_EXPONENTIAL:
    case CX_OP_EXPONENTIAL_MINUS_ONE:
    case CX_OP_LOG:
    case CX_OP_LOG_PLUS_ONE:
    case CX_OP_LOGISTIC:
    case CX_OP_RSQRT:
    case CX_OP_SINE:
    case CX_OP_SQRT:
    case CX_OP_TAN:
    case CX_OP_TANH:
      *r = (unary_rule_t){FP_CX_Q, REL_BASELINE, true};
      return true;
    case CX_OP_CEIL:
    case CX_OP_FLOOR:
    case CX_OP_ROUND_NEAREST_AFZ:
    case CX_OP_ROUND_NEAREST_EVEN:
      *r = (unary_rule_t){FP_Q, REL_BASELINE, false};
      return true;
    case CX_OP_COUNT_LEADING_ZEROS:
    case CX_OP_POPCNT:
      *r = (unary_rule_t){CX_V_INT, REL_SAME, false};
      return true;
    case CX_OP_NOT:
      *r = (unary_rule_t){CX_V_BOOL | CX_V_INT, REL_SAME, false};
      return true;
    case CX_OP_NEGATE:
      *r = (unary_rule_t){CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR, REL_BASELINE,
                          false};
      return true;
    case CX_OP_SIGN:
      *r = (unary_rule_t){CX_V_SINT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR, REL_BASELINE,
                          false};
      return true;
    case CX_OP_REAL:
    case CX_OP_IMAG:
      *r = (unary_rule_t){CX_V_FLOAT | CX_V_COMPLEX, REL_REAL_IMAG, false};
      return true;
    case CX_OP_IS_FINITE:
      *r = (unary_rule_t){FP_Q, REL_IS_FINITE, false};
      return true;
    default:
      return false;
  }
}

// result_accuracy: tolerances are non-negative, and only the TOLERANCE mode
// may carry non-zero ones (the other modes ignore them, so non-zero values
// are a mistake the producer should hear about).
static cx_status_t check_accuracy(cx_verify_ctx_t* vc, const cx_op_t* op) {
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, result_accuracy), CX_ATTR_RESULT_ACCURACY, false, &a));
  if (!a) return NULL;
  const cx_result_accuracy_t* r = &a->result_accuracy;
  if (r->mode < CX_ACCURACY_DEFAULT || r->mode > CX_ACCURACY_TOLERANCE)
    return cx_verify_error(op, "result_accuracy has an invalid mode");
  if (r->atol < 0 || r->rtol < 0 || r->ulps < 0)
    return cx_verify_error(op, "result_accuracy tolerances must be non-negative");
  if (r->mode != CX_ACCURACY_TOLERANCE && (r->atol != 0 || r->rtol != 0 || r->ulps != 0))
    return cx_verify_error(op, "result_accuracy with mode %s must have zero tolerances",
                           cx_enum_value_name(CX_ENUM_RESULT_ACCURACY_MODE, r->mode));
  return NULL;
}

cx_status_t cx_verify_unary(cx_verify_ctx_t* vc, cx_op_t* op) {
  unary_rule_t rule;
  if (!rule_for(op->kind, &rule)) return cx_verify_error(op, "is not an element-wise unary op");
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, rule.operand, "operand #0"));
  if (rule.accuracy) CX_RETURN_IF_ERROR(check_accuracy(vc, op));
  switch (rule.rel) {
    case REL_BASELINE:
      // <op>_c1
      if (!cx_v_baseline_compat(x, y))
        return cx_verify_error(op, "requires compatible types for all operands and results");
      return NULL;
    case REL_SAME:
      // <op>_c1
      if (!cx_v_types_compat(x, y))
        return cx_verify_error(op, "requires the same type for all operands and results");
      return NULL;
    case REL_ABS: {
      // abs_c1
      if (!cx_v_shapes_compat(x, y))
        return cx_verify_error(op, "requires the same shape for all operands and results");
      // abs_c2: complex operands give their component type; otherwise
      // baseline_element_type(result) = baseline_element_type(operand).
      const cx_type_t* want = x->tensor.element;
      if (cx_v_is_complex(x))
        want = cx_type_element(vc->ctx, cx_elem_complex_component(cx_v_kind(x)));
      if (!cx_v_baseline_elem_eq(want, y->tensor.element))
        return cx_verify_error(op, "expects the result element type to be '%s', but got '%s'",
                               cx_v_type_str(vc, want), cx_v_type_str(vc, y->tensor.element));
      return NULL;
    }
    case REL_REAL_IMAG: {
      // real_c1, imag_c1
      if (!cx_v_shapes_compat(x, y))
        return cx_verify_error(op, "requires the same shape for all operands and results");
      // real_c2, imag_c2
      const cx_type_t* want = x->tensor.element;
      if (cx_v_is_complex(x))
        want = cx_type_element(vc->ctx, cx_elem_complex_component(cx_v_kind(x)));
      if (want != y->tensor.element)
        return cx_verify_error(op, "expects the result element type to be '%s', but got '%s'",
                               cx_v_type_str(vc, want), cx_v_type_str(vc, y->tensor.element));
      return NULL;
    }
    case REL_IS_FINITE:
      // is_finite_c1
      if (!cx_v_shapes_compat(x, y))
        return cx_verify_error(op, "requires the same shape for all operands and results");
      if (!cx_v_is_bool(y))
        return cx_verify_error(op, "result #0 must be a tensor of boolean values, but got '%s'",
                               cx_v_type_str(vc, y));
      return NULL;
  }
  return NULL;
}

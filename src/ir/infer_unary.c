// Shape functions of the element-wise unary ops: abs ... tanh (spec
// sections of the same names). The result has the operand's shape (and
// bounds); its element type is the operand's, except abs/real/imag of
// complex operands (the component type) and is_finite (i1). The operand's
// element classes come from each section's Inputs table.
#include "ir/infer_util.h"

enum {
  FP_CX_Q = CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR,
  FP_Q = CX_V_FLOAT | CX_V_QUANT_TENSOR,
};

// The element classes the operand may have; false for ops of other families.
static bool operand_mask(cx_op_kind_t k, unsigned* mask, bool* accuracy) {
  *accuracy = false;
  switch (k) {
    case CX_OP_ABS:
      *mask = CX_V_SINT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR;
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
      *mask = FP_CX_Q;
      *accuracy = true;
      return true;
    case CX_OP_CEIL:
    case CX_OP_FLOOR:
    case CX_OP_ROUND_NEAREST_AFZ:
    case CX_OP_ROUND_NEAREST_EVEN:
    case CX_OP_IS_FINITE:
      *mask = FP_Q;
      return true;
    case CX_OP_COUNT_LEADING_ZEROS:
    case CX_OP_POPCNT:
      *mask = CX_V_INT;
      return true;
    case CX_OP_NOT:
      *mask = CX_V_BOOL | CX_V_INT;
      return true;
    case CX_OP_NEGATE:
      *mask = CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR;
      return true;
    case CX_OP_SIGN:
      *mask = CX_V_SINT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR;
      return true;
    case CX_OP_REAL:
    case CX_OP_IMAG:
      *mask = CX_V_FLOAT | CX_V_COMPLEX;
      return true;
    default:
      return false;
  }
}

// result_accuracy: tolerances are non-negative, and only the TOLERANCE mode
// may carry non-zero ones (the other modes ignore them, so non-zero values
// are a mistake the producer should hear about).
static cx_status_t check_accuracy(const cx_infer_state_t* s) {
  const cx_attr_t* a;
  CX_RETURN_IF_ERROR(
      cx_i_get_kind(s, CX_I_NAME(s, result_accuracy), CX_ATTR_RESULT_ACCURACY, false, &a));
  if (!a) return NULL;
  const cx_result_accuracy_t* r = &a->result_accuracy;
  if (r->mode < CX_ACCURACY_DEFAULT || r->mode > CX_ACCURACY_TOLERANCE)
    return cx_i_error(s, NULL, "result_accuracy has an invalid mode");
  if (r->atol < 0 || r->rtol < 0 || r->ulps < 0)
    return cx_i_error(s, NULL, "result_accuracy tolerances must be non-negative");
  if (r->mode != CX_ACCURACY_TOLERANCE && (r->atol != 0 || r->rtol != 0 || r->ulps != 0))
    return cx_i_error(s, NULL, "result_accuracy with mode %s must have zero tolerances",
                      cx_enum_value_name(CX_ENUM_RESULT_ACCURACY_MODE, r->mode));
  return NULL;
}

cx_status_t cx_infer_unary(cx_infer_state_t* s) {
  unsigned mask;
  bool accuracy;
  if (!operand_mask(s->kind, &mask, &accuracy))
    return cx_i_error(s, NULL, "is not an element-wise unary op");
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, mask, "operand #0"));
  if (accuracy) CX_RETURN_IF_ERROR(check_accuracy(s));
  const cx_type_t* elem = x->tensor.element;
  switch (s->kind) {
    case CX_OP_ABS:   // abs_c2
    case CX_OP_REAL:  // real_c2
    case CX_OP_IMAG:  // imag_c2
      if (cx_v_is_complex(x))
        elem = cx_type_element(s->ctx, cx_elem_complex_component(cx_v_kind(x)));
      break;
    case CX_OP_IS_FINITE:  // is_finite_c1 and the result's i1 type
      elem = cx_type_element(s->ctx, CX_ELEM_I1);
      break;
    default:  // <op>_c1: baseline_type(operand) = baseline_type(result)
      break;
  }
  if (!elem) return CX_OOM();
  const cx_type_t* y = elem == x->tensor.element ? x : cx_tensor_with_element(s->ctx, x, elem);
  if (!y) return CX_OOM();
  return cx_i_result(s, y);
}

// Shape functions of the element-wise binary ops: add ... xor and complex
// (spec sections of the same names). The operands must agree (the same
// type, or the same baseline type); the result has their most specific
// shape (a static dim where either is static, the tighter bound) and the
// lhs element type, or complex<E> for complex(E, E).
#include "ir/infer_util.h"

typedef enum rel {
  REL_SAME,      // <op>_c1: type(lhs) = type(rhs) = type(result)
  REL_BASELINE,  // <op>_c1: baseline_type(lhs) = baseline_type(rhs) = baseline_type(result)
  REL_ADD,       // add_c1 .. add_c7
  REL_COMPLEX,   // complex_c1 .. complex_c3
} rel_t;

static bool rule_for(cx_op_kind_t k, unsigned* mask, rel_t* rel) {
  switch (k) {
    case CX_OP_ADD:
      *mask = CX_V_ANY;
      *rel = REL_ADD;
      return true;
    case CX_OP_AND:
    case CX_OP_OR:
    case CX_OP_XOR:
      *mask = CX_V_BOOL | CX_V_INT;
      *rel = REL_SAME;
      return true;
    case CX_OP_SHIFT_LEFT:
    case CX_OP_SHIFT_RIGHT_ARITHMETIC:
    case CX_OP_SHIFT_RIGHT_LOGICAL:
      *mask = CX_V_INT;
      *rel = REL_SAME;
      return true;
    case CX_OP_ATAN2:
      *mask = CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR;
      *rel = REL_BASELINE;
      return true;
    case CX_OP_DIVIDE:
    case CX_OP_POWER:
    case CX_OP_REMAINDER:
    case CX_OP_SUBTRACT:
      *mask = CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR;
      *rel = REL_BASELINE;
      return true;
    case CX_OP_MAXIMUM:
    case CX_OP_MINIMUM:
    case CX_OP_MULTIPLY:
      *mask = CX_V_BOOL | CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR;
      *rel = REL_BASELINE;
      return true;
    case CX_OP_COMPLEX:
      *mask = CX_V_FLOAT;
      *rel = REL_COMPLEX;
      return true;
    default:
      return false;
  }
}

// add with quantized operands (add_c2 .. add_c4 on the operands; the
// result's side is the verifier's). Returns the element type to infer: a
// per-axis operand's, since the result is per-axis when either is (add_c5).
static cx_status_t check_quantized_add(const cx_infer_state_t* s, const cx_type_t* l,
                                       const cx_type_t* r, const cx_type_t** elem) {
  // add_c2
  if (!cx_v_is_quant(l) || !cx_v_is_quant(r))
    return cx_i_error(s, "add_c2", "expects all operands and results to be quantized when any is");
  if (!cx_v_shapes_compat(l, r))
    return cx_i_error(s, "add_c2", "requires the same shape for all operands and results");
  const cx_type_t *el = l->tensor.element, *er = r->tensor.element;
  // add_c3
  if (el->quant.storage != er->quant.storage)
    return cx_i_error(s, "add_c3", "expects the same storage type for all operands and results");
  // add_c4
  if (el->quant.expressed != er->quant.expressed)
    return cx_i_error(s, "add_c4", "expects the same expressed type for all operands and results");
  *elem = cx_v_is_per_axis(r) && !cx_v_is_per_axis(l) ? er : el;
  return NULL;
}

cx_status_t cx_infer_binary(cx_infer_state_t* s) {
  unsigned mask;
  rel_t rel;
  if (!rule_for(s->kind, &mask, &rel))
    return cx_i_error(s, NULL, "is not an element-wise binary op");
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t *l, *r;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &l));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &r));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, l, mask, "operand #0"));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, r, mask, "operand #1"));
  const cx_type_t* elem = l->tensor.element;
  switch (rel) {
    case REL_ADD:
      if (cx_v_is_quant(l) || cx_v_is_quant(r)) {
        CX_RETURN_IF_ERROR(check_quantized_add(s, l, r, &elem));
        break;
      }
      // add_c1
      if (!cx_v_types_compat(l, r))
        return cx_i_error(s, "add_c1", "requires the same type for all operands and results");
      break;
    case REL_SAME:
      if (!cx_v_types_compat(l, r))
        return cx_i_error(s, cx_i_label(s, "c1"),
                          "requires the same type for all operands and results");
      break;
    case REL_BASELINE:
      if (!cx_v_baseline_compat(l, r))
        return cx_i_error(s, cx_i_label(s, "c1"),
                          "requires compatible types for all operands and results");
      break;
    case REL_COMPLEX: {
      cx_elem_t k = cx_v_kind(l);
      if (k != CX_ELEM_F32 && k != CX_ELEM_F64)
        return cx_i_error(s, NULL, "operand #0 must be a tensor of f32 or f64 values, but got '%s'",
                          cx_i_type_str(s, l));
      if (!cx_v_types_compat(l, r))
        return cx_i_error(s, "complex_c1", "requires the same type for both operands");
      // complex_c3
      elem = cx_type_element(s->ctx, k == CX_ELEM_F32 ? CX_ELEM_C64 : CX_ELEM_C128);
      if (!elem) return CX_OOM();
      break;
    }
  }
  const cx_type_t* y = cx_i_most_specific(s, l, r, elem);
  if (!y) return CX_OOM();
  return cx_i_result(s, y);
}

// Element-wise binary ops: add ... xor and complex (spec sections of the
// same names).
#include "ir/verify_util.h"

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

static int quant_axis(const cx_type_t* t) { return t->tensor.element->quant.axis; }

static cx_status_t verify_add(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* l,
                              const cx_type_t* r, const cx_type_t* y) {
  (void)vc;
  bool ql = cx_v_is_quant(l), qr = cx_v_is_quant(r), qy = cx_v_is_quant(y);
  if (!ql && !qr && !qy) {
    // add_c1
    if (!cx_v_types_compat(l, r) || !cx_v_types_compat(l, y))
      return cx_verify_error(op, "requires the same type for all operands and results");
    return NULL;
  }
  // add_c2
  if (!ql || !qr || !qy)
    return cx_verify_error(op, "expects all operands and results to be quantized when any is");
  if (!cx_v_shapes_compat(l, r) || !cx_v_shapes_compat(l, y))
    return cx_verify_error(op, "requires the same shape for all operands and results");
  const cx_type_t *el = l->tensor.element, *er = r->tensor.element, *ey = y->tensor.element;
  // add_c3
  if (el->quant.storage != er->quant.storage || el->quant.storage != ey->quant.storage)
    return cx_verify_error(op, "expects the same storage type for all operands and results");
  // add_c4
  if (el->quant.expressed != er->quant.expressed || el->quant.expressed != ey->quant.expressed)
    return cx_verify_error(op, "expects the same expressed type for all operands and results");
  // add_c5
  if ((cx_v_is_per_axis(l) || cx_v_is_per_axis(r)) != cx_v_is_per_axis(y))
    return cx_verify_error(op, "expects the result to be per-axis quantized exactly when an operand is");
  // add_c6
  if (cx_v_is_per_axis(l) && quant_axis(l) != quant_axis(y))
    return cx_verify_error(op, "expects the quantization dimension of lhs and the result to match");
  // add_c7
  if (cx_v_is_per_axis(r) && quant_axis(r) != quant_axis(y))
    return cx_verify_error(op, "expects the quantization dimension of rhs and the result to match");
  return NULL;
}

cx_status_t cx_verify_binary(cx_verify_ctx_t* vc, cx_op_t* op) {
  unsigned mask;
  rel_t rel;
  if (!rule_for(op->kind, &mask, &rel))
    return cx_verify_error(op, "is not an element-wise binary op");
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_type_t *l, *r, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &l));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &r));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, l, mask, "operand #0"));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, r, mask, "operand #1"));
  switch (rel) {
    case REL_ADD:
      return verify_add(vc, op, l, r, y);
    case REL_SAME:
      // <op>_c1
      if (!cx_v_types_compat(l, r) || !cx_v_types_compat(l, y))
        return cx_verify_error(op, "requires the same type for all operands and results");
      return NULL;
    case REL_BASELINE:
      // <op>_c1
      if (!cx_v_baseline_compat(l, r) || !cx_v_baseline_compat(l, y))
        return cx_verify_error(op, "requires compatible types for all operands and results");
      return NULL;
    case REL_COMPLEX: {
      cx_elem_t k = cx_v_kind(l);
      if (k != CX_ELEM_F32 && k != CX_ELEM_F64)
        return cx_verify_error(op, "operand #0 must be a tensor of f32 or f64 values, but got '%s'",
                               cx_v_type_str(vc, l));
      // complex_c1
      if (!cx_v_types_compat(l, r))
        return cx_verify_error(op, "requires the same type for both operands");
      // complex_c2
      if (!cx_v_shapes_compat(l, y))
        return cx_verify_error(op, "requires the same shape for all operands and results");
      // complex_c3
      cx_elem_t want = k == CX_ELEM_F32 ? CX_ELEM_C64 : CX_ELEM_C128;
      if (cx_v_kind(y) != want)
        return cx_verify_error(op, "expects the result element type to be '%s', but got '%s'",
                               cx_elem_name(want), cx_v_type_str(vc, y->tensor.element));
      return NULL;
    }
  }
  return NULL;
}

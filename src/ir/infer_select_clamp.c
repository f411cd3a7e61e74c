// Shape functions of stablehlo.select and stablehlo.clamp (spec "select",
// "clamp"): a predicate or bounds that are either rank 0 or shaped like the
// operand; the result is typed like on_true (select) or the operand
// (clamp), with the most specific shape of the shaped operands.
#include "ir/infer_util.h"

// Both ops take three tensors.
static cx_status_t three_tensors(const cx_infer_state_t* s, const cx_type_t** a,
                                 const cx_type_t** b, const cx_type_t** c) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 3, 3));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, a));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, b));
  return cx_i_tensor(s, 2, c);
}

cx_status_t cx_infer_select(cx_infer_state_t* s) {
  const cx_type_t *p, *t, *f;
  CX_RETURN_IF_ERROR(three_tensors(s, &p, &t, &f));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, p, CX_V_BOOL, "operand #0 (pred)"));
  const unsigned mask = CX_V_ANY & ~CX_V_QUANT_AXIS;
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, t, mask, "operand #1 (on_true)"));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, f, mask, "operand #2 (on_false)"));
  // select_c1
  if (cx_v_rank(p) != 0 && !cx_v_shapes_compat(p, t))
    return cx_i_error(s, "select_c1",
                      "requires the same shape for all operands, or a rank-0 pred; got pred '%s' "
                      "and on_true '%s'",
                      cx_i_type_str(s, p), cx_i_type_str(s, t));
  // select_c2
  if (!cx_v_baseline_compat(t, f))
    return cx_i_error(s, "select_c2",
                      "requires compatible types for on_true, on_false and the result");
  const cx_type_t* y = cx_i_most_specific(s, t, f, NULL);
  if (y && cx_v_rank(p) != 0) y = cx_i_most_specific(s, y, p, t->tensor.element);
  if (!y) return CX_OOM();
  return cx_i_result(s, y);
}

cx_status_t cx_infer_clamp(cx_infer_state_t* s) {
  const cx_type_t *lo, *x, *hi;
  CX_RETURN_IF_ERROR(three_tensors(s, &lo, &x, &hi));
  const unsigned mask = CX_V_ANY & ~CX_V_QUANT_AXIS;
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, mask, "operand #1 (operand)"));
  // clamp_c1
  if (cx_v_rank(lo) != 0 && !cx_v_shapes_compat(lo, x))
    return cx_i_error(s, "clamp_c1",
                      "min shape '%s' is not scalar and is not compatible with operand shape '%s'",
                      cx_i_type_str(s, lo), cx_i_type_str(s, x));
  // clamp_c2
  if (cx_v_rank(hi) != 0 && !cx_v_shapes_compat(hi, x))
    return cx_i_error(s, "clamp_c2",
                      "max shape '%s' is not scalar and is not compatible with operand shape '%s'",
                      cx_i_type_str(s, hi), cx_i_type_str(s, x));
  // clamp_c3
  if (!cx_v_baseline_elem_eq(lo->tensor.element, x->tensor.element) ||
      !cx_v_baseline_elem_eq(hi->tensor.element, x->tensor.element))
    return cx_i_error(s, "clamp_c3", "requires the same element type for min, operand and max");
  // clamp_c4: the operand's type, as specific as the bounds make it.
  const cx_type_t* y = x;
  if (cx_v_rank(lo) != 0) y = cx_i_most_specific(s, y, lo, x->tensor.element);
  if (y && cx_v_rank(hi) != 0) y = cx_i_most_specific(s, y, hi, x->tensor.element);
  if (!y) return CX_OOM();
  return cx_i_result(s, y);
}

// Shape function of stablehlo.compare (spec "compare"): operands of one
// element type and compatible shapes; an i1 result of their most specific
// shape.
#include "ir/infer_util.h"

cx_status_t cx_infer_compare(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t *l, *r;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &l));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &r));
  int dir, type;
  bool has_type;
  CX_RETURN_IF_ERROR(cx_i_get_enum(s, CX_I_NAME(s, comparison_direction),
                                   CX_ENUM_COMPARISON_DIRECTION, true, 0, &dir, NULL));
  CX_RETURN_IF_ERROR(cx_i_get_enum(s, CX_I_NAME(s, compare_type), CX_ENUM_COMPARISON_TYPE, false, 0,
                                   &type, &has_type));
  const unsigned mask = CX_V_ANY & ~CX_V_QUANT_AXIS;
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, l, mask, "operand #0 (lhs)"));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, r, mask, "operand #1 (rhs)"));
  // compare_c1
  if (!cx_v_baseline_elem_eq(l->tensor.element, r->tensor.element))
    return cx_i_error(s, "compare_c1",
                      "requires the same element type for both operands, but got '%s' and '%s'",
                      cx_i_type_str(s, l), cx_i_type_str(s, r));
  // compare_c2
  if (!cx_v_shapes_compat(l, r))
    return cx_i_error(s, "compare_c2", "requires the same shape for all operands and results");
  // compare_c3 (compare_type must suit the element type) is deliberately not
  // enforced: the reference implementation does not check it, and the
  // StableHLO compatibility suite (stablehlo_legalize_to_vhlo.*) compares f32
  // values with compare_type SIGNED.
  const cx_type_t* i1 = cx_type_element(s->ctx, CX_ELEM_I1);
  const cx_type_t* y = i1 ? cx_i_most_specific(s, l, r, i1) : NULL;
  if (!y) return CX_OOM();
  return cx_i_result(s, y);
}

// Reductions and maps: reduce, reduce_window, select_and_scatter, map (spec
// sections of the same names). The shape function (infer_reduce.c) checks
// the operands, the attributes and the regions' signatures, and infers the
// results; here the declared results are compared with them.
#include "ir/verify_util.h"

cx_status_t cx_verify_reduce(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t *want = inferred[i], *y = NULL;
    CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, i, &y));
    const cx_type_t* e = want->tensor.element;
    switch (op->kind) {
      case CX_OP_SELECT_AND_SCATTER:
        // select_and_scatter_c11
        if (!cx_v_shapes_compat(want, y))
          return cx_verify_error(op, "requires the same shape for operand and result");
        // select_and_scatter_c12
        if (y->tensor.element != e)
          return cx_verify_error(op,
                                 "result element type '%s' differs from the scatter region's '%s'",
                                 cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, e));
        break;
      case CX_OP_MAP:
        // map_c1
        if (!cx_v_shapes_compat(want, y))
          return cx_verify_error(op, "requires the same shape for all operands and results");
        // map_c4: the computation returns tensor<E'> for a result of E'.
        if (y->tensor.element != e)
          return cx_verify_error(op, "computation must return a single value of type '%s'",
                                 cx_v_type_str(vc, cx_v_scalar_of(vc, y->tensor.element)));
        break;
      default:
        // reduce_c7, reduce_window_c14, reduce_window_c15
        if (!cx_v_shapes_compat(want, y)) return cx_v_expect_result(vc, op, i, want, NULL);
        // reduce_c8, reduce_window_c16
        if (y->tensor.element != e)
          return cx_verify_error(op, "result #%u element type '%s' differs from the body's '%s'", i,
                                 cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, e));
        break;
    }
  }
  return NULL;
}

// gather, dynamic_gather, scatter and the legacy torch_index_select: the
// shape function (infer_gather_scatter.c) checks the dimension numbers,
// the operands and the update computation; here the declared results are
// compared with what it infers.
#include "ir/verify_util.h"

cx_status_t cx_verify_gather_scatter(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t *want = inferred[i], *y = NULL;
    CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, i, &y));
    if (op->kind == CX_OP_SCATTER) {
      // scatter_c24
      if (!cx_v_shapes_compat(y, want))
        return cx_verify_error(op, "result #%u shape '%s' does not match input shape '%s'", i,
                               cx_v_type_str(vc, y), cx_v_type_str(vc, cx_v_otype(op, i)));
      // scatter_c25
      if (y->tensor.element != want->tensor.element)
        return cx_verify_error(
            op, "result #%u element type '%s' does not match the update_computation's '%s'", i,
            cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, want->tensor.element));
      continue;
    }
    // gather_c22, gather_c23
    CX_RETURN_IF_ERROR(
        cx_v_expect_same(vc, op, i, want, "requires the same element type for operand and result"));
  }
  return NULL;
}

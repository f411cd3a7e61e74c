// batch_norm_grad, batch_norm_inference, batch_norm_training (spec sections
// of the same names): the shape function (infer_batch_norm.c) checks the
// operands and infers the results; here the declared ones are compared
// with them (baseline types: quantized results may have their own scales).
#include "ir/verify_util.h"

cx_status_t cx_verify_batch_norm(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  const cx_type_t* x = cx_v_otype(op, 0);
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t *want = inferred[i], *y = NULL;
    CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, i, &y));
    // batch_norm_grad_c2 / batch_norm_inference_c2 / batch_norm_training_c2
    if (!cx_v_baseline_elem_eq(y->tensor.element, x->tensor.element))
      return cx_verify_error(op, "result #%u element type '%s' differs from the operand's '%s'", i,
                             cx_v_type_str(vc, y->tensor.element),
                             cx_v_type_str(vc, x->tensor.element));
    if (cx_v_shapes_compat(want, y)) continue;
    if (cx_v_rank(want) == 1 && want != x)
      return cx_verify_error(op,
                             "result #%u must be a 1-dimensional tensor of size %lld (the feature "
                             "dimension), but got '%s'",
                             i, (long long)cx_v_dim(want, 0), cx_v_type_str(vc, y));
    // batch_norm_grad_c3 / batch_norm_inference_c7 / batch_norm_training_c7
    return cx_verify_error(op, "result #%u type '%s' is not compatible with the operand type '%s'",
                           i, cx_v_type_str(vc, y), cx_v_type_str(vc, x));
  }
  return NULL;
}

// batch_norm_grad, batch_norm_inference, batch_norm_training (spec sections
// of the same names).
#include "ir/verify_util.h"

// Operand roles: the main tensor (operand/grad_output-like) or a 1-D
// per-feature tensor (scale, offset, mean, variance).
static cx_status_t check_batch_norm(cx_verify_ctx_t* vc, cx_op_t* op, uint32_t nin,
                                    const bool* in_is_feature, uint32_t nout,
                                    const bool* out_is_feature) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, nin, nin));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, nout, nout));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  double eps;
  int64_t fi;
  CX_RETURN_IF_ERROR(cx_v_get_float(vc, op, CX_V_NAME(vc, epsilon), true, 0, &eps));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, feature_index), true, 0, &fi));
  const cx_type_t* x = cx_v_otype(op, 0);
  CX_RETURN_IF_ERROR(
      cx_v_check_elem(vc, op, x, CX_V_FLOAT | CX_V_QUANT_TENSOR, "operand #0 (operand)"));
  // <op>_c1
  if (fi < 0 || fi >= (int64_t)cx_v_rank(x))
    return cx_verify_error(op, "expects feature_index to be smaller than the rank of operand type; got feature_index %lld, and rank %u",
                           (long long)fi, cx_v_rank(x));
  int64_t features = cx_v_dim(x, (uint32_t)fi);
  for (uint32_t k = 0; k < nin + nout; k++) {
    bool is_out = k >= nin;
    uint32_t i = is_out ? k - nin : k;
    const cx_type_t* t = is_out ? cx_v_rtype(op, i) : cx_v_otype(op, i);
    bool feature = is_out ? out_is_feature[i] : in_is_feature[i];
    // batch_norm_grad_c2 / batch_norm_inference_c2 / batch_norm_training_c2
    if (!cx_v_baseline_elem_eq(t->tensor.element, x->tensor.element))
      return cx_verify_error(op, "%s #%u element type '%s' differs from the operand's '%s'",
                             is_out ? "result" : "operand", i, cx_v_type_str(vc, t->tensor.element),
                             cx_v_type_str(vc, x->tensor.element));
    if (feature) {
      // The per-feature tensors hold dim(operand, feature_index) entries
      // (batch_norm_grad_c4, c5; batch_norm_inference_c3..c6;
      // batch_norm_training_c3..c6).
      if (cx_v_rank(t) != 1 || !cx_v_dims_compat(cx_v_dim(t, 0), features))
        return cx_verify_error(op, "%s #%u must be a 1-dimensional tensor of size %lld (the feature dimension), but got '%s'",
                               is_out ? "result" : "operand", i, (long long)features,
                               cx_v_type_str(vc, t));
    } else if (!cx_v_baseline_compat(t, x)) {
      // batch_norm_grad_c3 / batch_norm_inference_c7 / batch_norm_training_c7
      return cx_verify_error(op, "%s #%u type '%s' is not compatible with the operand type '%s'",
                             is_out ? "result" : "operand", i, cx_v_type_str(vc, t),
                             cx_v_type_str(vc, x));
    }
  }
  return NULL;
}

cx_status_t cx_verify_batch_norm(cx_verify_ctx_t* vc, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_BATCH_NORM_GRAD: {
      // operand, scale, mean, variance, grad_output -> grad_operand, grad_scale, grad_offset
      static const bool in[5] = {false, true, true, true, false};
      static const bool out[3] = {false, true, true};
      return check_batch_norm(vc, op, 5, in, 3, out);
    }
    case CX_OP_BATCH_NORM_INFERENCE: {
      // operand, scale, offset, mean, variance -> result
      static const bool in[5] = {false, true, true, true, true};
      static const bool out[1] = {false};
      return check_batch_norm(vc, op, 5, in, 1, out);
    }
    case CX_OP_BATCH_NORM_TRAINING: {
      // operand, scale, offset -> output, batch_mean, batch_var
      static const bool in[3] = {false, true, true};
      static const bool out[3] = {false, true, true};
      return check_batch_norm(vc, op, 3, in, 3, out);
    }
    default:
      return cx_verify_error(op, "is not a batch-norm op");
  }
}

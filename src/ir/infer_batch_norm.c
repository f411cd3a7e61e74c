// Shape functions of batch_norm_grad, batch_norm_inference and
// batch_norm_training (spec sections of the same names): the operand-shaped
// results have the operand's type; the per-feature results (grad_scale,
// grad_offset, batch_mean, batch_var) are 1-D tensors of
// dim(operand, feature_index) elements of the operand's element type.
#include "ir/infer_util.h"

// Operand and result roles: the main tensor (operand, grad_output, result)
// or a 1-D per-feature tensor (scale, offset, mean, variance, ...).
static cx_status_t infer_batch_norm(cx_infer_state_t* s, uint32_t nin, const bool* in_is_feature,
                                    uint32_t nout, const bool* out_is_feature) {
  CX_RETURN_IF_ERROR(cx_i_count(s, nin, nin));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 0));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  double eps;
  int64_t fi;
  CX_RETURN_IF_ERROR(cx_i_get_float(s, CX_I_NAME(s, epsilon), true, 0, &eps));
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, feature_index), true, 0, &fi));
  const cx_type_t* x = cx_i_otype(s, 0);
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_FLOAT | CX_V_QUANT_TENSOR, "operand #0 (operand)"));
  // <op>_c1
  if (fi < 0 || fi >= (int64_t)cx_v_rank(x))
    return cx_i_error(s, cx_i_label(s, "c1"),
                      "expects feature_index to be smaller than the rank of operand type; got "
                      "feature_index %lld, and rank %u",
                      (long long)fi, cx_v_rank(x));
  int64_t features = cx_v_dim(x, (uint32_t)fi);
  for (uint32_t i = 0; i < nin; i++) {
    const cx_type_t* t = cx_i_otype(s, i);
    // batch_norm_grad_c2 / batch_norm_inference_c2 / batch_norm_training_c2
    if (!cx_v_baseline_elem_eq(t->tensor.element, x->tensor.element))
      return cx_i_error(s, cx_i_label(s, "c2"),
                        "operand #%u element type '%s' differs from the operand's '%s'", i,
                        cx_i_type_str(s, t->tensor.element), cx_i_type_str(s, x->tensor.element));
    if (in_is_feature[i]) {
      // batch_norm_grad_c4, c5; batch_norm_inference_c3..c6;
      // batch_norm_training_c3, c4
      if (cx_v_rank(t) != 1 || !cx_v_dims_compat(cx_v_dim(t, 0), features))
        return cx_i_error(s, NULL,
                          "operand #%u must be a 1-dimensional tensor of size %lld (the feature "
                          "dimension), but got '%s'",
                          i, (long long)features, cx_i_type_str(s, t));
    } else if (!cx_v_baseline_compat(t, x)) {
      // batch_norm_grad_c3
      return cx_i_error(s, cx_i_label(s, "c3"),
                        "operand #%u type '%s' is not compatible with the operand type '%s'", i,
                        cx_i_type_str(s, t), cx_i_type_str(s, x));
    }
  }
  const int64_t* xb = NULL;
  int64_t bound = cx_i_bounds(x, &xb) ? xb[fi] : CX_DYNAMIC_DIM;
  for (uint32_t i = 0; i < nout; i++) {
    if (!out_is_feature[i]) {
      CX_RETURN_IF_ERROR(cx_i_result(s, x));
      continue;
    }
    CX_RETURN_IF_ERROR(cx_i_result_tensor(s, x->tensor.element, 1, &features, &bound));
  }
  return NULL;
}

cx_status_t cx_infer_batch_norm(cx_infer_state_t* s) {
  switch (s->kind) {
    case CX_OP_BATCH_NORM_GRAD: {
      // operand, scale, mean, variance, grad_output -> grad_operand, grad_scale, grad_offset
      static const bool in[5] = {false, true, true, true, false};
      static const bool out[3] = {false, true, true};
      return infer_batch_norm(s, 5, in, 3, out);
    }
    case CX_OP_BATCH_NORM_INFERENCE: {
      // operand, scale, offset, mean, variance -> result
      static const bool in[5] = {false, true, true, true, true};
      static const bool out[1] = {false};
      return infer_batch_norm(s, 5, in, 1, out);
    }
    case CX_OP_BATCH_NORM_TRAINING: {
      // operand, scale, offset -> output, batch_mean, batch_var
      static const bool in[3] = {false, true, true};
      static const bool out[3] = {false, true, true};
      return infer_batch_norm(s, 3, in, 3, out);
    }
    default:
      return cx_i_error(s, NULL, "is not a batch-norm op");
  }
}

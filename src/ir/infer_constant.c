// Shape function of stablehlo.constant (spec "constant"; literals per
// "Tensor constants" and "Quantized tensor constants"): the result has the
// type of its `value` attribute. A quantized constant's literal holds
// storage-type values, so its result is the quantized type whose storage
// type that is (constant_c1), which the verifier checks.
#include "ir/infer_util.h"
#include "support/checked.h"

cx_status_t cx_infer_constant(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 0, 0));
  const cx_attr_t* v = cx_i_attr(s, CX_I_NAME(s, value));
  if (!v) return cx_i_error(s, NULL, "requires attribute 'value'");
  if ((v->kind != CX_ATTR_DENSE && v->kind != CX_ATTR_DENSE_RESOURCE) ||
      !cx_type_is_tensor(v->type))
    return cx_i_error(
        s, NULL,
        "attribute 'value' failed to satisfy constraint: constant vector/tensor attribute");
  const cx_type_t* vt = v->type;
  if (!cx_v_has_static_shape(vt))
    return cx_i_error(s, NULL, "attribute 'value' must have a statically shaped type, but got '%s'",
                      cx_i_type_str(s, vt));
  // The data must cover every element (a corrupt or truncated blob would
  // make the interpreter read out of bounds). Elided resources have no blob
  // and are the parser's concern (it fills or rejects them).
  const void* data;
  size_t nbytes;
  bool splat;
  if (cx_attr_dense_data(v, &data, &nbytes, &splat)) {
    int64_t n = cx_v_num_elements(vt);
    size_t es = cx_elem_storage_size(cx_tensor_elem(vt));
    size_t need;
    if (n < 0 || !cx_mul_size(splat ? 1 : (size_t)n, es, &need))
      return cx_i_error(s, NULL, "value has too many elements");
    if (n > 0 && nbytes < need)
      return cx_i_error(s, NULL, "value holds %zu bytes, but '%s' needs %zu", nbytes,
                        cx_i_type_str(s, vt), need);
  }
  return cx_i_result(s, vt);
}

// stablehlo.constant (spec "constant"; literals per "Tensor constants" and
// "Quantized tensor constants").
#include "ir/verify_util.h"
#include "support/checked.h"

cx_status_t cx_verify_constant(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 0, 0));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_attr_t* v = cx_v_attr(op, CX_V_NAME(vc, value));
  if (!v) return cx_verify_error(op, "requires attribute 'value'");
  if ((v->kind != CX_ATTR_DENSE && v->kind != CX_ATTR_DENSE_RESOURCE) || !cx_type_is_tensor(v->type))
    return cx_verify_error(op, "attribute 'value' failed to satisfy constraint: constant vector/tensor attribute");
  const cx_type_t* out;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &out));
  const cx_type_t* vt = v->type;
  if (!cx_v_has_static_shape(vt))
    return cx_verify_error(op, "attribute 'value' must have a statically shaped type, but got '%s'",
                           cx_v_type_str(vc, vt));
  // constant_c1: type(value) = type(output). A quantized constant's literal
  // holds storage-type values (spec "Quantized tensor constants" (C1)), so
  // its attribute has the storage type in place of the quantized one.
  const cx_type_t* expect = out;
  if (cx_v_is_quant(out))
    expect = cx_tensor_with_element(vc->ctx, out, out->tensor.element->quant.storage);
  if (vt != expect)
    return cx_verify_error(op, "value type '%s' does not match the result type '%s'",
                           cx_v_type_str(vc, vt), cx_v_type_str(vc, out));
  // The data must cover every element (a corrupt or truncated blob would
  // make the interpreter read out of bounds). Elided resources have no blob
  // and are the parser's concern (it fills or rejects them).
  const void* data;
  size_t nbytes;
  bool splat;
  if (cx_attr_dense_data(v, &data, &nbytes, &splat)) {
    int64_t n = cx_v_num_elements(vt);
    cx_elem_t k = cx_tensor_elem(vt);
    size_t es = cx_elem_storage_size(k);
    size_t need;
    if (n < 0 || !cx_mul_size(splat ? 1 : (size_t)n, es, &need))
      return cx_verify_error(op, "value has too many elements");
    if (n > 0 && nbytes < need)
      return cx_verify_error(op, "value holds %zu bytes, but '%s' needs %zu", nbytes,
                             cx_v_type_str(vc, vt), need);
  }
  return NULL;
}

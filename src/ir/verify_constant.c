// stablehlo.constant (spec "constant"): the shape function
// (infer_constant.c) checks the value attribute; the result has its type.
#include "ir/verify_util.h"

cx_status_t cx_verify_constant(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *out = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &out));
  // constant_c1: type(value) = type(output). A quantized constant's literal
  // holds storage-type values (spec "Quantized tensor constants" (C1)), so
  // its attribute has the storage type in place of the quantized one.
  const cx_type_t* expect = out;
  if (cx_v_is_quant(out))
    expect = cx_tensor_with_element(vc->ctx, out, out->tensor.element->quant.storage);
  if (want != expect)
    return cx_verify_error(op, "value type '%s' does not match the result type '%s'",
                           cx_v_type_str(vc, want), cx_v_type_str(vc, out));
  return NULL;
}

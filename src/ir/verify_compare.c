// stablehlo.compare (spec "compare"): the shape function (infer_compare.c)
// checks the operands and attributes; the result must be an i1 tensor of
// the operands' shape.
#include "ir/verify_util.h"

cx_status_t cx_verify_compare(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &y));
  // compare_c2
  return cx_v_expect_bool_result(vc, op, want, y);
}

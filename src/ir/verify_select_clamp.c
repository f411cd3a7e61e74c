// stablehlo.select and stablehlo.clamp (spec "select", "clamp"): the shape
// function (infer_select_clamp.c) checks the operands; the result must have
// the baseline type it infers (select_c2, clamp_c4).
#include "ir/verify_util.h"

cx_status_t cx_verify_select_clamp(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &y));
  if (!cx_v_baseline_compat(want, y))
    return cx_verify_error(op,
                           op->kind == CX_OP_SELECT
                               ? "requires compatible types for on_true, on_false and the result"
                               : "requires compatible types for operand and result");
  return NULL;
}

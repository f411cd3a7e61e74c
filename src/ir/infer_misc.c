// Shape functions of the ops outside StableHLO's type inference: func.func,
// func.return and func.call; custom_call; the test dialects' check.* and
// interpreter.* ops. None of them has a result shape to compute: they have
// no results, or results given by a callee or a target (func.call,
// custom_call, interpreter.run_parallel), or their operand's type
// (interpreter.probe). Their other constraints are the verifier's.
#include "ir/infer_util.h"

cx_status_t cx_infer_misc(cx_infer_state_t* s) {
  switch (s->kind) {
    case CX_OP_FUNC_CALL:
    case CX_OP_CUSTOM_CALL:
    case CX_OP_INTERPRETER_RUN_PARALLEL:
      return cx_i_results_given(s, -1);
    case CX_OP_INTERPRETER_PROBE:
      CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
      return cx_i_result(s, cx_i_otype(s, 0));
    case CX_OP_FUNC_FUNC:
    case CX_OP_FUNC_RETURN:
    case CX_OP_CHECK_EXPECT_EQ:
    case CX_OP_CHECK_EXPECT_EQ_CONST:
    case CX_OP_CHECK_EXPECT_ALMOST_EQ:
    case CX_OP_CHECK_EXPECT_ALMOST_EQ_CONST:
    case CX_OP_CHECK_EXPECT_CLOSE:
    case CX_OP_CHECK_EXPECT_SERIALIZED_EQ:
    case CX_OP_INTERPRETER_PRINT:
      return NULL;
    default:
      return cx_i_error(s, NULL, "has no shape function");
  }
}

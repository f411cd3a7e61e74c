// Routes each op to its family's verifier (one verify_<family>.c per family).
#include "ir/verify.h"

cx_status_t cx_verify_family(cx_verify_ctx_t* vc, cx_op_t* op) {
  switch (cx_op_info(op->kind)->family) {
    case CX_FAMILY_FUNC: return cx_verify_func(vc, op);
    case CX_FAMILY_CONSTANT: return cx_verify_constant(vc, op);
    case CX_FAMILY_UNARY: return cx_verify_unary(vc, op);
    case CX_FAMILY_BINARY: return cx_verify_binary(vc, op);
    case CX_FAMILY_SELECT_CLAMP: return cx_verify_select_clamp(vc, op);
    case CX_FAMILY_COMPARE: return cx_verify_compare(vc, op);
    case CX_FAMILY_CONVERT: return cx_verify_convert(vc, op);
    case CX_FAMILY_SHAPE: return cx_verify_shape(vc, op);
    case CX_FAMILY_DYNAMIC_SHAPE: return cx_verify_dynamic_shape(vc, op);
    case CX_FAMILY_GATHER_SCATTER: return cx_verify_gather_scatter(vc, op);
    case CX_FAMILY_REDUCE: return cx_verify_reduce(vc, op);
    case CX_FAMILY_SORT: return cx_verify_sort(vc, op);
    case CX_FAMILY_DOT_CONV: return cx_verify_dot_conv(vc, op);
    case CX_FAMILY_CONTROL: return cx_verify_control(vc, op);
    case CX_FAMILY_TUPLE_TOKEN: return cx_verify_tuple_token(vc, op);
    case CX_FAMILY_LINALG: return cx_verify_linalg(vc, op);
    case CX_FAMILY_RNG: return cx_verify_rng(vc, op);
    case CX_FAMILY_BATCH_NORM: return cx_verify_batch_norm(vc, op);
    case CX_FAMILY_COLLECTIVE: return cx_verify_collective(vc, op);
    case CX_FAMILY_CUSTOM_CALL: return cx_verify_custom_call(vc, op);
    case CX_FAMILY_ASYNC: return cx_verify_async(vc, op);
    case CX_FAMILY_CHLO: return cx_verify_chlo(vc, op);
    case CX_FAMILY_CHECK: return cx_verify_check(vc, op);
    case CX_FAMILY_INTERPRETER: return cx_verify_interpreter(vc, op);
    case CX_FAMILY_SDY: return cx_verify_sdy(vc, op);
    case CX_FAMILY_UNKNOWN:
    case CX_FAMILY_COUNT:
      break;
  }
  return cx_verify_error(op, "is not a StableHLO, CHLO, Shardy or func op cxla knows");
}

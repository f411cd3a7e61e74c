// Shape functions of Shardy's ops: constraints, reshards, barriers and the
// collectives (global values, as in Shardy's own verifiers) have
// their operand's type (SameOperandsAndResultType); manual and named
// computations have the types they declare (their body's, which the
// verifier compares); the others have no results.
#include "ir/infer_util.h"
#include "ir/sdy.h"

cx_status_t cx_infer_sdy(cx_infer_state_t* s) {
  if (cx_sdy_is_pass_through(s->kind)) {
    CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
    return cx_i_result(s, cx_i_otype(s, 0));
  }
  switch (s->kind) {
    case CX_OP_SDY_MANUAL_COMPUTATION:
    case CX_OP_SDY_NAMED_COMPUTATION:
      return cx_i_results_given(s, -1);
    case CX_OP_SDY_MESH:
    case CX_OP_SDY_RETURN:
    case CX_OP_SDY_SHARDING_GROUP:
      return NULL;
    default:
      return cx_i_error(s, NULL, "is not an sdy op");
  }
}

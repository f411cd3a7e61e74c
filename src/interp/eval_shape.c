// Evaluation of the SHAPE op family. Not implemented yet: every op of the
// family reports UNIMPLEMENTED until this file is written.
#include "interp/interp.h"

cx_status_t cx_eval_family_SHAPE(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                  cx_tensor_t** results) {
  (void)ev;
  (void)args;
  (void)results;
  return cx_eval_error(op, CX_UNIMPLEMENTED, "is not supported by the interpreter yet");
}

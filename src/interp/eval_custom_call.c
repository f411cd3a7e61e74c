// Evaluation of the CUSTOM_CALL op family. Not implemented yet: every op of the
// family reports UNIMPLEMENTED until this file is written.
#include "interp/interp.h"

cx_status_t cx_eval_family_CUSTOM_CALL(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                  cx_tensor_t** results) {
  (void)ev;
  (void)args;
  (void)results;
  return cx_eval_error(op, CX_UNIMPLEMENTED, "is not supported by the interpreter yet");
}

cx_status_t cx_interp_register_builtin_custom_calls(cx_interp_t* interp) {
  (void)interp;
  return NULL;
}

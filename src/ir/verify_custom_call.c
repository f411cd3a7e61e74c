// TODO(stub)
#include "ir/verify_util.h"
cx_status_t cx_verify_custom_call(cx_verify_ctx_t* vc, cx_op_t* op) { (void)vc; (void)op; return NULL; }

// TODO(stub)
#include "ir/verify_util.h"
cx_status_t cx_verify_tuple_token(cx_verify_ctx_t* vc, cx_op_t* op) { (void)vc; (void)op; return NULL; }

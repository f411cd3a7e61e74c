// Tuples and tokens: tuple, get_tuple_element, after_all, create_token. The
// shape function (infer_tuple_token.c) checks the operands and infers the
// result type, which the declared one must be.
#include "ir/verify_util.h"

cx_status_t cx_verify_tuple_token(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  const cx_type_t* y = cx_v_rtype(op, 0);
  if (y == inferred[0]) return NULL;
  switch (op->kind) {
    case CX_OP_TUPLE:  // tuple_c1
      return cx_verify_error(op, "result type '%s' is not the tuple of the operand types",
                             cx_v_type_str(vc, y));
    case CX_OP_GET_TUPLE_ELEMENT:  // get_tuple_element_c2
      return cx_verify_error(op, "has return type '%s', but expected '%s'", cx_v_type_str(vc, y),
                             cx_v_type_str(vc, inferred[0]));
    default:
      return cx_verify_error(op, "result must be a token, but got '%s'", cx_v_type_str(vc, y));
  }
}

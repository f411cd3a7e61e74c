// Tuples and tokens: tuple, get_tuple_element, after_all, create_token.
#include "ir/verify_util.h"

static cx_status_t verify_tuple(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  const cx_type_t* y = cx_v_rtype(op, 0);
  // tuple_c1: result has type tuple<type(val[0]), ..., type(val[N-1])>.
  bool ok = cx_type_is_tuple(y) && y->tuple.count == op->num_operands;
  for (uint32_t i = 0; ok && i < op->num_operands; i++)
    ok = y->tuple.items[i] == cx_v_otype(op, i);
  if (!ok)
    return cx_verify_error(op, "result type '%s' is not the tuple of the operand types",
                           cx_v_type_str(vc, y));
  return NULL;
}

static cx_status_t verify_get_tuple_element(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  const cx_type_t* t = cx_v_otype(op, 0);
  if (!cx_type_is_tuple(t))
    return cx_verify_error(op, "operand #0 must be a tuple, but got '%s'", cx_v_type_str(vc, t));
  int64_t index;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, index), true, 0, &index));
  // get_tuple_element_c1
  if (index < 0 || index >= (int64_t)t->tuple.count)
    return cx_verify_error(op, "index %lld is out of bounds of operand with size %u",
                           (long long)index, t->tuple.count);
  // get_tuple_element_c2
  if (t->tuple.items[index] != cx_v_rtype(op, 0))
    return cx_verify_error(op, "has return type '%s', but expected '%s'",
                           cx_v_type_str(vc, cx_v_rtype(op, 0)),
                           cx_v_type_str(vc, t->tuple.items[index]));
  return NULL;
}

static cx_status_t verify_after_all(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (!cx_type_is_token(cx_v_otype(op, i)))
      return cx_verify_error(op, "operand #%u must be a token, but got '%s'", i,
                             cx_v_type_str(vc, cx_v_otype(op, i)));
  if (!cx_type_is_token(cx_v_rtype(op, 0)))
    return cx_verify_error(op, "result must be a token, but got '%s'",
                           cx_v_type_str(vc, cx_v_rtype(op, 0)));
  return NULL;
}

static cx_status_t verify_create_token(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 0, 0));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  if (!cx_type_is_token(cx_v_rtype(op, 0)))
    return cx_verify_error(op, "result must be a token, but got '%s'",
                           cx_v_type_str(vc, cx_v_rtype(op, 0)));
  return NULL;
}

cx_status_t cx_verify_tuple_token(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_TUPLE: return verify_tuple(vc, op);
    case CX_OP_GET_TUPLE_ELEMENT: return verify_get_tuple_element(vc, op);
    case CX_OP_AFTER_ALL: return verify_after_all(vc, op);
    case CX_OP_CREATE_TOKEN: return verify_create_token(vc, op);
    default: return cx_verify_error(op, "is not a tuple or token op");
  }
}

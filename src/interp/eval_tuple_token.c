// The TUPLE_TOKEN family: tuple, get_tuple_element, after_all and
// create_token. Tokens carry no data (they only order side effects, which the
// interpreter already runs in program order), and tuples hold references to
// their items, so none of these ops copies tensor data.
#include "interp/interp.h"

cx_status_t cx_eval_family_TUPLE_TOKEN(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                       cx_tensor_t** results) {
  if (op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "must have exactly one result");
  switch (op->kind) {
    case CX_OP_TUPLE:
      return cx_tensor_tuple(ev->allocator, op->num_operands, args, &results[0]);
    case CX_OP_GET_TUPLE_ELEMENT: {
      if (op->num_operands != 1 || args[0]->kind != CX_VALUE_TUPLE)
        return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand must be a tuple");
      const cx_attr_t* a = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_index]);
      if (!a || a->kind != CX_ATTR_INTEGER)
        return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs an integer 'index' attribute");
      if (a->integer < 0 || a->integer >= (int64_t)args[0]->count)
        return cx_eval_error(op, CX_INVALID_ARGUMENT, "index %lld is out of range for a %u-tuple",
                             (long long)a->integer, args[0]->count);
      results[0] = cx_tensor_retain(args[0]->items[a->integer]);
      return NULL;
    }
    case CX_OP_AFTER_ALL:
      for (uint32_t i = 0; i < op->num_operands; i++)
        if (args[i]->kind != CX_VALUE_TOKEN)
          return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand #%u must be a token", i);
      return cx_tensor_token(ev->allocator, &results[0]);
    case CX_OP_CREATE_TOKEN:
      return cx_tensor_token(ev->allocator, &results[0]);
    default:
      return cx_eval_error(op, CX_INTERNAL, "is not a TUPLE_TOKEN op");
  }
}

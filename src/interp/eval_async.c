// async_start / async_done (StableHLO 1.15+, not yet in the spec): async_start
// runs its region on its operands and wraps the region's results in a
// !stablehlo.future value; async_done unwraps them.
//
// The interpreter evaluates the wrapped computation (usually a collective)
// eagerly at async_start, which is one of the schedules the asynchronous
// semantics allow: nothing can observe the result before async_done. A
// future is represented as a tuple of the region's results.
#include <stdlib.h>

#include "interp/interp.h"

static cx_status_t eval_async_start(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                    cx_tensor_t** results) {
  if (op->num_regions != 1 || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs one region and one future result");
  const cx_block_t* b = op->regions[0].first_block;
  uint32_t max = 0;
  for (const cx_op_t* o = b ? b->first_op : NULL; o; o = o->next)
    if (!o->next) max = o->num_operands;  // the terminator's operands
  cx_tensor_t** out = cx_calloc(ev->allocator, max ? max : 1, sizeof(cx_tensor_t*));
  if (!out) return CX_OOM();
  uint32_t n = 0;
  cx_status_t st = cx_eval_region(ev, &op->regions[0], op->num_operands, args, max, &n, out);
  if (!st) st = cx_tensor_tuple(ev->allocator, n, out, &results[0]);
  for (uint32_t i = 0; i < n; i++) cx_tensor_release(out[i]);
  cx_free(ev->allocator, out);
  return st;
}

static cx_status_t eval_async_done(const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results) {
  const cx_tensor_t* future = args[0];
  if (op->num_operands != 1 || future->kind != CX_VALUE_TUPLE)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs a future operand from async_start");
  if (future->count != op->num_results)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "has %u results but its future holds %u",
                         op->num_results, future->count);
  for (uint32_t i = 0; i < future->count; i++) results[i] = cx_tensor_retain(future->items[i]);
  return NULL;
}

cx_status_t cx_eval_family_ASYNC(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 cx_tensor_t** results) {
  switch (op->kind) {
    case CX_OP_ASYNC_START: return eval_async_start(ev, op, args, results);
    case CX_OP_ASYNC_DONE: return eval_async_done(op, args, results);
    default: return cx_eval_error(op, CX_UNIMPLEMENTED, "is not an async op");
  }
}

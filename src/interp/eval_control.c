// Control flow: func.call, while, if, case, composite, optimization_barrier,
// and constants.
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

static cx_status_t call_function(cx_eval_t* ev, const cx_op_t* op, const char* callee,
                                 cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_interp_func_t* f = cx_interp_find_func(ev->interp, callee);
  if (!f) return cx_eval_error(op, CX_NOT_FOUND, "calls unknown function '@%s'", callee);
  uint32_t n;
  cx_tensor_t** out;
  CX_RETURN_IF_ERROR(cx_eval_call(ev, f->op, op->num_operands, args, &n, &out));
  if (n != op->num_results) {
    for (uint32_t i = 0; i < n; i++) cx_tensor_release(out[i]);
    cx_free(ev->allocator, out);
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "callee returned %u values, expected %u", n,
                         op->num_results);
  }
  memcpy(results, out, n * sizeof(cx_tensor_t*));
  cx_free(ev->allocator, out);
  return NULL;
}

cx_status_t cx_eval_family_FUNC(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                cx_tensor_t** results) {
  if (op->kind != CX_OP_FUNC_CALL)
    return cx_eval_error(op, CX_INTERNAL, "cannot be evaluated as an op");
  const cx_attr_t* callee = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_callee]);
  if (!callee || callee->kind != CX_ATTR_SYMBOL_REF)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no callee");
  return call_function(ev, op, callee->str.data, args, results);
}

cx_status_t cx_eval_family_UNKNOWN(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results) {
  (void)ev;
  (void)args;
  (void)results;
  return cx_eval_error(op, CX_UNIMPLEMENTED, "is not an op cxla can evaluate");
}

cx_status_t cx_eval_family_CONSTANT(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                    cx_tensor_t** results) {
  (void)args;
  if (op->kind != CX_OP_CONSTANT && op->kind != CX_OP_CHLO_CONSTANT)
    return cx_eval_error(op, CX_INTERNAL, "is not a constant");
  const cx_attr_t* value = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_value]);
  if (!value) return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no value");
  cx_status_t st = cx_tensor_from_attr(ev->allocator, value, &results[0]);
  if (st) return cx_eval_wrap(op, st);
  // A quantized result reinterprets the stored integers with its quant type.
  const cx_type_t* rt = op->results[0].type;
  if (cx_type_is_tensor(rt) && results[0]->element != rt->tensor.element &&
      cx_type_elem(rt->tensor.element) == results[0]->elem)
    results[0]->element = rt->tensor.element;
  return NULL;
}

static cx_status_t eval_while(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              cx_tensor_t** results) {
  uint32_t n = op->num_operands;
  cx_tensor_t** state = cx_calloc(ev->allocator, n ? n : 1, sizeof(cx_tensor_t*));
  if (!state) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) state[i] = cx_tensor_retain(args[i]);
  cx_status_t st = NULL;
  for (;;) {
    cx_tensor_t* cond = NULL;
    st = cx_eval_region_scalars(ev, &op->regions[0], n, state, 1, &cond);
    if (st) break;
    bool go = cond->kind == CX_VALUE_TENSOR && cond->num_elements == 1 &&
              cx_load_int(cond->elem, cond->data) != 0;
    cx_tensor_release(cond);
    if (!go) break;
    cx_tensor_t** next = cx_calloc(ev->allocator, n ? n : 1, sizeof(cx_tensor_t*));
    if (!next) {
      st = CX_OOM();
      break;
    }
    uint32_t got;
    st = cx_eval_region(ev, &op->regions[1], n, state, n, &got, next);
    if (!st && got != n) st = cx_eval_error(op, CX_INVALID_ARGUMENT, "body returned %u values", got);
    for (uint32_t i = 0; i < n; i++) cx_tensor_release(state[i]);
    cx_free(ev->allocator, state);
    state = next;
    if (st) break;
  }
  if (st) {
    for (uint32_t i = 0; i < n; i++) cx_tensor_release(state[i]);
  } else {
    memcpy(results, state, n * sizeof(cx_tensor_t*));
  }
  cx_free(ev->allocator, state);
  return st;
}

cx_status_t cx_eval_family_CONTROL(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                   cx_tensor_t** results) {
  switch (op->kind) {
    case CX_OP_WHILE:
      return eval_while(ev, op, args, results);
    case CX_OP_IF: {
      // if: pred selects true_branch (region 0) or false_branch (region 1).
      bool pred = cx_load_int(args[0]->elem, args[0]->data) != 0;
      return cx_eval_region_exact(ev, op, &op->regions[pred ? 0 : 1], 0, NULL, op->num_results,
                                  "branch", results);
    }
    case CX_OP_CASE: {
      // case: an index out of range selects the last branch (case semantics).
      int64_t index = cx_load_int(args[0]->elem, args[0]->data);
      int64_t n = op->num_regions;
      if (index < 0 || index >= n) index = n - 1;
      return cx_eval_region_exact(ev, op, &op->regions[index], 0, NULL, op->num_results, "branch",
                                  results);
    }
    case CX_OP_OPTIMIZATION_BARRIER:
      for (uint32_t i = 0; i < op->num_operands; i++) results[i] = cx_tensor_retain(args[i]);
      return NULL;
    case CX_OP_COMPOSITE: {
      // composite: semantics are those of its decomposition function.
      const cx_attr_t* d = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_decomposition]);
      if (!d || d->kind != CX_ATTR_SYMBOL_REF)
        return cx_eval_error(op, CX_INVALID_ARGUMENT, "has no decomposition");
      return call_function(ev, op, d->str.data, args, results);
    }
    default:
      return cx_eval_error(op, CX_INTERNAL, "cannot be evaluated as an op");
  }
}

// The interpreter test dialect: interpreter.run_parallel (a process grid,
// see world.h), interpreter.probe (values written to .npy files, see
// probe.h) and interpreter.print.
//
// interpreter.print writes, as the StableHLO reference interpreter does,
// "%0 = " followed by the tensor: its type, then its elements nested by
// dimension, e.g.
//   %0 = tensor<2x2xi8> {
//     [
//       [1, 2],
//       [3, 4]
//     ]
//   }
// and a scalar as "tensor<ui8> {1}". Integers print in decimal, booleans as
// true/false, floats as MLIR prints float attributes (1.000000e+00 where
// that reads back exactly, otherwise the shortest exact form, non-finite
// values as hex bit patterns), complex numbers as [re, im]
// (support/tensor_print.h, shared with compiled programs). Each print holds
// the stream's lock, so prints of concurrent processes do not interleave.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"
#include "interp/probe.h"
#include "interp/world.h"
#include "support/strbuf.h"
#include "support/tensor_print.h"
#include "ir/print.h"

// ---- run_parallel -------------------------------------------------------------------

static const cx_attr_t* attr_named(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (!strcmp(op->attrs[i].name, name)) return op->attrs[i].value;
  return NULL;
}

static cx_status_t lookup_func(cx_eval_t* ev, const cx_op_t* op, const cx_attr_t* ref,
                               const cx_op_t** out) {
  if (!ref || ref->kind != CX_ATTR_SYMBOL_REF)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects function symbols (@name)");
  const cx_interp_func_t* f = cx_interp_find_func(ev->interp, ref->str.data);
  if (!f) return cx_eval_error(op, CX_NOT_FOUND, "function @%s not found", ref->str.data);
  if (!cx_func_body(f->op))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "function @%s has no body", ref->str.data);
  *out = f->op;
  return NULL;
}

static cx_status_t eval_run_parallel(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                     cx_tensor_t** results) {
  const cx_attr_t* programs = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_programs]);
  if (!programs || programs->kind != CX_ATTR_ARRAY || programs->array.count == 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "`programs` must be a non-empty array of arrays of functions");
  uint32_t replicas = programs->array.count;
  const cx_attr_t* row0 = programs->array.items[0];
  if (row0->kind != CX_ATTR_ARRAY || row0->array.count == 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "`programs` attribute cannot be empty");
  uint32_t partitions = row0->array.count;
  uint64_t np = (uint64_t)replicas * partitions;
  if (np > 4096)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "a grid of %u x %u processes is too large",
                         replicas, partitions);
  const cx_op_t** funcs = cx_calloc(ev->allocator, np, sizeof(cx_op_t*));
  if (!funcs) return CX_OOM();
  cx_status_t st = NULL;
  for (uint32_t r = 0; r < replicas && !st; r++) {
    const cx_attr_t* row = programs->array.items[r];
    if (row->kind != CX_ATTR_ARRAY || row->array.count != partitions) {
      st = cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "sizes of second dimension of `programs` should all match %u", partitions);
      break;
    }
    for (uint32_t p = 0; p < partitions && !st; p++)
      st = lookup_func(ev, op, row->array.items[p], &funcs[r * partitions + p]);
  }
  const cx_attr_t* infeed = attr_named(op, "infeed");
  const cx_op_t** infeed_funcs = NULL;
  uint32_t num_infeed = 0;
  if (!st && infeed) {
    if (infeed->kind != CX_ATTR_ARRAY || infeed->array.count == 0) {
      st = cx_eval_error(op, CX_INVALID_ARGUMENT, "`infeed` must be a non-empty array of functions");
    } else {
      num_infeed = infeed->array.count;
      infeed_funcs = cx_calloc(ev->allocator, num_infeed, sizeof(cx_op_t*));
      if (!infeed_funcs) st = CX_OOM();
      for (uint32_t i = 0; i < num_infeed && !st; i++) {
        st = lookup_func(ev, op, infeed->array.items[i], &infeed_funcs[i]);
        if (!st && cx_func_type(infeed_funcs[i])->func.num_inputs != 0)
          st = cx_eval_error(op, CX_INVALID_ARGUMENT, "infeed function @%s takes arguments",
                             cx_func_name(infeed_funcs[i]));
      }
    }
  }
  if (!st)
    st = cx_world_run_parallel(ev, op, replicas, partitions, funcs, infeed_funcs, num_infeed,
                               op->num_operands, args, op->num_results, results);
  cx_free(ev->allocator, funcs);
  cx_free(ev->allocator, infeed_funcs);
  return st;
}

// ---- probe -------------------------------------------------------------------------

static cx_status_t eval_probe(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              cx_tensor_t** results) {
  const cx_attr_t* id = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_probe_id]);
  if (!id || id->kind != CX_ATTR_STRING)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs a string probe_id");
  if (args[0]->kind != CX_VALUE_TENSOR)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "can only probe tensors");
  // Without a probe directory there is nowhere to write: the probe is a
  // pass-through (cx_interp_options_t documents that).
  const char* dir = ev->interp->options.probe_dir;
  if (dir && *dir) {
    CX_RETURN_IF_ERROR(
        cx_eval_wrap(op, cx_probe_write(&ev->interp->options, id->str.data, args[0])));
  }
  results[0] = cx_tensor_retain(args[0]);
  return NULL;
}

// ---- print ---------------------------------------------------------------------------

static void print_tensor(cx_strbuf_t* sb, const cx_tensor_t* t) {
  cx_strbuf_puts(sb, "tensor<");
  for (uint32_t d = 0; d < t->rank; d++) cx_strbuf_printf(sb, "%lldx", (long long)t->dims[d]);
  cx_print_type(sb, t->element);
  cx_strbuf_putc(sb, '>');
  cx_tensor_print_elements(sb, t->elem, t->rank, t->dims, t->data);
}

static cx_status_t eval_print(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                              cx_tensor_t** results) {
  (void)results;
  const cx_tensor_t* t = args[0];
  cx_strbuf_t sb;
  cx_strbuf_init_with(&sb, ev->allocator);
  // The reference interpreter prints the operand's SSA name as MLIR numbers
  // a value printed on its own: "%0 = " (or "%0:N = " for a result of a
  // multi-result op); block arguments get no prefix.
  const cx_value_t* v = op->num_operands ? op->operands[0].value : NULL;
  if (v && v->def_op) {
    if (v->def_op->num_results > 1) cx_strbuf_printf(&sb, "%%0:%u = ", v->def_op->num_results);
    else cx_strbuf_puts(&sb, "%0 = ");
  }
  if (t->kind == CX_VALUE_TENSOR) print_tensor(&sb, t);
  else cx_strbuf_puts(&sb, t->kind == CX_VALUE_TOKEN ? "!stablehlo.token" : "tuple");
  cx_strbuf_putc(&sb, '\n');
  return cx_tensor_print_write(&sb, ev->interp->options.print_output);
}

cx_status_t cx_eval_family_INTERPRETER(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                       cx_tensor_t** results) {
  switch (op->kind) {
    case CX_OP_INTERPRETER_RUN_PARALLEL: return eval_run_parallel(ev, op, args, results);
    case CX_OP_INTERPRETER_PROBE: return eval_probe(ev, op, args, results);
    case CX_OP_INTERPRETER_PRINT: return eval_print(ev, op, args, results);
    default: return cx_eval_error(op, CX_UNIMPLEMENTED, "is not an interpreter op");
  }
}

// Calls in other clothes (composite, async_start/async_done,
// interpreter.run_parallel), dimension-size queries and the test dialect's
// observers (interpreter.print, interpreter.probe,
// check.expect_serialized_eq) in compiled code; the plan is in
// lower_misc.h.
#include "compiler/lower_misc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/attr_ints.h"
#include "ir/builder.h"
#include "ir/clone.h"
#include "ir/print.h"
#include "ir/symbols.h"
#include "passes/passes.h"
#include "runtime/routines_misc.h"
#include "support/ptrmap.h"
#include "support/strbuf.h"

// The interpreter prints a value's SSA name as MLIR numbers a value printed
// on its own ("%0 = ", "%0:N = " for a result of an op of N results, nothing
// for a block argument). Inlining and the rewrites here change which op
// defines a value, so the prefix is fixed as the program is read, in an
// attribute of the print op.
#define PRINT_PREFIX_ATTR "cxla.print_prefix"

// ---- expand: composite, async, run_parallel ------------------------------------------

typedef struct expand {
  cx_module_t* m;
  cx_ptrmap_t seen;  // func.func -> (void*)1
  uint32_t clones;
  int depth;
} expand_t;

static cx_status_t expand_func(expand_t* x, cx_op_t* func);

static const cx_attr_t* attr_named(cx_module_t* m, const cx_op_t* op, const char* name) {
  return cx_op_attr(op, cx_intern(m->ctx, name, strlen(name)));
}

static cx_status_t func_of(expand_t* x, const cx_op_t* op, const cx_attr_t* ref, cx_op_t** out) {
  *out = NULL;
  if (!ref || ref->kind != CX_ATTR_SYMBOL_REF)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "expects function symbols (@name)");
  *out = cx_module_lookup_func(x->m, ref->str.data);
  if (!*out || !cx_func_body(*out))
    return cx_lower_op_error(op, CX_NOT_FOUND, "refers to '@%s', which has no body", ref->str.data);
  return NULL;
}

// Replaces `op` by a func.call of `callee` with the same operands and
// results.
static cx_status_t replace_by_call(expand_t* x, cx_op_t* op, cx_op_t* callee, cx_op_t** out_call) {
  cx_module_t* m = x->m;
  const cx_type_t* ft = cx_func_type(callee);
  if (ft->func.num_inputs != op->num_operands || ft->func.num_results != op->num_results)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "passes %u values to '@%s', which takes %u and returns %u for %u "
                             "results",
                             op->num_operands, cx_func_name(callee), ft->func.num_inputs,
                             ft->func.num_results, op->num_results);
  const char* name = cx_func_name(callee);
  const cx_named_attr_t attr = {cx_name(m->ctx, CX_NAME_callee),
                                cx_attr_symbol_ref(&m->arena, name, strlen(name))};
  if (!attr.value) return CX_OOM();
  cx_allocator_t a = m->ctx->allocator;
  const cx_type_t** types = cx_calloc(a, op->num_results, sizeof(*types));
  cx_value_t** operands = cx_calloc(a, op->num_operands, sizeof(*operands));
  cx_status_t s = types && operands ? NULL : CX_OOM();
  for (uint32_t i = 0; i < op->num_results && !s; i++) types[i] = cx_op_result(op, i)->type;
  for (uint32_t i = 0; i < op->num_operands && !s; i++) operands[i] = cx_op_operand(op, i);
  cx_op_t* call = NULL;
  if (!s) {
    cx_builder_t b;
    cx_builder_init(&b, m);
    cx_builder_set_before(&b, op);
    cx_op_state_t st = {.kind = CX_OP_FUNC_CALL,
                        .loc = op->loc,
                        .num_operands = op->num_operands,
                        .operands = operands,
                        .num_results = op->num_results,
                        .result_types = types,
                        .num_attrs = 1,
                        .attrs = &attr};
    s = cx_build(&b, &st, &call);
  }
  cx_free(a, types);
  cx_free(a, operands);
  CX_RETURN_IF_ERROR(s);
  for (uint32_t i = 0; i < op->num_results; i++)
    cx_value_replace_all_uses(cx_op_result(op, i), cx_op_result(call, i));
  cx_op_erase(op);
  *out_call = call;
  return NULL;
}

// async_start's computation runs where it starts (the interpreter's
// schedule): its ops are inlined before it, and every async_done takes the
// computation's results. *out_first: the first inlined op (or NULL).
static cx_status_t inline_async(expand_t* x, cx_op_t* op, bool* out_done, cx_op_t** out_first) {
  *out_done = false;
  *out_first = NULL;
  cx_value_t* future = cx_op_result(op, 0);
  for (cx_operand_t* u = future->first_use; u; u = u->next_use)
    if (u->owner->kind != CX_OP_ASYNC_DONE || u->owner->block != op->block) return NULL;
  cx_block_t* body = op->num_regions ? cx_region_block(&op->regions[0]) : NULL;
  if (!body || body->num_args != op->num_operands) return NULL;
  cx_ir_map_t map;
  cx_ir_map_init(&map, x->m);
  cx_status_t s = NULL;
  for (uint32_t i = 0; i < body->num_args && !s; i++)
    if (!cx_ir_map_value(&map, body->args[i], cx_op_operand(op, i))) s = CX_OOM();
  cx_builder_t b;
  cx_builder_init(&b, x->m);
  cx_builder_set_before(&b, op);
  cx_op_t* term = cx_block_terminator(body);
  for (cx_op_t* o = body->first_op; o && o != term && !s; o = o->next) {
    cx_op_t* clone;
    s = cx_op_clone(&b, o, &map, &clone);
    if (!s && !*out_first) *out_first = clone;
  }
  while (!s && future->first_use) {
    cx_op_t* done = future->first_use->owner;
    if (!term || done->num_results != term->num_operands) {
      s = cx_lower_op_error(done, CX_INVALID_ARGUMENT, "has %u results but its future holds %u",
                            done->num_results, term ? term->num_operands : 0);
      break;
    }
    for (uint32_t i = 0; i < done->num_results; i++)
      cx_value_replace_all_uses(cx_op_result(done, i),
                                cx_ir_map_lookup(&map, cx_op_operand(term, i)));
    cx_op_erase(done);
  }
  cx_ir_map_free(&map);
  CX_RETURN_IF_ERROR(s);
  cx_op_erase(op);
  *out_done = true;
  return NULL;
}

// Gives the ops of a run_parallel program their meaning in a world of one
// process (cx_collective_world_op), in program order.
static cx_status_t world_block(cx_module_t* m, cx_misc_world_t* w, cx_block_t* block, bool nested) {
  for (cx_op_t* op = block->first_op; op;) {
    cx_op_t* next = op->next;
    bool erased = false;
    if (op->kind == CX_OP_INFEED || op->kind == CX_OP_SEND || op->kind == CX_OP_RECV)
      CX_RETURN_IF_ERROR(cx_collective_world_op(m, w, op, nested, &erased));
    for (uint32_t r = 0; !erased && r < op->num_regions; r++)
      for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
        CX_RETURN_IF_ERROR(world_block(m, w, b, true));
    op = next;
  }
  return NULL;
}

// A copy of a run_parallel program with its calls inlined (their bodies
// expanded first), so that its infeed, send, recv and collective ops are in
// view, in program order.
static cx_status_t program_copy(expand_t* x, cx_op_t* program, cx_op_t** out_copy) {
  cx_module_t* m = x->m;
  char name[256];
  cx_op_t* copy = NULL;
  cx_symbol_table_t* table = NULL;
  cx_status_t s = cx_module_symbol_table(m, &table);
  while (!s && !copy) {
    snprintf(name, sizeof name, "%s.run_parallel.%u", cx_func_name(program), x->clones++);
    if (cx_module_lookup_func(m, name)) continue;
    s = cx_func_clone(m, program, name, &copy);
    if (!s) s = cx_symbol_table_insert(table, copy);
  }
  if (!s) s = expand_func(x, copy);
  if (!s) s = cx_pass_inline(m, copy, NULL);
  *out_copy = copy;
  return s;
}

// interpreter.run_parallel. On a 1 x 1 grid: a call of a copy of its
// program in which infeed, send and recv are resolved for a world of one
// process. On a larger grid: every process's program placed in this
// function, the processes' collectives and transfers met at compile time
// (expand_grid.c).
static cx_status_t expand_run_parallel(expand_t* x, cx_op_t* op) {
  cx_module_t* m = x->m;
  const cx_attr_t* programs = cx_op_attr(op, cx_name(m->ctx, CX_NAME_programs));
  if (!programs || programs->kind != CX_ATTR_ARRAY || !programs->array.count ||
      programs->array.items[0]->kind != CX_ATTR_ARRAY || !programs->array.items[0]->array.count)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                             "needs `programs`, a non-empty array of arrays of functions");
  uint64_t r = programs->array.count, p = programs->array.items[0]->array.count;
  for (uint64_t i = 0; i < r; i++)
    if (programs->array.items[i]->kind != CX_ATTR_ARRAY ||
        programs->array.items[i]->array.count != p)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                               "needs `programs` with as many functions in every replica");
  // Each process's program is compiled into the caller: a bound keeps the
  // program size in proportion.
  if (r * p > CX_GRID_MAX_PROCESSES)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "runs %llu processes; compiled code simulates at most %d",
                             (unsigned long long)(r * p), CX_GRID_MAX_PROCESSES);
  uint32_t n = (uint32_t)(r * p);
  const cx_attr_t* infeed = attr_named(m, op, "infeed");
  uint32_t num_infeed = infeed && infeed->kind == CX_ATTR_ARRAY ? infeed->array.count : 0;
  cx_allocator_t al = m->ctx->allocator;
  const cx_op_t** queue = cx_calloc(al, num_infeed + 1, sizeof(*queue));
  cx_op_t** copies = cx_calloc(al, n, sizeof(*copies));
  cx_ptrmap_t copy_of;  // program -> its copy (processes running the same program share it)
  cx_ptrmap_init(&copy_of, al);
  cx_status_t s = queue && copies ? NULL : CX_OOM();
  for (uint32_t i = 0; i < num_infeed && !s; i++) {
    cx_op_t* f = NULL;
    s = func_of(x, op, infeed->array.items[i], &f);
    if (!s && cx_func_type(f)->func.num_inputs)
      s = cx_lower_op_error(op, CX_INVALID_ARGUMENT, "infeed function @%s takes arguments",
                            cx_func_name(f));
    if (!s) s = expand_func(x, f);
    queue[i] = f;
  }
  for (uint32_t i = 0; i < n && !s; i++) {
    cx_op_t* program = NULL;
    s = func_of(x, op, programs->array.items[i / p]->array.items[i % p], &program);
    void* known = NULL;
    if (!s && cx_ptrmap_find(&copy_of, program, &known)) {
      copies[i] = known;
      continue;
    }
    if (!s) s = program_copy(x, program, &copies[i]);
    if (!s && !cx_ptrmap_put(&copy_of, program, copies[i])) s = CX_OOM();
  }
  cx_ptrmap_free(&copy_of);
  cx_misc_world_t* w = NULL;
  if (!s && !(w = cx_misc_world_create(al, queue, num_infeed, n))) s = CX_OOM();
  cx_op_t* call = NULL;
  if (!s && n == 1) {
    s = world_block(m, w, cx_func_body(copies[0]), false);
    if (!s) s = replace_by_call(x, op, copies[0], &call);
  } else if (!s) {
    s = cx_grid_expand(m, op, (int64_t)r, (int64_t)p, copies, w);
  }
  cx_misc_world_destroy(w);
  cx_free(al, queue);
  cx_free(al, copies);
  return s;
}

static cx_status_t expand_block(expand_t* x, cx_block_t* block) {
  for (cx_op_t* op = block->first_op; op;) {
    cx_op_t* next = op->next;
    cx_op_t* callee = NULL;
    switch (op->kind) {
      case CX_OP_FUNC_CALL:
        CX_RETURN_IF_ERROR(
            func_of(x, op, cx_op_attr(op, cx_name(x->m->ctx, CX_NAME_callee)), &callee));
        CX_RETURN_IF_ERROR(expand_func(x, callee));
        break;
      case CX_OP_COMPOSITE: {
        cx_op_t* call;
        CX_RETURN_IF_ERROR(
            func_of(x, op, cx_op_attr(op, cx_name(x->m->ctx, CX_NAME_decomposition)), &callee));
        CX_RETURN_IF_ERROR(expand_func(x, callee));
        CX_RETURN_IF_ERROR(replace_by_call(x, op, callee, &call));
        op = next;
        continue;
      }
      case CX_OP_ASYNC_START: {
        bool done;
        cx_op_t* first;
        CX_RETURN_IF_ERROR(inline_async(x, op, &done, &first));
        if (done) {
          next = first ? first : next;  // expand what was inlined
          op = next;
          continue;
        }
        break;
      }
      case CX_OP_INTERPRETER_RUN_PARALLEL:
        CX_RETURN_IF_ERROR(expand_run_parallel(x, op));
        op = next;
        continue;
      default:
        break;
    }
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
        CX_RETURN_IF_ERROR(expand_block(x, b));
    op = next;
  }
  return NULL;
}

// Fixes the print prefixes of a function's prints before anything changes
// which ops define their operands.
static cx_status_t mark_prints(cx_module_t* m, cx_block_t* block) {
  for (cx_op_t* op = block->first_op; op; op = op->next) {
    if (op->kind == CX_OP_INTERPRETER_PRINT && op->num_operands &&
        !attr_named(m, op, PRINT_PREFIX_ATTR)) {
      const cx_value_t* v = cx_op_operand(op, 0);
      char prefix[32] = "";
      if (v->def_op && v->def_op->num_results > 1)
        snprintf(prefix, sizeof prefix, "%%0:%u = ", v->def_op->num_results);
      else if (v->def_op)
        snprintf(prefix, sizeof prefix, "%%0 = ");
      const cx_attr_t* a = cx_attr_string(&m->arena, prefix, strlen(prefix));
      if (!a) return CX_OOM();
      CX_RETURN_IF_ERROR(cx_op_set_attr(
          m, op, cx_intern(m->ctx, PRINT_PREFIX_ATTR, strlen(PRINT_PREFIX_ATTR)), a));
    }
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
        CX_RETURN_IF_ERROR(mark_prints(m, b));
  }
  return NULL;
}

static cx_status_t expand_func(expand_t* x, cx_op_t* func) {
  if (cx_ptrmap_get(&x->seen, func)) return NULL;
  if (!cx_ptrmap_put(&x->seen, func, (void*)1)) return CX_OOM();
  cx_block_t* body = cx_func_body(func);
  if (!body) return NULL;
  if (x->depth >= 64)
    return cx_lower_op_error(func, CX_UNIMPLEMENTED, "nests calls deeper than 64 (recursion?)");
  x->depth++;
  cx_status_t s = mark_prints(x->m, body);
  if (!s) s = expand_block(x, body);
  x->depth--;
  return s;
}

cx_status_t cx_misc_expand(cx_module_t* module, cx_op_t* func) {
  expand_t x;
  memset(&x, 0, sizeof(x));
  x.m = module;
  cx_ptrmap_init(&x.seen, module->ctx->allocator);
  cx_status_t s = expand_func(&x, func);
  cx_ptrmap_free(&x.seen);
  return s;
}

// ---- localize: the grid's ops, dimension sizes ----------------------------------------

static cx_status_t localize_dimension_size(cx_module_t* m, cx_op_t* op, bool* out_erased) {
  *out_erased = false;
  cx_value_t* x = cx_op_operand(op, 0);
  int64_t dim;
  if (!cx_type_is_tensor(x->type) || !cx_op_get_int(m->ctx, op, CX_NAME_dimension, &dim) ||
      dim < 0 || dim >= (int64_t)x->type->tensor.rank)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has a bad dimension");
  int64_t size = x->type->tensor.dims[dim];
  if (size == CX_DYNAMIC_DIM) return NULL;  // left to the lowering's error
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, op);
  b.loc = op->loc;
  cx_value_t* r = cx_op_result(op, 0);
  cx_value_t* v;
  if (op->kind == CX_OP_GET_DIMENSION_SIZE) {
    const cx_attr_t* value;
    CX_RETURN_IF_ERROR(cx_attr_splat_i64(m, r->type, size, &value));
    CX_RETURN_IF_ERROR(cx_build_constant(&b, value, &v));
  } else {
    // set_dimension_size keeps the first `size` elements along dim (the
    // rest is padding); with a static result type that is its dim.
    if (!cx_type_is_tensor(r->type) || !cx_tensor_has_static_shape(r->type) ||
        r->type->tensor.rank != x->type->tensor.rank)
      return NULL;
    int64_t want = r->type->tensor.dims[dim], given;
    if (cx_value_splat_i64(cx_op_operand(op, 1), &given) && given != want)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                               "sets dimension %lld to %lld but its result type has %lld",
                               (long long)dim, (long long)given, (long long)want);
    if (want < 0 || want > size)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT,
                               "size %lld is outside [0, %lld] (the operand's dimension %lld)",
                               (long long)want, (long long)size, (long long)dim);
    int64_t start[CX_MAX_RANK] = {0}, limit[CX_MAX_RANK], strides[CX_MAX_RANK];
    uint32_t rank = x->type->tensor.rank;
    for (uint32_t d = 0; d < rank; d++) {
      limit[d] = x->type->tensor.dims[d];
      strides[d] = 1;
    }
    limit[dim] = want;
    if (want == size) {
      v = x;
    } else {
      cx_named_attr_t attrs[3] = {
          {cx_name(m->ctx, CX_NAME_start_indices), cx_attr_i64_array(m, rank, start)},
          {cx_name(m->ctx, CX_NAME_limit_indices), cx_attr_i64_array(m, rank, limit)},
          {cx_name(m->ctx, CX_NAME_strides), cx_attr_i64_array(m, rank, strides)}};
      if (!attrs[0].value || !attrs[1].value || !attrs[2].value) return CX_OOM();
      CX_RETURN_IF_ERROR(cx_build_value(&b, CX_OP_SLICE, 1, &x, r->type, 3, attrs, &v));
    }
    if (v->type->tensor.element != r->type->tensor.element) return NULL;
  }
  cx_value_replace_all_uses(r, v);
  cx_op_erase(op);
  *out_erased = true;
  return NULL;
}

static cx_status_t localize_block(cx_module_t* m, cx_block_t* block) {
  for (cx_op_t* op = block->first_op; op;) {
    cx_op_t* next = op->next;
    bool erased = false;
    if (cx_op_info(op->kind)->family == CX_FAMILY_COLLECTIVE)
      CX_RETURN_IF_ERROR(cx_collective_localize(m, op, &erased));
    else if (op->kind == CX_OP_GET_DIMENSION_SIZE || op->kind == CX_OP_SET_DIMENSION_SIZE)
      CX_RETURN_IF_ERROR(localize_dimension_size(m, op, &erased));
    for (uint32_t r = 0; !erased && r < op->num_regions; r++)
      for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
        CX_RETURN_IF_ERROR(localize_block(m, b));
    op = next;
  }
  return NULL;
}

cx_status_t cx_misc_localize(cx_module_t* module, cx_op_t* func) {
  cx_block_t* body = cx_func_body(func);
  return body ? localize_block(module, body) : NULL;
}

// ---- lowering -----------------------------------------------------------------------

void cx_lower_misc_call(cx_lower_t* lw, uint32_t program, const cx_op_t* op, uint32_t routine,
                        const void* params, uint32_t params_size, const uint32_t* bindings,
                        uint32_t num_bindings) {
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_CALL;
  cx_lower_where(lw, op, &st);
  st.call.routine = routine;
  st.call.params = cx_xb_params(&lw->xb, params, params_size);
  st.call.params_size = params_size;
  // The profile's name of the step: the op (cx_lower_step_ops only reads it).
  cx_op_t* const named = (cx_op_t*)op;
  cx_lower_step_ops(lw, &st, "", &named, 1);
  cx_xb_step(&lw->xb, program, &st, bindings, num_bindings);
}

void cx_lower_misc_fail(cx_lower_t* lw, uint32_t program, const cx_op_t* op, int32_t code,
                        const char* message) {
  cx_rt_fail_params_t p = {code, cx_xb_string(&lw->xb, message)};
  cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_FAIL, &p, sizeof p, NULL, 0);
}

static cx_status_t shape_of(const cx_op_t* op, const cx_type_t* t, cx_rt_shape_t* out) {
  memset(out, 0, sizeof(*out));
  if (!cx_type_is_tensor(t) || !cx_tensor_has_static_shape(t))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "needs a tensor of static shape");
  if (t->tensor.rank > CX_MAX_RANK)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "has too many dims");
  out->elem = (int32_t)cx_tensor_elem(t);
  out->rank = t->tensor.rank;
  memcpy(out->dims, t->tensor.dims, t->tensor.rank * sizeof(int64_t));
  return NULL;
}

// "tensor<2x3xf32>" as the interpreter spells a value's type (no encoding).
static char* value_type_text(const cx_type_t* t) {
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_strbuf_puts(&sb, "tensor<");
  for (uint32_t d = 0; d < t->tensor.rank; d++)
    cx_strbuf_printf(&sb, "%lldx", (long long)t->tensor.dims[d]);
  cx_print_type(&sb, t->tensor.element);
  cx_strbuf_putc(&sb, '>');
  return cx_strbuf_take(&sb);
}

static cx_status_t lower_print(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  cx_value_t* v = cx_op_operand(op, 0);
  const cx_attr_t* prefix = attr_named(lw->module, op, PRINT_PREFIX_ATTR);
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  if (prefix && prefix->kind == CX_ATTR_STRING)
    cx_strbuf_puts(&sb, prefix->str.data);
  else if (v->def_op)
    cx_strbuf_puts(&sb, "%0 = ");
  cx_rt_print_params_t p = {0};
  uint32_t slot = 0, nb = 0;
  cx_status_t s = NULL;
  if (cx_type_is_tensor(v->type)) {
    s = shape_of(op, v->type, &p.shape);
    char* text = s ? NULL : value_type_text(v->type);
    if (!s && !text) s = CX_OOM();
    if (!s) cx_strbuf_puts(&sb, text);
    cx_free_malloced(text);
    if (!s) s = cx_lower_slot_of(lw, op, v, &slot);
    p.is_tensor = 1;
    nb = 1;
  } else {
    cx_strbuf_puts(&sb, cx_type_is_token(v->type) ? "!stablehlo.token" : "tuple");
  }
  char* header = cx_strbuf_take(&sb);
  if (!s && !header) s = CX_OOM();
  if (!s) {
    p.header = cx_xb_string(&lw->xb, header);
    cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_PRINT, &p, sizeof p, &slot, nb);
  }
  cx_free_malloced(header);
  return s;
}

static cx_status_t probe_id(cx_lower_t* lw, const cx_op_t* op, uint32_t* out) {
  const cx_attr_t* id = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_probe_id));
  if (!id || id->kind != CX_ATTR_STRING)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs a string probe_id");
  *out = cx_xb_string(&lw->xb, id->str.data);
  return NULL;
}

static cx_status_t lower_probe(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  cx_value_t* v = cx_op_operand(op, 0);
  cx_rt_probe_params_t p = {0};
  uint32_t slot;
  CX_RETURN_IF_ERROR(shape_of(op, v->type, &p.shape));
  CX_RETURN_IF_ERROR(probe_id(lw, op, &p.probe_id));
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, v, &slot));
  char* type = value_type_text(v->type);
  if (!type) return CX_OOM();
  p.type = cx_xb_string(&lw->xb, type);
  cx_free_malloced(type);
  cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_PROBE, &p, sizeof p, &slot, 1);
  // The probe passes its operand through.
  return cx_lower_alias(lw, op, v, cx_op_result(op, 0));
}

static cx_status_t lower_serialized_eq(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  cx_value_t* v = cx_op_operand(op, 0);
  cx_rt_probe_check_params_t p = {0};
  uint32_t slot;
  CX_RETURN_IF_ERROR(shape_of(op, v->type, &p.check.shape));
  CX_RETURN_IF_ERROR(probe_id(lw, op, &p.probe_id));
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, v, &slot));
  const cx_attr_t* it = attr_named(lw->module, op, "iteration");
  if (it && (it->kind != CX_ATTR_INTEGER || it->integer < 0))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "needs a non-negative integer iteration");
  p.iteration = it ? it->integer : 0;
  p.check.mode = CX_RT_CHECK_EQ;
  p.check.what = cx_xb_string(&lw->xb, "check.expect_serialized_eq");
  char* type = value_type_text(v->type);
  if (!type) return CX_OOM();
  p.type = cx_xb_string(&lw->xb, type);
  cx_free_malloced(type);
  cx_lower_misc_call(lw, program, op, CX_RT_ROUTINE_PROBE_CHECK, &p, sizeof p, &slot, 1);
  return NULL;
}

bool cx_lower_misc_handles(const cx_op_t* op) {
  switch (cx_op_info(op->kind)->family) {
    case CX_FAMILY_RNG:
    case CX_FAMILY_COLLECTIVE:
      return true;
    default:
      break;
  }
  return op->kind == CX_OP_INTERPRETER_PRINT || op->kind == CX_OP_INTERPRETER_PROBE ||
         op->kind == CX_OP_CHECK_EXPECT_SERIALIZED_EQ;
}

cx_status_t cx_lower_misc_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_INTERPRETER_PRINT:
      return lower_print(lw, program, op);
    case CX_OP_INTERPRETER_PROBE:
      return lower_probe(lw, program, op);
    case CX_OP_CHECK_EXPECT_SERIALIZED_EQ:
      return lower_serialized_eq(lw, program, op);
    default:
      break;
  }
  if (cx_op_info(op->kind)->family == CX_FAMILY_RNG) return cx_lower_rng_op(lw, program, op);
  return cx_lower_collective_op(lw, program, op);
}

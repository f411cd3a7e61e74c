// Lowering a function to an executable: every value gets a buffer slot,
// every op a step (a generated kernel, a library routine, a copy, or a
// control-flow step with programs of its own), and the code generator
// compiles the kernels.
//
// Calls are expanded where they are made (the callee's body is lowered with
// its arguments bound to the caller's slots), so the runtime needs no call
// stack. Ops that only rename values (optimization_barrier, tuples,
// get_tuple_element, call results) give their results the operands' slots.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg.h"
#include "compiler/epilogue.h"
#include "compiler/exe_builder.h"
#include "compiler/fusion.h"
#include "compiler/lower.h"
#include "ir/attr_ints.h"
#include "runtime/routines.h"
#include "support/checked.h"
#include "support/strbuf.h"

enum { CX_LOWER_MAX_CALL_DEPTH = 64 };
// The largest single buffer a program may ask for (64 TiB; more is no
// machine's memory, and byte offsets stay far from overflowing).
#define CX_LOWER_MAX_BUFFER_BYTES (UINT64_C(1) << 46)

// ---- value -> slot map ---------------------------------------------------------------

static uint64_t ptr_hash(const void* p) {
  uint64_t h = (uint64_t)(uintptr_t)p;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

static bool map_grow(cx_lower_t* lw) {
  size_t cap = lw->map_cap ? lw->map_cap * 2 : 256;
  cx_lower_entry_t* e = cx_calloc(lw->ctx->allocator, cap, sizeof(*e));
  if (!e) return false;
  for (size_t i = 0; i < lw->map_cap; i++) {
    if (!lw->map[i].value) continue;
    size_t j = ptr_hash(lw->map[i].value) & (cap - 1);
    while (e[j].value) j = (j + 1) & (cap - 1);
    e[j] = lw->map[i];
  }
  cx_free(lw->ctx->allocator, lw->map);
  lw->map = e;
  lw->map_cap = cap;
  return true;
}

static cx_lower_entry_t* map_find(cx_lower_t* lw, const cx_value_t* v) {
  if (!lw->map_cap) return NULL;
  size_t j = ptr_hash(v) & (lw->map_cap - 1);
  while (lw->map[j].value) {
    if (lw->map[j].value == v) return &lw->map[j];
    j = (j + 1) & (lw->map_cap - 1);
  }
  return NULL;
}

static cx_lower_entry_t* map_put(cx_lower_t* lw, const cx_value_t* v) {
  cx_lower_entry_t* e = map_find(lw, v);
  if (e) return e;
  if ((lw->map_len + 1) * 2 > lw->map_cap && !map_grow(lw)) return NULL;
  size_t j = ptr_hash(v) & (lw->map_cap - 1);
  while (lw->map[j].value) j = (j + 1) & (lw->map_cap - 1);
  lw->map[j].value = v;
  lw->map[j].slot = 0;
  lw->map[j].result_slot = UINT32_MAX;
  lw->map[j].tuple = NULL;
  lw->map[j].tuple_len = 0;
  lw->map_len++;
  return &lw->map[j];
}

// ---- errors -----------------------------------------------------------------------------

cx_status_t cx_lower_op_error(const cx_op_t* op, cx_status_code_t code, const char* fmt, ...) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  va_list args;
  va_start(args, fmt);
  char* msg = cx_vformat(fmt, args);
  va_end(args);
  cx_status_t s = CX_ERROR(code, "'%s' op %s", op->name ? op->name : cx_op_info(op->kind)->name,
                           msg ? msg : "cannot be compiled");
  cx_free_malloced(msg);
  return cx_status_with_location(s, loc);
}

void cx_lower_where(cx_lower_t* lw, const cx_op_t* op, cx_rt_step_t* step) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  step->where = cx_xb_string(&lw->xb, loc);
  step->op = cx_xb_string(&lw->xb, op->name ? op->name : cx_op_info(op->kind)->name);
}

// ---- slots ----------------------------------------------------------------------------------

uint64_t cx_lower_nbytes(const cx_type_t* t) {
  if (!cx_type_is_tensor(t)) return 0;
  int64_t n = cx_tensor_num_elements(t);
  if (n <= 0) return 0;
  return (uint64_t)n * cx_elem_storage_size(cx_tensor_elem(t));
}

uint32_t cx_lower_new_slot(cx_lower_t* lw, const cx_type_t* type) {
  return cx_xb_scratch(&lw->xb, cx_lower_nbytes(type));
}

cx_status_t cx_lower_bind(cx_lower_t* lw, const cx_value_t* v, uint32_t slot) {
  cx_lower_entry_t* e = map_put(lw, v);
  if (!e) return CX_OOM();
  e->slot = slot;
  e->bound = true;
  return NULL;
}

// A buffer the program needs must have a size that fits in memory at all;
// a program whose shapes multiply past that is refused at the op.
static cx_status_t check_size(const cx_value_t* v) {
  const cx_type_t* t = v->type;
  if (!cx_type_is_tensor(t) || !v->def_op) return NULL;
  int64_t n = cx_tensor_num_elements(t);
  size_t es = cx_elem_storage_size(cx_tensor_elem(t));
  if (n < 0 || (uint64_t)n > CX_LOWER_MAX_BUFFER_BYTES / (es ? es : 1))
    return cx_lower_op_error(v->def_op, CX_OUT_OF_RANGE,
                             "has a result of %s elements, more than memory can hold",
                             n < 0 ? "too many" : "very many");
  return NULL;
}

cx_status_t cx_lower_define(cx_lower_t* lw, const cx_value_t* v, uint32_t* out_slot) {
  CX_RETURN_IF_ERROR(check_size(v));
  cx_lower_entry_t* e = map_put(lw, v);
  if (!e) return CX_OOM();
  if (e->result_slot != UINT32_MAX && !e->bound) {
    e->slot = e->result_slot;  // written straight into the caller's result buffer
  } else {
    e->slot = cx_lower_new_slot(lw, v->type);
  }
  e->bound = true;
  *out_slot = e->slot;
  return NULL;
}

bool cx_lower_has_slot(cx_lower_t* lw, const cx_value_t* v) {
  cx_lower_entry_t* e = map_find(lw, v);
  return e && e->bound;
}

cx_status_t cx_lower_slot_of(cx_lower_t* lw, const cx_op_t* user, const cx_value_t* v,
                             uint32_t* out_slot) {
  cx_lower_entry_t* e = map_find(lw, v);
  if (!e || !e->bound) {
    if (v->def_op && (v->def_op->kind == CX_OP_CONSTANT || v->def_op->kind == CX_OP_CHLO_CONSTANT))
      return cx_lower_op_error(user, CX_INTERNAL, "uses a constant that was not lowered");
    return cx_lower_op_error(user, CX_INTERNAL, "uses a value that has no buffer");
  }
  *out_slot = e->slot;
  return NULL;
}

// ---- ops ---------------------------------------------------------------------------------------

static cx_status_t lower_block(cx_lower_t* lw, uint32_t program, const cx_block_t* block,
                               const cx_op_t** out_terminator);

static cx_status_t lower_constant(cx_lower_t* lw, const cx_op_t* op) {
  const cx_attr_t* value = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_value));
  const cx_value_t* r = cx_op_result((cx_op_t*)op, 0);
  const void* data;
  size_t nbytes;
  bool splat;
  if (!value || !cx_attr_dense_data(value, &data, &nbytes, &splat))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has no data (an elided constant?)");
  uint64_t want = cx_lower_nbytes(r->type);
  size_t es = cx_elem_storage_size(cx_tensor_elem(r->type));
  if (!want) return cx_lower_bind(lw, r, cx_xb_slot(&lw->xb, CX_RT_SLOT_NONE, 0, 0, 0));
  if (!splat && nbytes < want) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "data is truncated");
  uint32_t slot = cx_xb_constant(&lw->xb, data, want, splat, es);
  return cx_lower_bind(lw, r, slot);
}

// func.call: the callee's body, lowered in place.
static cx_status_t lower_call(cx_lower_t* lw, uint32_t program, const cx_op_t* op) {
  const cx_attr_t* callee = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_callee));
  if (!callee || callee->kind != CX_ATTR_SYMBOL_REF)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has no callee");
  cx_op_t* func = cx_module_lookup_func(lw->module, callee->str.data);
  cx_block_t* body = func ? cx_func_body(func) : NULL;
  if (!body) return cx_lower_op_error(op, CX_NOT_FOUND, "calls '%s', which has no body", callee->str.data);
  if (lw->call_depth >= CX_LOWER_MAX_CALL_DEPTH)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "nests calls deeper than %d (recursion?)",
                             CX_LOWER_MAX_CALL_DEPTH);
  if (body->num_args != op->num_operands)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "passes %u arguments to a function of %u",
                             op->num_operands, body->num_args);
  for (uint32_t i = 0; i < op->num_operands; i++) {
    uint32_t slot;
    CX_RETURN_IF_ERROR(cx_lower_alias(lw, op, cx_op_operand(op, i), body->args[i]));
    (void)slot;
  }
  lw->call_depth++;
  const cx_op_t* term = NULL;
  cx_status_t s = lower_block(lw, program, body, &term);
  lw->call_depth--;
  CX_RETURN_IF_ERROR(s);
  if (!term || term->num_operands != op->num_results)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "callee returns %u values, %u expected",
                             term ? term->num_operands : 0, op->num_results);
  for (uint32_t i = 0; i < op->num_results; i++)
    CX_RETURN_IF_ERROR(cx_lower_alias(lw, op, cx_op_operand(term, i), cx_op_result((cx_op_t*)op, i)));
  return NULL;
}

cx_status_t cx_lower_alias(cx_lower_t* lw, const cx_op_t* user, const cx_value_t* from,
                           const cx_value_t* to) {
  cx_lower_entry_t* e = map_find(lw, from);
  if (!e || !e->bound) return cx_lower_op_error(user, CX_INTERNAL, "uses a value that has no buffer");
  uint32_t slot = e->slot;
  const cx_value_t* const* tuple = e->tuple;
  uint32_t tuple_len = e->tuple_len;
  cx_lower_entry_t* t = map_put(lw, to);
  if (!t) return CX_OOM();
  t->slot = slot;
  t->bound = true;
  t->tuple = tuple;
  t->tuple_len = tuple_len;
  return NULL;
}

static cx_status_t lower_tuple(cx_lower_t* lw, const cx_op_t* op) {
  const cx_value_t* r = cx_op_result((cx_op_t*)op, 0);
  const cx_value_t** items = cx_arena_alloc(&lw->arena, (op->num_operands ? op->num_operands : 1) * sizeof(*items),
                                            _Alignof(const cx_value_t*));
  if (!items) return CX_OOM();
  for (uint32_t i = 0; i < op->num_operands; i++) items[i] = cx_op_operand((cx_op_t*)op, i);
  cx_lower_entry_t* e = map_put(lw, r);
  if (!e) return CX_OOM();
  e->slot = cx_xb_slot(&lw->xb, CX_RT_SLOT_NONE, 0, 0, 0);
  e->bound = true;
  e->tuple = items;
  e->tuple_len = op->num_operands;
  return NULL;
}

static cx_status_t lower_get_tuple_element(cx_lower_t* lw, const cx_op_t* op) {
  cx_lower_entry_t* e = map_find(lw, cx_op_operand((cx_op_t*)op, 0));
  int64_t index;
  if (!e || !e->tuple) return cx_lower_op_error(op, CX_UNIMPLEMENTED, "reads a tuple the compiler cannot track");
  if (!cx_op_get_int(lw->ctx, op, CX_NAME_index, &index) || index < 0 || index >= (int64_t)e->tuple_len)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has a bad index");
  return cx_lower_alias(lw, op, e->tuple[index], cx_op_result((cx_op_t*)op, 0));
}

// The kernel of a fusion: a row fusion's one row per work item
// (codegen/emit_rows.c), any other's by elements of its outputs.
static cx_status_t emit_fusion_kernel(cx_lower_t* lw, const cx_fusion_plan_t* plan, cx_op_t* root,
                                      cx_cg_fusion_t* f, cx_cg_kernel_info_t* info) {
  if (!cx_fusion_is_row_root(plan, root)) return cx_cg_emit_fusion(lw->cg, f, info);
  cx_op_t** ops;
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_fusion_row_ops(plan, root, &ops, &n));
  f->ops = ops;
  f->num_ops = n;
  cx_status_t s = cx_cg_emit_row_fusion(lw->cg, f, info);
  cx_free(plan->allocator, ops);
  return s;
}

// The kernel of the fusion rooted at `root` (fusion.h): reads its inputs'
// buffers, writes the root's results.
static cx_status_t lower_fusion(cx_lower_t* lw, uint32_t program, cx_op_t* root,
                                const cx_fusion_plan_t* plan) {
  cx_value_t** inputs = NULL;
  uint32_t num_inputs = 0;
  CX_RETURN_IF_ERROR(cx_fusion_inputs(plan, root, &inputs, &num_inputs));
  uint32_t nres = root->num_results;
  cx_allocator_t a = lw->ctx->allocator;
  uint32_t* bind = cx_alloc_array(a, num_inputs + nres, sizeof(uint32_t));
  cx_value_t** roots = cx_alloc_array(a, nres, sizeof(cx_value_t*));
  cx_status_t s = bind && roots ? NULL : CX_OOM();
  for (uint32_t i = 0; i < num_inputs && !s; i++) s = cx_lower_slot_of(lw, root, inputs[i], &bind[i]);
  for (uint32_t i = 0; i < nres && !s; i++) {
    roots[i] = cx_op_result(root, i);
    if (!cx_type_is_tensor(roots[i]->type) || !cx_tensor_has_static_shape(roots[i]->type))
      s = cx_lower_op_error(root, CX_UNIMPLEMENTED, "has a result without a static shape");
    else
      s = cx_lower_define(lw, roots[i], &bind[num_inputs + i]);
  }
  // An identical fusion emitted before shares its kernel.
  cx_kernel_key_t key;
  bool have_key = false;
  const cx_cg_kernel_info_t* same = NULL;
  if (!s) {
    s = cx_kernel_key_build(root, inputs, num_inputs, &key);
    have_key = !s;
  }
  for (size_t i = 0; have_key && i < lw->kernels.len && !same; i++)
    if (cx_kernel_key_equal(&lw->kernels.data[i].key, &key)) same = &lw->kernels.data[i].info;
  if (!s) {
    cx_cg_kernel_info_t info;
    if (same) {
      info = *same;
    } else {
      char name[64];
      const char* dot = strchr(root->name, '.');
      snprintf(name, sizeof name, "k%u_%s", lw->num_kernels++, dot ? dot + 1 : root->name);
      cx_cg_fusion_t f = {name, 1, &root, nres, roots, num_inputs, inputs};
      s = emit_fusion_kernel(lw, plan, root, &f, &info);
      if (!s) {
        cx_lower_kernel_t k = {key, info};
        if (cx_vec_push(&lw->kernels, k)) have_key = false;  // the table owns the key now
        else s = CX_OOM();
      }
    }
    if (!s) {
      cx_rt_step_t st = {0};
      st.kind = CX_RT_STEP_KERNEL;
      cx_lower_where(lw, root, &st);
      s = cx_lower_fusion_ops(lw, plan, root, &st);
      st.kernel.kernel = info.index;
      st.kernel.work_items = info.work_items;
      st.kernel.grain = info.grain;
      if (!s) cx_xb_step(&lw->xb, program, &st, bind, num_inputs + nres);
    }
  }
  if (have_key) cx_kernel_key_free(&key);
  cx_free(a, bind);
  cx_free(a, roots);
  cx_free(plan->allocator, inputs);
  return s;
}

// Copies `from`'s buffer into slot `to` (nothing if they are the same).
cx_status_t cx_lower_copy(cx_lower_t* lw, uint32_t program, const cx_op_t* where, uint32_t from,
                          uint32_t to, uint64_t nbytes) {
  if (from == to || !nbytes) return NULL;
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_COPY;
  cx_lower_where(lw, where, &st);
  st.copy.nbytes = nbytes;
  uint32_t b[2] = {from, to};
  cx_xb_step(&lw->xb, program, &st, b, 2);
  return NULL;
}

static bool is_slot_kind(cx_lower_t* lw, uint32_t slot, cx_rt_slot_kind_t kind) {
  return slot < lw->xb.slots.len && lw->xb.slots.data[slot].kind == (uint32_t)kind;
}

// while: the carried values live in slots of their own; the condition
// program leaves the predicate in a slot the WHILE step reads; the body
// program ends by copying its results into the carried slots.
static cx_status_t lower_while(cx_lower_t* lw, uint32_t program, const cx_op_t* op) {
  uint32_t n = op->num_operands;
  uint32_t* carry = cx_arena_alloc(&lw->arena, (n ? n : 1) * sizeof(uint32_t), 4);
  if (!carry) return CX_OOM();
  cx_block_t* cond = cx_region_block(&op->regions[0]);
  cx_block_t* body = cx_region_block(&op->regions[1]);
  if (!cond || !body || cond->num_args != n || body->num_args != n)
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has malformed regions");
  for (uint32_t i = 0; i < n; i++) {
    const cx_value_t* init = cx_op_operand((cx_op_t*)op, i);
    cx_lower_entry_t* e = map_find(lw, init);
    if (e && e->tuple) return cx_lower_op_error(op, CX_UNIMPLEMENTED, "carries a tuple");
    carry[i] = cx_lower_new_slot(lw, init->type);
    uint32_t from;
    CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, init, &from));
    CX_RETURN_IF_ERROR(cx_lower_copy(lw, program, op, from, carry[i], cx_lower_nbytes(init->type)));
    CX_RETURN_IF_ERROR(cx_lower_bind(lw, cond->args[i], carry[i]));
    CX_RETURN_IF_ERROR(cx_lower_bind(lw, body->args[i], carry[i]));
  }
  cx_xb_scope_begin(&lw->xb);
  uint32_t cond_prog = cx_xb_program(&lw->xb);
  const cx_op_t* term = NULL;
  CX_RETURN_IF_ERROR(lower_block(lw, cond_prog, cond, &term));
  if (!term || term->num_operands != 1) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "condition returns no predicate");
  uint32_t pred;
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, cx_op_operand((cx_op_t*)term, 0), &pred));

  uint32_t body_prog = cx_xb_program(&lw->xb);
  CX_RETURN_IF_ERROR(lower_block(lw, body_prog, body, &term));
  if (!term || term->num_operands != n) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "body returns the wrong number of values");
  // Results that are carried slots (a body returning its arguments in
  // another order) go through temporaries so no copy reads a slot that an
  // earlier copy of this iteration has overwritten.
  uint32_t* from = cx_arena_alloc(&lw->arena, (n ? n : 1) * sizeof(uint32_t), 4);
  if (!from) return CX_OOM();
  for (uint32_t i = 0; i < n; i++) {
    const cx_value_t* v = cx_op_operand((cx_op_t*)term, i);
    CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, v, &from[i]));
    bool is_carry = false;
    for (uint32_t j = 0; j < n; j++) is_carry |= j != i && from[i] == carry[j];
    if (is_carry) {
      uint32_t tmp = cx_lower_new_slot(lw, v->type);
      CX_RETURN_IF_ERROR(cx_lower_copy(lw, body_prog, op, from[i], tmp, cx_lower_nbytes(v->type)));
      from[i] = tmp;
    }
  }
  for (uint32_t i = 0; i < n; i++)
    CX_RETURN_IF_ERROR(cx_lower_copy(lw, body_prog, op, from[i], carry[i],
                                     cx_lower_nbytes(cx_op_operand((cx_op_t*)term, i)->type)));
  cx_xb_scope_end(&lw->xb);
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_WHILE;
  cx_lower_where(lw, op, &st);
  st.loop.cond = cond_prog;
  st.loop.body = body_prog;
  cx_xb_step(&lw->xb, program, &st, &pred, 1);
  for (uint32_t i = 0; i < op->num_results; i++)
    CX_RETURN_IF_ERROR(cx_lower_bind(lw, cx_op_result((cx_op_t*)op, i), carry[i]));
  (void)is_slot_kind;
  return NULL;
}

// if / case: each branch is a program that ends by copying its results into
// the op's result slots.
static cx_status_t lower_branches(cx_lower_t* lw, uint32_t program, const cx_op_t* op) {
  uint32_t nres = op->num_results;
  uint32_t* res = cx_arena_alloc(&lw->arena, (nres ? nres : 1) * sizeof(uint32_t), 4);
  if (!res) return CX_OOM();
  for (uint32_t i = 0; i < nres; i++) CX_RETURN_IF_ERROR(cx_lower_define(lw, cx_op_result((cx_op_t*)op, i), &res[i]));
  uint32_t index;
  CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, cx_op_operand((cx_op_t*)op, 0), &index));
  cx_xb_scope_begin(&lw->xb);
  // The branches' programs must be consecutive: reserve them all before
  // lowering any (nested control flow creates programs of its own).
  uint32_t first = 0;
  for (uint32_t r = 0; r < op->num_regions; r++) {
    uint32_t p = cx_xb_program(&lw->xb);
    if (r == 0) first = p;
  }
  for (uint32_t r = 0; r < op->num_regions; r++) {
    const cx_op_t* term = NULL;
    cx_block_t* blk = cx_region_block(&op->regions[r]);
    if (!blk) return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has an empty branch");
    CX_RETURN_IF_ERROR(lower_block(lw, first + r, blk, &term));
    if (!term || term->num_operands != nres)
      return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "branch returns the wrong number of values");
    for (uint32_t i = 0; i < nres; i++) {
      uint32_t from;
      const cx_value_t* v = cx_op_operand((cx_op_t*)term, i);
      CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, v, &from));
      CX_RETURN_IF_ERROR(cx_lower_copy(lw, first + r, op, from, res[i], cx_lower_nbytes(v->type)));
    }
  }
  cx_xb_scope_end(&lw->xb);
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_CASE;
  cx_lower_where(lw, op, &st);
  st.select.first_branch = first;
  st.select.num_branches = op->num_regions;
  st.select.index_is_pred = op->kind == CX_OP_IF;
  cx_xb_step(&lw->xb, program, &st, &index, 1);
  return NULL;
}

static cx_status_t lower_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_CONSTANT:
    case CX_OP_CHLO_CONSTANT: return lower_constant(lw, op);
    case CX_OP_FUNC_CALL: return lower_call(lw, program, op);
    case CX_OP_WHILE: return lower_while(lw, program, op);
    case CX_OP_IF:
    case CX_OP_CASE: return lower_branches(lw, program, op);
    case CX_OP_OPTIMIZATION_BARRIER:
      for (uint32_t i = 0; i < op->num_results; i++)
        CX_RETURN_IF_ERROR(cx_lower_alias(lw, op, cx_op_operand(op, i), cx_op_result(op, i)));
      return NULL;
    case CX_OP_TUPLE: return lower_tuple(lw, op);
    case CX_OP_GET_TUPLE_ELEMENT: return lower_get_tuple_element(lw, op);
    case CX_OP_AFTER_ALL:
    case CX_OP_CREATE_TOKEN:
      return cx_lower_bind(lw, cx_op_result(op, 0), cx_xb_slot(&lw->xb, CX_RT_SLOT_NONE, 0, 0, 0));
    default: break;
  }
  bool handled;
  CX_RETURN_IF_ERROR(cx_lower_reduce_family(lw, program, op, &handled));
  if (handled) return NULL;
  if (cx_op_info(op->kind)->family == CX_FAMILY_CHECK || op->kind == CX_OP_CUSTOM_CALL)
    return cx_lower_library_op(lw, program, op);
  return cx_lower_library_op(lw, program, op);
}

// A fusion root; where a GEMM's epilogue ends there (epilogue.h), the GEMM
// with that epilogue instead, or the GEMM and then the fusion if the
// epilogue does not fit the GEMM's views.
static cx_status_t lower_root(cx_lower_t* lw, uint32_t program, cx_op_t* op,
                              const cx_fusion_plan_t* plan) {
  const cx_epilogue_t* ep = cx_fusion_epilogue(plan, op);
  if (ep) {
    bool done = false;
    CX_RETURN_IF_ERROR(cx_lower_gemm_epilogue(lw, program, ep, &done));
    if (done) return NULL;
    CX_RETURN_IF_ERROR(lower_op(lw, program, ep->dot));
  }
  return lower_fusion(lw, program, op, plan);
}

static cx_status_t lower_block(cx_lower_t* lw, uint32_t program, const cx_block_t* block,
                               const cx_op_t** out_terminator) {
  *out_terminator = NULL;
  cx_fusion_plan_t plan;
  CX_RETURN_IF_ERROR(cx_fusion_plan_block(lw->ctx, (cx_block_t*)block, &plan));
  cx_status_t s = NULL;
  for (cx_op_t* op = block->first_op; op && !s; op = op->next) {
    if (op->kind == CX_OP_FUNC_RETURN || op->kind == CX_OP_RETURN) {
      *out_terminator = op;
      break;
    }
    switch (cx_fusion_role(&plan, op)) {
      case CX_FUSION_ROOT: s = lower_root(lw, program, op, &plan); break;
      case CX_FUSION_MEMBER:
      case CX_FUSION_INLINED:   // computed inside the kernels that use it
      case CX_FUSION_DEFERRED:  // lowered where its epilogue ends
      case CX_FUSION_VIEW: break;  // read through strides by the GEMMs using it
      default: s = lower_op(lw, program, op); break;
    }
  }
  cx_fusion_plan_free(&plan);
  return s;
}

// ---- the function ---------------------------------------------------------------------------

static cx_status_t view_of_type(const cx_op_t* func, const char* what, uint32_t i,
                                const cx_type_t* t, cx_buffer_view_t* out) {
  memset(out, 0, sizeof(*out));
  if (cx_type_is_token(t)) {
    out->elem = CX_ELEM_INVALID;
    return NULL;
  }
  if (!cx_type_is_tensor(t))
    return cx_lower_op_error(func, CX_UNIMPLEMENTED, "%s %u is %s; compiled functions take and return tensors and tokens only%s", what, i,
                             cx_type_is_tuple(t) ? "a tuple" : "not a tensor or token",
                             cx_type_is_tuple(t) ? " (pass the tuple's elements instead)" : "");
  if (!cx_tensor_has_static_shape(t))
    return cx_lower_op_error(func, CX_UNIMPLEMENTED,
                             "%s %u has a dynamic shape; give the argument shapes to refine it", what, i);
  if (t->tensor.rank > CX_MAX_RANK) return cx_lower_op_error(func, CX_UNIMPLEMENTED, "%s %u has too many dims", what, i);
  out->elem = cx_tensor_elem(t);
  out->rank = t->tensor.rank;
  memcpy(out->dims, t->tensor.dims, t->tensor.rank * sizeof(int64_t));
  out->nbytes = cx_lower_nbytes(t);
  return NULL;
}

cx_status_t cx_lower_function(cx_lower_t* lw, cx_op_t* func, cx_rt_executable_t* exe) {
  const cx_type_t* ft = cx_func_type(func);
  cx_block_t* body = cx_func_body(func);
  if (!ft || !body) return cx_lower_op_error(func, CX_INVALID_ARGUMENT, "has no body");
  uint32_t nargs = ft->func.num_inputs, nres = ft->func.num_results;
  exe->num_args = nargs;
  exe->num_results = nres;
  exe->arg_types = cx_alloc(exe->allocator, (nargs ? nargs : 1) * sizeof(cx_buffer_view_t));
  exe->result_types = cx_alloc(exe->allocator, (nres ? nres : 1) * sizeof(cx_buffer_view_t));
  if (!exe->arg_types || !exe->result_types) return CX_OOM();
  for (uint32_t i = 0; i < nargs; i++)
    CX_RETURN_IF_ERROR(view_of_type(func, "argument", i, ft->func.inputs[i], &exe->arg_types[i]));
  for (uint32_t i = 0; i < nres; i++)
    CX_RETURN_IF_ERROR(view_of_type(func, "result", i, ft->func.results[i], &exe->result_types[i]));

  uint32_t main_prog = cx_xb_program(&lw->xb);
  for (uint32_t i = 0; i < nargs; i++) {
    uint32_t kind = exe->arg_types[i].nbytes ? CX_RT_SLOT_ARG : CX_RT_SLOT_NONE;
    uint32_t slot = cx_xb_slot(&lw->xb, kind, i, 0, exe->arg_types[i].nbytes);
    CX_RETURN_IF_ERROR(cx_lower_bind(lw, body->args[i], slot));
  }
  // Results go straight into the caller's buffers where the value is made
  // by an op of the function's own block (not an argument, a constant or a
  // renamed value) and returned once.
  uint32_t* result_slots = cx_arena_alloc(&lw->arena, (nres ? nres : 1) * sizeof(uint32_t), 4);
  if (!result_slots) return CX_OOM();
  cx_op_t* ret = cx_block_terminator(body);
  for (uint32_t i = 0; i < nres; i++) {
    uint32_t kind = exe->result_types[i].nbytes ? CX_RT_SLOT_RESULT : CX_RT_SLOT_NONE;
    result_slots[i] = cx_xb_slot(&lw->xb, kind, i, 0, exe->result_types[i].nbytes);
    if (!ret || i >= ret->num_operands || !exe->result_types[i].nbytes) continue;
    const cx_value_t* v = cx_op_operand(ret, i);
    if (!v->def_op || v->def_op->block != body) continue;
    cx_lower_entry_t* e = map_put(lw, v);
    if (!e) return CX_OOM();
    if (e->result_slot == UINT32_MAX) e->result_slot = result_slots[i];
  }
  const cx_op_t* term = NULL;
  CX_RETURN_IF_ERROR(lower_block(lw, main_prog, body, &term));
  if (!term || term->num_operands != nres)
    return cx_lower_op_error(func, CX_INVALID_ARGUMENT, "returns %u values, %u declared",
                             term ? term->num_operands : 0, nres);
  for (uint32_t i = 0; i < nres; i++) {
    uint32_t from;
    const cx_value_t* v = cx_op_operand((cx_op_t*)term, i);
    CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, term, v, &from));
    CX_RETURN_IF_ERROR(cx_lower_copy(lw, main_prog, term, from, result_slots[i], exe->result_types[i].nbytes));
  }
  return NULL;
}

void cx_lower_init(cx_lower_t* lw, cx_context_t* ctx, cx_module_t* module, cx_cg_t* cg) {
  memset(lw, 0, sizeof(*lw));
  lw->ctx = ctx;
  lw->module = module;
  lw->cg = cg;
  cx_xb_init(&lw->xb);
  cx_arena_init(&lw->arena, cx_allocator_system());
}

void cx_lower_free(cx_lower_t* lw) {
  for (size_t i = 0; i < lw->kernels.len; i++) cx_kernel_key_free(&lw->kernels.data[i].key);
  cx_vec_free(&lw->kernels);
  cx_free(lw->ctx->allocator, lw->map);
  cx_xb_free(&lw->xb);
  cx_arena_destroy(&lw->arena);
}

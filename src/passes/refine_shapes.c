// Shape refinement: a function whose arguments have dynamic dims is made
// static for one call signature (the argument types of a call), as
// StableHLO's stablehlo-refine-shapes does before XLA compiles a
// shape-polymorphic export.
//
// The argument types are set first; then every op, in program order, gets
// the most specific result types its shape function infers from its
// (refined) operand types and the constant values of its shape operands
// (cx_op_infer_result_types, cx_infer_refine). The integer computations that
// produce shape operands (get_dimension_size, arithmetic, concatenate, ...)
// are folded to constants on the way (fold_int.c), so ops such as
// dynamic_broadcast_in_dim or dynamic_reshape see their output shape. Only
// values that feed shape operands are folded: other constants, such as a
// test's inputs, stay what the program computes at run time.
//
// JAX's @shape_assertion custom calls are checked once their predicate is
// folded: a true one is erased, a false one is a compile error with the
// assertion's message.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/builder.h"
#include "ir/infer.h"
#include "passes/passes.h"
#include "support/ptrmap.h"
#include "support/scalar.h"
#include "support/strbuf.h"

enum { CX_REFINE_MAX_RESULTS = 256 };

typedef struct refine {
  cx_module_t* m;
  cx_ptrmap_t shape_ops;   // ops whose results feed a shape operand
  cx_ptrmap_t shape_args;  // function arguments that feed a shape operand
  uint32_t folded;
} refine_t;

static cx_status_t op_error(const cx_op_t* op, const char* fmt, const char* detail) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  char* msg = cx_format(fmt, detail);
  cx_status_t s = CX_ERROR(CX_INVALID_ARGUMENT, "'%s' op %s", op->name, msg ? msg : fmt);
  cx_free_malloced(msg);
  return cx_status_with_location(s, loc);
}

static bool is_shape_assertion(const cx_context_t* ctx, const cx_op_t* op) {
  if (op->kind != CX_OP_CUSTOM_CALL) return false;
  const cx_attr_t* t = cx_op_attr(op, ctx->names[CX_NAME_call_target_name]);
  return t && (t->kind == CX_ATTR_STRING || t->kind == CX_ATTR_SYMBOL_REF) &&
         t->str.len == 15 && memcmp(t->str.data, "shape_assertion", 15) == 0;
}

// The operands of an op that shape its result (or are checked at compile
// time, for shape assertions); -1 ends the list.
static const int* shape_operands(const cx_context_t* ctx, const cx_op_t* op) {
  static const int k0[] = {0, -1}, k1[] = {1, -1}, k2[] = {2, -1}, k234[] = {2, 3, 4, -1},
                   k123[] = {1, 2, 3, -1}, all[] = {-2};
  switch (op->kind) {
    case CX_OP_DYNAMIC_BROADCAST_IN_DIM:
    case CX_OP_DYNAMIC_RESHAPE:
    case CX_OP_SET_DIMENSION_SIZE: return k1;
    case CX_OP_DYNAMIC_IOTA: return k0;
    case CX_OP_DYNAMIC_PAD: return k234;
    case CX_OP_REAL_DYNAMIC_SLICE: return k123;
    case CX_OP_DYNAMIC_GATHER:
    case CX_OP_DYNAMIC_CONV: return k2;
    case CX_OP_RNG: return k2;
    default: return is_shape_assertion(ctx, op) ? all : NULL;
  }
}

// Marks the pure ops that (transitively) compute shape operands.
static cx_status_t mark_from(refine_t* r, cx_value_t* v) {
  cx_op_t* def = v->def_op;
  if (!def && cx_value_block(v) && !cx_ptrmap_put(&r->shape_args, v, v)) return CX_OOM();
  if (!def || def->kind == CX_OP_CONSTANT || def->num_regions || !cx_op_is_pure(def)) return NULL;
  if (cx_ptrmap_find(&r->shape_ops, def, NULL)) return NULL;
  if (!cx_ptrmap_put(&r->shape_ops, def, def)) return CX_OOM();
  for (uint32_t i = 0; i < def->num_operands; i++)
    CX_RETURN_IF_ERROR(mark_from(r, cx_op_operand(def, i)));
  return NULL;
}

static cx_status_t mark_block(refine_t* r, cx_block_t* block) {
  for (cx_op_t* op = block->first_op; op; op = op->next) {
    const int* which = shape_operands(r->m->ctx, op);
    if (which && which[0] == -2) {
      for (uint32_t i = 0; i < op->num_operands; i++) CX_RETURN_IF_ERROR(mark_from(r, cx_op_operand(op, i)));
    } else if (which) {
      for (const int* w = which; *w >= 0; w++)
        if ((uint32_t)*w < op->num_operands) CX_RETURN_IF_ERROR(mark_from(r, cx_op_operand(op, (uint32_t)*w)));
    }
    for (uint32_t i = 0; i < op->num_regions; i++)
      for (cx_block_t* b = op->regions[i].first_block; b; b = b->next) CX_RETURN_IF_ERROR(mark_block(r, b));
  }
  return NULL;
}

// A folded @shape_assertion: erased if true, an error with its message if false.
static cx_status_t check_assertion(refine_t* r, cx_op_t* op, bool* out_erased) {
  *out_erased = false;
  const cx_attr_t* pred = op->num_operands ? cx_value_constant_attr(cx_op_operand(op, 0)) : NULL;
  const void* data;
  size_t nbytes;
  bool splat;
  if (!pred || !cx_attr_dense_data(pred, &data, &nbytes, &splat) || !nbytes)
    return op_error(op, "%s", "(@shape_assertion) has a predicate that is not known at compile time");
  if (*(const uint8_t*)data) {
    cx_op_erase(op);
    *out_erased = true;
    return NULL;
  }
  const cx_attr_t* msg = cx_op_attr(op, cx_intern(r->m->ctx, "error_message", 13));
  cx_strbuf_t sb;
  cx_strbuf_init_with(&sb, r->m->ctx->allocator);
  if (msg && msg->kind == CX_ATTR_STRING) {
    // "{i}" is input i (a folded scalar); the rest is copied as written.
    for (size_t i = 0; i < msg->str.len;) {
      char* end = NULL;
      if (msg->str.data[i] == '{') {
        long idx = strtol(msg->str.data + i + 1, &end, 10);
        const cx_attr_t* a = NULL;
        if (end != msg->str.data + i + 1 && *end == '}' && idx >= 0 && (uint64_t)idx + 1 < op->num_operands &&
            (a = cx_value_constant_attr(cx_op_operand(op, (uint32_t)idx + 1))) != NULL &&
            cx_attr_dense_data(a, &data, &nbytes, &splat) && nbytes) {
          cx_strbuf_i64(&sb, cx_load_int(cx_tensor_elem(a->type), data));
          i = (size_t)(end - msg->str.data) + 1;
          continue;
        }
      }
      cx_strbuf_putc(&sb, msg->str.data[i++]);
    }
  }
  char* text = cx_strbuf_take(&sb);
  cx_status_t s = op_error(op, "shape assertion failed: %s", text ? text : "");
  cx_free(r->m->ctx->allocator, text);
  return s;
}

static cx_status_t refine_block(refine_t* r, cx_block_t* block);

// Sets a value's type to the most specific type it agrees with.
static cx_status_t refine_value(refine_t* r, const cx_op_t* op, cx_value_t* v, const cx_type_t* inferred) {
  if (!inferred || inferred == v->type) return NULL;
  bool conflict = false;
  const cx_type_t* t = cx_infer_refine(r->m->ctx, inferred, v->type, &conflict);
  if (!t && conflict) return op_error(op, "%s", "has a result whose refined shape contradicts its declared type");
  if (!t) return CX_OOM();
  v->type = t;
  return NULL;
}

static cx_status_t refine_while(refine_t* r, cx_op_t* op) {
  for (uint32_t k = 0; k < 2 && k < op->num_regions; k++) {
    cx_block_t* b = op->regions[k].first_block;
    if (!b || b->num_args != op->num_operands) continue;
    for (uint32_t i = 0; i < b->num_args; i++)
      CX_RETURN_IF_ERROR(refine_value(r, op, b->args[i], cx_op_operand(op, i)->type));
    CX_RETURN_IF_ERROR(refine_block(r, b));
  }
  return NULL;
}

static cx_status_t refine_op(refine_t* r, cx_op_t* op) {
  if (op->kind == CX_OP_WHILE) {
    CX_RETURN_IF_ERROR(refine_while(r, op));
  } else {
    for (uint32_t i = 0; i < op->num_regions; i++)
      for (cx_block_t* b = op->regions[i].first_block; b; b = b->next) CX_RETURN_IF_ERROR(refine_block(r, b));
  }
  if (op->num_results == 0 || op->num_results > CX_REFINE_MAX_RESULTS) return NULL;
  // Given results stay as declared, except bitcast_convert's, whose shape
  // follows from its operand's (infer_convert.c).
  if (cx_infer_mode(op->kind) == CX_INFER_GIVEN && op->kind != CX_OP_BITCAST_CONVERT) return NULL;
  const cx_type_t* types[CX_REFINE_MAX_RESULTS];
  uint32_t n = 0;
  CX_RETURN_IF_ERROR(cx_op_infer_result_types(r->m->ctx, op, types, CX_REFINE_MAX_RESULTS, &n));
  for (uint32_t i = 0; i < n && i < op->num_results; i++)
    CX_RETURN_IF_ERROR(refine_value(r, op, cx_op_result(op, i), types[i]));
  return NULL;
}

static cx_status_t refine_block(refine_t* r, cx_block_t* block) {
  for (cx_op_t* op = block->first_op; op;) {
    cx_op_t* next = op->next;
    CX_RETURN_IF_ERROR(refine_op(r, op));
    if (is_shape_assertion(r->m->ctx, op)) {
      bool erased;
      CX_RETURN_IF_ERROR(check_assertion(r, op, &erased));
    } else if (op->kind == CX_OP_GET_DIMENSION_SIZE || cx_ptrmap_find(&r->shape_ops, op, NULL)) {
      bool folded;
      CX_RETURN_IF_ERROR(cx_fold_int_op(r->m, op, &folded));
      if (folded) r->folded++;
    } else {
      bool replaced;
      CX_RETURN_IF_ERROR(cx_make_static(r->m, op, &replaced));
    }
    op = next;
  }
  return NULL;
}

cx_status_t cx_pass_refine_shapes(cx_module_t* m, cx_op_t* func, uint32_t num_args,
                                  const cx_type_t* const* arg_types,
                                  const cx_attr_t* const* arg_values) {
  cx_block_t* body = cx_func_body(func);
  const cx_type_t* ft = cx_func_type(func);
  if (!body || !ft) return CX_ERROR(CX_INVALID_ARGUMENT, "function has no body");
  if (num_args != body->num_args)
    return CX_ERROR(CX_INVALID_ARGUMENT, "function '%s' takes %u arguments, %u types given",
                    cx_func_name(func), body->num_args, num_args);
  refine_t r;
  memset(&r, 0, sizeof r);
  r.m = m;
  cx_ptrmap_init(&r.shape_ops, m->ctx->allocator);
  cx_ptrmap_init(&r.shape_args, m->ctx->allocator);
  cx_status_t s = NULL;
  for (uint32_t i = 0; i < num_args && !s; i++) {
    const cx_type_t* want = arg_types ? arg_types[i] : NULL;
    if (!want) continue;
    bool conflict = false;
    const cx_type_t* t = cx_infer_refine(m->ctx, want, body->args[i]->type, &conflict);
    if (!t)
      s = conflict ? CX_ERROR(CX_INVALID_ARGUMENT, "argument %u of '%s' does not fit its declared type", i,
                              cx_func_name(func))
                   : CX_OOM();
    else
      body->args[i]->type = t;
  }
  if (!s) s = mark_block(&r, body);
  // Arguments that feed shape operands (JAX's dimension variables) become
  // constants of the value this call passes: the shapes follow from them.
  for (uint32_t i = 0; i < num_args && !s; i++) {
    cx_value_t* a = body->args[i];
    if (!arg_values || !arg_values[i] || !cx_ptrmap_find(&r.shape_args, a, NULL)) continue;
    if (arg_values[i]->type != a->type) {
      s = CX_ERROR(CX_INVALID_ARGUMENT, "argument %u of '%s': its value has another type", i,
                   cx_func_name(func));
      break;
    }
    cx_builder_t b;
    cx_builder_init(&b, m);
    cx_builder_set_at_start(&b, body);
    b.loc = func->loc;
    cx_value_t* c;
    s = cx_build_constant(&b, arg_values[i], &c);
    if (!s) cx_value_replace_all_uses(a, c);
  }
  if (!s) s = refine_block(&r, body);
  cx_ptrmap_free(&r.shape_ops);
  cx_ptrmap_free(&r.shape_args);
  if (s) return s;
  // The signature follows the refined arguments and returned values.
  cx_op_t* ret = cx_block_terminator(body);
  uint32_t nres = ft->func.num_results;
  cx_allocator_t al = m->ctx->allocator;
  const cx_type_t** ins = cx_calloc(al, num_args + 1, sizeof(*ins));
  const cx_type_t** outs = cx_calloc(al, nres + 1, sizeof(*outs));
  if (!ins || !outs) s = CX_OOM();
  for (uint32_t i = 0; i < num_args && !s; i++) ins[i] = body->args[i]->type;
  for (uint32_t i = 0; i < nres && !s; i++)
    outs[i] = ret && i < ret->num_operands ? cx_op_operand(ret, i)->type : ft->func.results[i];
  const cx_type_t* nft = s ? NULL : cx_type_function(m->ctx, num_args, ins, nres, outs);
  cx_free(al, ins);
  cx_free(al, outs);
  if (s) return s;
  if (!nft) return CX_OOM();
  const cx_attr_t* a = cx_attr_type(&m->arena, nft);
  if (!a) return CX_OOM();
  return cx_op_set_attr(m, func, cx_name(m->ctx, CX_NAME_function_type), a);
}

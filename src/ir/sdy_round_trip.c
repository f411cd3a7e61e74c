// Shardy's round-trip form read back as Shardy's ops (sdy_round_trip.h).
//
// What a serialized JAX export holds (XLA's sdy round-trip export, the form
// jax.export writes since Shardy is its partitioner, because sdy ops are not
// part of VHLO):
//   module attributes {mhlo.frontend_attributes = {
//       xla.sdy.meshes = "{mesh = #sdy.mesh<[\22x\22=2]>}"}}
//     (older XLA wrote each mesh as a string in that dictionary)
//   %l = stablehlo.custom_call @xla.sdy.GlobalToLocalShape(%a, %b)
//          {mhlo.frontend_attributes = {xla.sdy.in_shardings = "#sdy.sharding_per_value<..>",
//                                       xla.sdy.manual_axes = "#sdy<manual_axes{..}>"}}
//   %r = call @xla.sdy.manual_computation_body_3(%l#0, %l#1)
//   %g = stablehlo.custom_call @xla.sdy.LocalToGlobalShape(%r)
//          {mhlo.frontend_attributes = {xla.sdy.out_shardings = "..", xla.sdy.manual_axes = ".."}}
// A manual computation without operands (results) has no GlobalToLocalShape
// (LocalToGlobalShape); older exports kept the shardings on the call.
#include "ir/sdy_round_trip.h"

#include <stdio.h>
#include <string.h>

#include "ir/builder.h"
#include "ir/clone.h"
#include "ir/print.h"
#include "ir/sdy.h"
#include "ir/symbols.h"
#include "ir/walk.h"
#include "support/vec.h"

#define BODY_PREFIX "xla.sdy.manual_computation_body"

// By spelling, not through cx_intern: reading a module that holds no such
// form changes nothing, not even its context (cx_interp_create's callers
// may share one).
static const cx_attr_t* frontend_attr(cx_module_t* m, const cx_attr_t* dict, const char* key) {
  (void)m;
  if (!dict || dict->kind != CX_ATTR_DICT) return NULL;
  for (uint32_t i = 0; i < dict->dict.count; i++)
    if (!strcmp(dict->dict.items[i].name, key)) return dict->dict.items[i].value;
  return NULL;
}

static const cx_attr_t* op_frontend_attrs(const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (!strcmp(op->attrs[i].name, "mhlo.frontend_attributes")) return op->attrs[i].value;
  return NULL;
}

static cx_status_t located(const cx_op_t* op, cx_status_t st) {
  if (!st) return NULL;
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(st, loc);
}

// A string frontend attribute holding an sdy attribute of `kind`, parsed
// into the canonical opaque attribute.
static cx_status_t sdy_from_string(cx_module_t* m, const cx_op_t* op, const cx_attr_t* s,
                                   cx_sdy_attr_kind_t kind, const char* what,
                                   const cx_attr_t** out) {
  if (!s || s->kind != CX_ATTR_STRING)
    return located(op, CX_ERROR(CX_INVALID_ARGUMENT,
                                "Shardy's round-trip form: the op has no string %s", what));
  cx_status_t st = cx_asm_parse_attr(m, s->str.data, s->str.len, out);
  if (!st && !cx_sdy_attr_stripped(*out, kind, NULL, NULL))
    st = CX_ERROR(CX_INVALID_ARGUMENT, "is no %s", cx_sdy_prefix(kind));
  if (st) {
    cx_status_t e = CX_ERROR(cx_status_code(st), "Shardy's round-trip form: %s `%.*s`: %s", what,
                             (int)s->str.len, s->str.data, cx_status_message(st));
    cx_status_free(st);
    return located(op, e);
  }
  return NULL;
}

// The shardings `key` among the frontend attributes fa of `holder`; no
// holder (a manual computation without operands or results): none.
static cx_status_t shardings(cx_module_t* m, const cx_op_t* holder, const cx_attr_t* fa,
                             const char* key, const cx_attr_t** out) {
  static const char kNone[] = "#sdy.sharding_per_value<[]>";
  if (!holder) return cx_asm_parse_attr(m, kNone, sizeof kNone - 1, out);
  return sdy_from_string(m, holder, frontend_attr(m, fa, key), CX_SDY_SHARDING_PER_VALUE, key,
                         out);
}

static bool is_target(const cx_op_t* op, const char* target) {
  const char* t = cx_custom_call_target(op);
  return t && !strcmp(t, target);
}

// ---- meshes ----------------------------------------------------------------------

// xla.sdy.meshes = "{name = \"#sdy.mesh<..>\", ...}" on the module: an
// sdy.mesh op for each mesh the module does not define already.
static cx_status_t import_meshes(cx_module_t* m, uint32_t* count) {
  const cx_attr_t* fa = NULL;
  for (uint32_t i = 0; i < m->num_attrs; i++)
    if (!strcmp(m->attrs[i].name, "mhlo.frontend_attributes")) fa = m->attrs[i].value;
  const cx_attr_t* meshes = frontend_attr(m, fa, "xla.sdy.meshes");
  if (!meshes) return NULL;
  if (meshes->kind != CX_ATTR_STRING)
    return CX_ERROR(CX_INVALID_ARGUMENT, "the module's xla.sdy.meshes is not a string");
  const cx_attr_t* dict;
  cx_status_t st = cx_asm_parse_attr(m, meshes->str.data, meshes->str.len, &dict);
  if (!st && dict->kind != CX_ATTR_DICT) st = CX_ERROR(CX_INVALID_ARGUMENT, "it is no dictionary");
  if (st) {
    cx_status_t e = CX_ERROR(cx_status_code(st), "the module's xla.sdy.meshes `%.*s`: %s",
                             (int)meshes->str.len, meshes->str.data, cx_status_message(st));
    cx_status_free(st);
    return e;
  }
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_at_start(&b, cx_module_block(m));
  for (uint32_t i = 0; i < dict->dict.count; i++) {
    const cx_named_attr_t* item = &dict->dict.items[i];
    const char* name = item->name;
    if (cx_sdy_find_mesh(m, name, strlen(name))) continue;
    // The mesh itself, or (in XLA's older form) a string holding it.
    const cx_attr_t* mesh = item->value;
    if (mesh->kind == CX_ATTR_STRING) {
      cx_status_t e = cx_asm_parse_attr(m, mesh->str.data, mesh->str.len, &mesh);
      if (e) {
        cx_status_free(e);
        mesh = NULL;
      }
    }
    if (!mesh || !cx_sdy_attr_stripped(mesh, CX_SDY_MESH, NULL, NULL))
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "the module's xla.sdy.meshes: mesh '%s' is not a #sdy.mesh", name);
    cx_named_attr_t attrs[2] = {
        {cx_name(m->ctx, CX_NAME_sym_name), cx_attr_string(&m->arena, name, strlen(name))},
        {cx_name(m->ctx, CX_NAME_mesh), mesh}};
    if (!attrs[0].value) return CX_OOM();
    cx_op_state_t s = {.kind = CX_OP_SDY_MESH, .num_attrs = 2, .attrs = attrs};
    cx_op_t* op;
    CX_RETURN_IF_ERROR(cx_build(&b, &s, &op));
    (*count)++;
  }
  return NULL;
}

// ---- manual computations -----------------------------------------------------------

// The call of a manual computation's body and what surrounds it, replaced
// by an sdy.manual_computation holding a copy of the body.
static cx_status_t import_call(cx_module_t* m, cx_op_t* call, cx_op_t* body_func) {
  // The operands' producer (all of them, in order) and the results' user.
  cx_op_t* to_local = NULL;
  for (uint32_t i = 0; i < call->num_operands; i++) {
    cx_value_t* v = cx_op_operand(call, i);
    if (i == 0) to_local = v->def_op;
    if (!is_target(v->def_op, "xla.sdy.GlobalToLocalShape") || v->def_op != to_local ||
        v->index != i || to_local->num_results != call->num_operands ||
        to_local->num_operands != to_local->num_results)
      return located(call, CX_ERROR(CX_UNIMPLEMENTED,
                                    "Shardy's round-trip form: the operands of a manual "
                                    "computation's body call are not the results of one "
                                    "@xla.sdy.GlobalToLocalShape, in order"));
  }
  cx_op_t* to_global = NULL;
  if (call->num_results) {
    cx_operand_t* use = cx_op_result(call, 0)->first_use;
    to_global = use ? use->owner : NULL;
    bool ok = is_target(to_global, "xla.sdy.LocalToGlobalShape") &&
              to_global->num_operands == call->num_results &&
              to_global->num_results == call->num_results;
    for (uint32_t i = 0; ok && i < call->num_results; i++) {
      cx_value_t* r = cx_op_result(call, i);
      ok = cx_op_operand(to_global, i) == r && r->first_use && !r->first_use->next_use;
    }
    if (!ok)
      return located(call, CX_ERROR(CX_UNIMPLEMENTED,
                                    "Shardy's round-trip form: the results of a manual "
                                    "computation's body call are not used by one "
                                    "@xla.sdy.LocalToGlobalShape, in order"));
  }
  // Shardings and manual axes: on the custom calls, or on the call (older
  // exports).
  const cx_attr_t* call_fa = op_frontend_attrs(call);
  const cx_attr_t* in_fa = to_local ? op_frontend_attrs(to_local) : NULL;
  const cx_attr_t* out_fa = to_global ? op_frontend_attrs(to_global) : NULL;
  if (!frontend_attr(m, in_fa, "xla.sdy.manual_axes") &&
      !frontend_attr(m, out_fa, "xla.sdy.manual_axes"))
    in_fa = out_fa = call_fa;
  const cx_attr_t *in_shardings, *out_shardings, *manual;
  CX_RETURN_IF_ERROR(shardings(m, to_local ? to_local : in_fa == call_fa ? call : NULL, in_fa,
                               "xla.sdy.in_shardings", &in_shardings));
  CX_RETURN_IF_ERROR(shardings(m, to_global ? to_global : out_fa == call_fa ? call : NULL, out_fa,
                               "xla.sdy.out_shardings", &out_shardings));
  const cx_attr_t* axes = frontend_attr(m, in_fa, "xla.sdy.manual_axes");
  if (!axes) axes = frontend_attr(m, out_fa, "xla.sdy.manual_axes");
  CX_RETURN_IF_ERROR(sdy_from_string(m, call, axes, CX_SDY_MANUAL_AXES, "xla.sdy.manual_axes",
                                     &manual));
  cx_block_t* src = cx_func_body(body_func);
  if (!src || src->next || !src->last_op || src->last_op->kind != CX_OP_FUNC_RETURN)
    return located(call, CX_ERROR(CX_UNIMPLEMENTED,
                                  "Shardy's round-trip form: the body @%s is not one block "
                                  "ending in func.return",
                                  cx_func_name(body_func)));
  // The manual computation: the global values in and out, the body copied.
  uint32_t nr = call->num_results;
  const cx_type_t** result_types = cx_calloc(m->ctx->allocator, nr + 1, sizeof(cx_type_t*));
  if (!result_types) return CX_OOM();
  for (uint32_t i = 0; i < nr; i++) result_types[i] = cx_op_result(to_global, i)->type;
  cx_value_t* ins[64];
  cx_value_t** in = to_local && to_local->num_operands > 64
                        ? cx_calloc(m->ctx->allocator, to_local->num_operands, sizeof(cx_value_t*))
                        : ins;
  uint32_t no = to_local ? to_local->num_operands : 0;
  if (!in) {
    cx_free(m->ctx->allocator, result_types);
    return CX_OOM();
  }
  for (uint32_t i = 0; i < no; i++) in[i] = cx_op_operand(to_local, i);
  cx_named_attr_t attrs[3] = {{cx_name(m->ctx, CX_NAME_in_shardings), in_shardings},
                              {cx_name(m->ctx, CX_NAME_out_shardings), out_shardings},
                              {cx_name(m->ctx, CX_NAME_manual_axes), manual}};
  cx_op_state_t s = {.kind = CX_OP_SDY_MANUAL_COMPUTATION,
                     .loc = call->loc,
                     .num_operands = no,
                     .operands = in,
                     .num_results = nr,
                     .result_types = result_types,
                     .num_attrs = 3,
                     .attrs = attrs,
                     .num_regions = 1};
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, call);
  b.loc = call->loc;
  cx_op_t* mc = NULL;
  cx_status_t st = cx_build(&b, &s, &mc);
  if (in != ins) cx_free(m->ctx->allocator, in);
  cx_free(m->ctx->allocator, result_types);
  CX_RETURN_IF_ERROR(st);
  cx_ir_map_t map;
  cx_ir_map_init(&map, m);
  st = cx_region_clone_into(m, &body_func->regions[0], &mc->regions[0], &map);
  cx_ir_map_free(&map);
  CX_RETURN_IF_ERROR(st);
  // func.return -> sdy.return
  cx_block_t* blk = mc->regions[0].first_block;
  cx_op_t* ret = cx_block_terminator(blk);
  cx_builder_set_before(&b, ret);
  b.loc = ret->loc;
  cx_op_state_t rs = {.kind = CX_OP_SDY_RETURN,
                      .loc = ret->loc,
                      .num_operands = ret->num_operands,
                      .operands = NULL};
  cx_value_t* rets[64];
  cx_value_t** rv = ret->num_operands > 64
                        ? cx_calloc(m->ctx->allocator, ret->num_operands, sizeof(cx_value_t*))
                        : rets;
  if (!rv) return CX_OOM();
  for (uint32_t i = 0; i < ret->num_operands; i++) rv[i] = cx_op_operand(ret, i);
  rs.operands = rv;
  cx_op_t* new_ret;
  st = cx_build(&b, &rs, &new_ret);
  if (rv != rets) cx_free(m->ctx->allocator, rv);
  CX_RETURN_IF_ERROR(st);
  cx_op_erase(ret);
  // Rewire: the global results replace LocalToGlobalShape's, then the
  // shape changes and the call go.
  for (uint32_t i = 0; i < nr; i++)
    cx_value_replace_all_uses(cx_op_result(to_global, i), cx_op_result(mc, i));
  if (to_global) cx_op_erase(to_global);
  cx_op_erase(call);
  if (to_local && cx_op_results_unused(to_local)) cx_op_erase(to_local);
  return NULL;
}

// The function around an op.
static const cx_op_t* parent_func(const cx_op_t* op) {
  const cx_op_t* p = cx_op_parent(op);
  while (p && p->kind != CX_OP_FUNC_FUNC) p = cx_op_parent(p);
  return p;
}

typedef struct refs {
  cx_module_t* m;
  const char* name;
  bool found;
} refs_t;

static cx_walk_result_t find_ref(cx_op_t* op, void* arg) {
  refs_t* r = arg;
  if (op->kind != CX_OP_FUNC_CALL) return CX_WALK_ADVANCE;
  const cx_attr_t* callee = cx_op_attr(op, cx_name(r->m->ctx, CX_NAME_callee));
  if (!callee || callee->kind != CX_ATTR_SYMBOL_REF || strcmp(callee->str.data, r->name))
    return CX_WALK_ADVANCE;
  r->found = true;
  return CX_WALK_INTERRUPT;
}

const char* cx_manual_form_unread(const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (!strcmp(op->attrs[i].name, "cxla.unread") && op->attrs[i].value->kind == CX_ATTR_STRING)
      return op->attrs[i].value->str.data;
  return NULL;
}

cx_status_t cx_manual_form_set_unread(cx_module_t* m, cx_op_t* op, cx_status_t st) {
  // The place the reason was found, when it is not the op itself.
  char text[1024];
  const char* where = cx_status_location(st);
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  if (where && strcmp(where, loc))
    snprintf(text, sizeof text, "%s (at %s)", cx_status_message(st), where);
  else
    snprintf(text, sizeof text, "%s", cx_status_message(st));
  const cx_attr_t* a = cx_attr_string(&m->arena, text, strlen(text));
  const char* name = cx_intern(m->ctx, "cxla.unread", 11);
  cx_status_free(st);
  if (!a || !name) return CX_OOM();
  return cx_op_set_attr(m, op, name, a);
}

// The op of a manual computation's form that changes shapes (and so fails
// if it runs unread): GlobalToLocalShape, else LocalToGlobalShape, else
// the call.
static cx_op_t* shape_op(cx_module_t* m, cx_op_t* call) {
  if (call->num_operands && is_target(cx_op_operand(call, 0)->def_op,
                                      "xla.sdy.GlobalToLocalShape"))
    return cx_op_operand(call, 0)->def_op;
  cx_operand_t* use = call->num_results ? cx_op_result(call, 0)->first_use : NULL;
  if (use && is_target(use->owner, "xla.sdy.LocalToGlobalShape")) return use->owner;
  return call;
}

// A failure to read one manual computation (not out of memory) stays with
// it.
static cx_status_t keep_unread(cx_module_t* m, cx_op_t* call, cx_status_t st) {
  if (!st || cx_status_code(st) == CX_OUT_OF_MEMORY) return st;
  return cx_manual_form_set_unread(m, shape_op(m, call), st);
}

typedef struct found {
  CX_VEC(cx_op_t*) list;
  cx_allocator_t al;
  bool oom;
} found_t;

static void find_calls(cx_module_t* m, cx_block_t* block, found_t* f) {
  for (cx_op_t* op = block->first_op; op; op = op->next) {
    if (op->kind == CX_OP_FUNC_CALL) {
      const cx_attr_t* callee = cx_op_attr(op, cx_name(m->ctx, CX_NAME_callee));
      if (callee && callee->kind == CX_ATTR_SYMBOL_REF && strstr(callee->str.data, BODY_PREFIX)) {
        if (!cx_vec_push_in(f->al, &f->list, op)) {
          f->oom = true;
          return;
        }
      }
    }
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (cx_block_t* b = op->regions[r].first_block; b; b = b->next) find_calls(m, b, f);
  }
}

cx_status_t cx_sdy_import_round_trip(cx_module_t* m, uint32_t* out_count) {
  uint32_t count = 0;
  if (out_count) *out_count = 0;
  CX_RETURN_IF_ERROR(import_meshes(m, &count));
  // Calls in the body functions themselves (nested shard_maps) are found
  // too: the outer body's copy is made after the inner call became a manual
  // computation, so the calls are rewritten innermost first.
  found_t f = {.al = m->ctx->allocator};
  for (cx_op_t* op = cx_module_block(m)->first_op; op; op = op->next)
    if (cx_func_body(op)) find_calls(m, cx_func_body(op), &f);
  cx_status_t st = f.oom ? CX_OOM() : NULL;
  cx_op_t** bodies = st ? NULL : cx_calloc(f.al, f.list.len + 1, sizeof(cx_op_t*));
  if (!st && !bodies) st = CX_OOM();
  for (size_t i = 0; i < f.list.len && !st; i++) {
    const cx_attr_t* callee = cx_op_attr(f.list.data[i], cx_name(m->ctx, CX_NAME_callee));
    bodies[i] = cx_module_lookup_func(m, callee->str.data);
    if (!bodies[i] || !cx_func_body(bodies[i])) {
      st = keep_unread(m, f.list.data[i],
                       CX_ERROR(CX_INVALID_ARGUMENT, "Shardy's round-trip form: @%s has no body",
                                callee->str.data));
      f.list.data[i] = NULL;
    }
  }
  // Innermost first: a call inside a body function before the calls of
  // that function.
  for (size_t done = 0, pass = 0; !st && done < f.list.len && pass <= f.list.len; pass++) {
    for (size_t i = 0; i < f.list.len && !st; i++) {
      if (!f.list.data[i]) continue;
      bool inner_pending = false;
      for (size_t j = 0; j < f.list.len; j++)
        if (f.list.data[j] && j != i && parent_func(f.list.data[j]) == bodies[i]) inner_pending = true;
      if (inner_pending) continue;
      st = keep_unread(m, f.list.data[i], import_call(m, f.list.data[i], bodies[i]));
      f.list.data[i] = NULL;
      done++;
      count++;
    }
  }
  for (size_t i = 0; i < f.list.len && !st; i++)
    if (f.list.data[i])
      st = keep_unread(m, f.list.data[i],
                       CX_ERROR(CX_INVALID_ARGUMENT,
                                "Shardy's round-trip form: manual computation bodies call each "
                                "other in a cycle"));
  // The body functions live on in their manual computations: those no call
  // refers to any more go.
  cx_symbol_table_t* table = NULL;
  if (!st && f.list.len) st = cx_module_symbol_table(m, &table);
  for (size_t i = 0; i < f.list.len && !st; i++) {
    bool erased = !bodies[i] || !cx_func_body(bodies[i]);
    for (size_t j = 0; j < i; j++) erased |= bodies[j] == bodies[i];
    if (erased) continue;
    refs_t r = {m, cx_func_name(bodies[i]), false};
    cx_walk_module(m, CX_WALK_PRE_ORDER, find_ref, &r);
    if (!r.found) cx_symbol_table_erase(table, bodies[i]);
  }
  cx_free(f.al, bodies);
  cx_vec_free_in(f.al, &f.list);
  if (out_count) *out_count = count;
  return st;
}

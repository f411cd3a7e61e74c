// Cloning ops, regions, functions and modules (see clone.h).
#include "ir/clone.h"

#include <stdlib.h>
#include <string.h>


typedef struct fixup {
  cx_op_t* op;           // the clone
  uint32_t index;        // its operand
  cx_value_t* original;  // the value the original op used
} fixup_t;

typedef struct cloner {
  cx_module_t* dst;
  cx_ir_map_t* map;
  // Copying into another module: attributes (cx_attr_copy), names and blobs
  // are copied into dst, and every operand must refer to a cloned value.
  bool deep;
  // Deep, but large dense data is borrowed from the source (cx_module_clone_sharing).
  bool share_data;
  // Operands whose value was not in the map when their op was cloned: a
  // use before its definition in walk order (only in unverified IR, or when
  // an op of a region refers to a value defined later in an enclosing
  // block). They are looked up again once everything is cloned.
  fixup_t* fixups;
  size_t num_fixups, fixups_cap;
} cloner_t;

static cx_status_t add_fixup(cloner_t* cl, cx_op_t* op, uint32_t index, cx_value_t* original) {
  if (cl->num_fixups == cl->fixups_cap) {
    size_t cap = cl->fixups_cap ? cl->fixups_cap * 2 : 16;
    fixup_t* grown = cx_realloc(cl->dst->ctx->allocator, cl->fixups, cap * sizeof(*grown));
    if (!grown) return CX_OOM();
    cl->fixups = grown;
    cl->fixups_cap = cap;
  }
  cl->fixups[cl->num_fixups].op = op;
  cl->fixups[cl->num_fixups].index = index;
  cl->fixups[cl->num_fixups].original = original;
  cl->num_fixups++;
  return NULL;
}

static cx_status_t clone_block_into(cloner_t* cl, cx_block_t* src, cx_region_t* dst_region);

// Clones an op, not inserted. Its regions are cloned too; `out` is set only
// on success.
static cx_status_t clone_op(cloner_t* cl, cx_op_t* op, cx_op_t** out) {
  cx_value_t* small_ops[16];
  const cx_type_t* small_types[16];
  cx_named_attr_t small_attrs[16];
  cx_value_t** operands = op->num_operands <= 16 ? small_ops
                                                 : cx_alloc(cl->dst->ctx->allocator,
                                                            op->num_operands * sizeof(*operands));
  const cx_type_t** types =
      op->num_results <= 16 ? small_types
                            : cx_alloc(cl->dst->ctx->allocator, op->num_results * sizeof(*types));
  cx_named_attr_t* attrs = !cl->deep ? op->attrs
                           : op->num_attrs <= 16
                               ? small_attrs
                               : cx_alloc(cl->dst->ctx->allocator, op->num_attrs * sizeof(*attrs));
  cx_status_t st = NULL;
  cx_op_t* copy = NULL;
  if (!operands || !types || (!attrs && op->num_attrs)) {
    st = CX_OOM();
    goto out;
  }
  bool any_unmapped = false;
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* v = op->operands[i].value;
    void* to;
    if (v && cx_ptrmap_find(cl->map, v, &to)) {
      operands[i] = to;
    } else {
      // Deep clones must not point into the source module: leave the
      // operand empty until the fixup pass finds its clone.
      operands[i] = cl->deep ? NULL : v;
      any_unmapped |= v != NULL;
    }
  }
  for (uint32_t i = 0; i < op->num_results; i++) types[i] = op->results[i].type;
  if (cl->deep) {
    for (uint32_t i = 0; i < op->num_attrs; i++) {
      attrs[i].name = op->attrs[i].name;  // interned in the shared context
      attrs[i].value = cl->share_data ? cx_attr_copy_sharing(cl->dst, op->attrs[i].value)
                                      : cx_attr_copy(cl->dst, op->attrs[i].value);
      if (!attrs[i].value) {
        st = CX_OOM();
        goto out;
      }
    }
  }
  cx_op_state_t s = {.kind = op->kind,
                     .name = op->name,
                     .loc = op->loc,
                     .num_operands = op->num_operands,
                     .operands = operands,
                     .num_results = op->num_results,
                     .result_types = types,
                     .num_attrs = op->num_attrs,
                     .attrs = attrs,
                     .num_regions = op->num_regions};
  st = cx_op_build(cl->dst, &s, &copy);
  if (st) goto out;
  for (uint32_t i = 0; i < op->num_results && !st; i++) {
    if (!cx_ir_map_value(cl->map, &op->results[i], &copy->results[i])) st = CX_OOM();
  }
  for (uint32_t i = 0; any_unmapped && i < op->num_operands && !st; i++) {
    cx_value_t* v = op->operands[i].value;
    if (v && !cx_ptrmap_find(cl->map, v, NULL)) st = add_fixup(cl, copy, i, v);
  }
  for (uint32_t r = 0; r < op->num_regions && !st; r++)
    for (cx_block_t* b = op->regions[r].first_block; b && !st; b = b->next)
      st = clone_block_into(cl, b, &copy->regions[r]);
  if (st) {
    // Nothing outside the copy may keep a use of it or of its nested ops.
    cx_op_erase(copy);
    copy = NULL;
  }
out:
  if (operands != small_ops) cx_free(cl->dst->ctx->allocator, operands);
  if (types != small_types) cx_free(cl->dst->ctx->allocator, types);
  if (cl->deep && attrs != small_attrs) cx_free(cl->dst->ctx->allocator, attrs);
  *out = copy;
  return st;
}

static cx_status_t clone_block_into(cloner_t* cl, cx_block_t* src, cx_region_t* dst_region) {
  cx_block_t* b = cx_block_create(cl->dst);
  if (!b) return CX_OOM();
  cx_region_append_block(dst_region, b);
  if (!cx_ptrmap_put(cl->map, src, b)) return CX_OOM();
  for (uint32_t i = 0; i < src->num_args; i++) {
    cx_value_t* arg = cx_block_add_arg(cl->dst, b, src->args[i]->type);
    if (!arg) return CX_OOM();
    cx_value_set_arg_loc(arg, cx_value_arg_loc(src->args[i]));  // interned in the shared context
    if (!cx_ir_map_value(cl->map, src->args[i], arg)) return CX_OOM();
  }
  for (cx_op_t* op = src->first_op; op; op = op->next) {
    cx_op_t* copy;
    CX_RETURN_IF_ERROR(clone_op(cl, op, &copy));
    cx_block_append_op(b, copy);
  }
  return NULL;
}

// Resolves the operands that were unmapped when their op was cloned. A deep
// clone must find every one (anything else would point into the source).
static cx_status_t apply_fixups(cloner_t* cl) {
  for (size_t i = 0; i < cl->num_fixups; i++) {
    fixup_t* f = &cl->fixups[i];
    void* to;
    if (cx_ptrmap_find(cl->map, f->original, &to)) {
      cx_op_set_operand(f->op, f->index, to);
    } else if (cl->deep) {
      char loc[256];
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "cannot clone '%s' at %s: operand #%u refers to a value outside the module",
                      f->op->name, cx_loc_format(f->op->loc, loc, sizeof(loc)), f->index);
    }
  }
  return NULL;
}

static void cloner_free(cloner_t* cl) {
  cx_free(cl->dst->ctx->allocator, cl->fixups);
}

// ----------------------------------------------------------------------------
// Public entry points.

cx_status_t cx_op_clone(cx_builder_t* b, cx_op_t* op, cx_ir_map_t* map, cx_op_t** out_op) {
  *out_op = NULL;
  cloner_t cl = {.dst = b->module, .map = map};
  cx_op_t* copy;
  cx_status_t st = clone_op(&cl, op, &copy);
  if (!st) st = apply_fixups(&cl);
  cloner_free(&cl);
  if (st) {
    if (copy) cx_op_erase(copy);
    return st;
  }
  cx_builder_insert(b, copy);
  *out_op = copy;
  return NULL;
}

cx_status_t cx_region_clone_into(cx_module_t* module, cx_region_t* src, cx_region_t* dst,
                                 cx_ir_map_t* map) {
  cloner_t cl = {.dst = module, .map = map};
  cx_block_t* last_before = dst->last_block;
  cx_status_t st = NULL;
  for (cx_block_t* b = src->first_block; b && !st; b = b->next)
    st = clone_block_into(&cl, b, dst);
  if (!st) st = apply_fixups(&cl);
  cloner_free(&cl);
  if (st) {
    // Take the partial blocks out again, dropping the uses they hold.
    while (dst->last_block != last_before) {
      cx_block_t* b = dst->last_block;
      for (cx_op_t* op = b->first_op; op; op = op->next) cx_op_drop_all_uses_held(op);
      cx_block_unlink(b);
    }
  }
  return st;
}

cx_status_t cx_func_clone(cx_module_t* module, cx_op_t* func, const char* new_name,
                          cx_op_t** out_func) {
  *out_func = NULL;
  if (func->kind != CX_OP_FUNC_FUNC || func->block != cx_module_block(module))
    return CX_ERROR(CX_INVALID_ARGUMENT, "cx_func_clone takes a func.func of the module");
  if (cx_module_lookup_func(module, new_name))
    return CX_ERROR(CX_INVALID_ARGUMENT, "cannot clone function: symbol '%s' exists", new_name);
  const cx_attr_t* name = cx_attr_string(&module->arena, new_name, strlen(new_name));
  if (!name) return CX_OOM();
  cx_ir_map_t map;
  cx_ir_map_init(&map, module);
  cx_builder_t b;
  cx_builder_init(&b, module);
  cx_op_t* copy;
  cx_status_t st = cx_op_clone(&b, func, &map, &copy);
  cx_ir_map_free(&map);
  if (!st) st = cx_op_set_attr(module, copy, module->ctx->names[CX_NAME_sym_name], name);
  if (st) return st;
  cx_op_insert_after(func, copy);
  *out_func = copy;
  return NULL;
}

static cx_status_t module_clone(const cx_module_t* src, cx_context_t* ctx, bool share,
                                cx_module_t** out_module) {
  *out_module = NULL;
  if (ctx != src->ctx)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "a module can only be cloned into its own context (types are interned "
                    "per context)");
  cx_module_t* m;
  CX_RETURN_IF_ERROR(cx_module_create(ctx, &m));
  cx_arena_t* a = &m->arena;
  cx_status_t st = NULL;
  m->loc = src->loc;
  if (src->name && !(m->name = cx_arena_strndup(a, src->name, strlen(src->name)))) st = CX_OOM();
  if (!st && src->num_resources) {
    cx_resource_t* res = CX_ARENA_ARRAY(a, cx_resource_t, src->num_resources);
    if (!res) st = CX_OOM();
    for (uint32_t i = 0; !st && i < src->num_resources; i++) {
      const cx_resource_t* r = &src->resources[i];
      res[i] = *r;
      res[i].name = cx_arena_strndup(a, r->name, strlen(r->name));
      size_t align = r->alignment > 16 ? r->alignment : 16;
      bool borrow = share && r->nbytes >= CX_PAYLOAD_MIN_BYTES;
      res[i].data = r->nbytes && !borrow ? cx_arena_memdup(a, r->data, r->nbytes, align) : r->data;
      if (!res[i].name || (r->nbytes && !res[i].data)) st = CX_OOM();
    }
    m->resources = res;
    m->num_resources = src->num_resources;
  }
  if (!st && src->num_attrs) {
    cx_named_attr_t* attrs = CX_ARENA_ARRAY(a, cx_named_attr_t, src->num_attrs);
    if (!attrs) st = CX_OOM();
    for (uint32_t i = 0; !st && i < src->num_attrs; i++) {
      attrs[i].name = src->attrs[i].name;
      attrs[i].value = share ? cx_attr_copy_sharing(m, src->attrs[i].value)
                             : cx_attr_copy(m, src->attrs[i].value);
      if (!attrs[i].value) st = CX_OOM();
    }
    m->attrs = attrs;
    m->num_attrs = src->num_attrs;
  }
  if (!st) {
    cx_ir_map_t map;
    cx_ir_map_init(&map, m);
    cloner_t cl = {.dst = m, .map = &map, .deep = true, .share_data = share};
    cx_block_t* body = cx_module_block(m);
    for (cx_op_t* op = cx_module_block(src)->first_op; op && !st; op = op->next) {
      cx_op_t* copy;
      st = clone_op(&cl, op, &copy);
      if (!st) cx_block_append_op(body, copy);
    }
    if (!st) st = apply_fixups(&cl);
    cloner_free(&cl);
    cx_ir_map_free(&map);
  }
  if (st) {
    cx_module_destroy(m);
    return st;
  }
  *out_module = m;
  return NULL;
}

cx_status_t cx_module_clone(const cx_module_t* src, cx_context_t* ctx, cx_module_t** out_module) {
  return module_clone(src, ctx, false, out_module);
}

cx_status_t cx_module_clone_sharing(const cx_module_t* src, cx_context_t* ctx,
                                    cx_module_t** out_module) {
  return module_clone(src, ctx, true, out_module);
}

cx_status_t cx_op_inline_body(cx_module_t* module, cx_op_t* op, cx_block_t* body,
                              cx_op_kind_t terminator, bool* out_inlined) {
  *out_inlined = false;
  cx_ir_map_t map;
  cx_ir_map_init(&map, module);
  cx_status_t s = NULL;
  for (uint32_t i = 0; i < body->num_args && !s; i++)
    if (!cx_ir_map_value(&map, body->args[i], cx_op_operand(op, i))) s = CX_OOM();
  cx_builder_t b;
  cx_builder_init(&b, module);
  cx_builder_set_before(&b, op);
  cx_op_t* ret = NULL;
  for (cx_op_t* o = body->first_op; o && !s; o = o->next) {
    if (o->kind == terminator) {
      ret = o;
      break;
    }
    cx_op_t* clone;
    s = cx_op_clone(&b, o, &map, &clone);
  }
  if (!s && ret && ret->num_operands == op->num_results) {
    for (uint32_t i = 0; i < op->num_results; i++)
      cx_value_replace_all_uses(cx_op_result(op, i), cx_ir_map_lookup(&map, cx_op_operand(ret, i)));
    cx_op_erase(op);
    *out_inlined = true;
  }
  cx_ir_map_free(&map);
  return s;
}

// cx_bc_write: a cxla module to a StableHLO portable artifact.
//
// Three steps, mirroring what `stablehlo-translate --serialize` does:
//   1. build (this file): the module as MLIR sees it after legalizing to VHLO
//      and converting to the target version — each op becomes the VHLO op of
//      the target (vhlo_export*.c), attributes become interned nodes, values
//      get use lists in MLIR's order (including the reordering that
//      recreating ops for an older target causes);
//   2. number (numbering.c): MLIR's IRNumbering;
//   3. emit (this file): MLIR's BytecodeWriter, section by section.
#include <stdlib.h>
#include <string.h>

#include "bytecode/wir.h"

// ----------------------------------------------------------------------------
// Building.

typedef struct builder {
  w_module_t* m;
  bc_export_t ex;
  const cx_module_t* module;
  bool strip;
  cx_hashset_t values;        // cx_value_t* -> value_entry_t*
  cx_hashset_t opnames;       // name -> w_opname_t*
  const bc_node_t* unknown_loc;
  uint32_t next_op_id;
  w_op_t** ops_by_id;         // pre-order
  uint32_t ops_cap;
} builder_t;

typedef struct value_entry {
  const cx_value_t* key;
  w_value_t* value;
  uint32_t scope_id;  // op_id of the op whose region (or result) defines it
} value_entry_t;

static cx_status_t oom_if_null(const void* p) { return p ? NULL : CX_OOM(); }

static uint64_t ptr_hash(const void* p) { return cx_hash_mix(0x77, (uint64_t)(uintptr_t)p); }
static bool value_eq(const void* item, const void* key) {
  return ((const value_entry_t*)item)->key == key;
}

static cx_status_t map_value(builder_t* b, const cx_value_t* v, w_value_t* w, uint32_t scope) {
  w->scope = scope;
  value_entry_t* e = CX_ARENA_NEW(&b->m->arena, value_entry_t);
  CX_RETURN_IF_ERROR(oom_if_null(e));
  *e = (value_entry_t){v, w, scope};
  return cx_hashset_insert(&b->values, ptr_hash(v), e) ? NULL : CX_OOM();
}

static value_entry_t* find_value(builder_t* b, const cx_value_t* v) {
  return cx_hashset_find(&b->values, ptr_hash(v), value_eq, v);
}

static bool opname_eq(const void* item, const void* key) {
  const w_opname_t* o = item;
  const char* k = key;
  size_t dl = strlen(o->dialect);
  return !strncmp(k, o->dialect, dl) && k[dl] == '.' && !strcmp(k + dl + 1, o->name);
}

static cx_status_t get_opname(builder_t* b, const char* dialect, const char* name,
                              w_opname_t** out) {
  char full[160];
  snprintf(full, sizeof(full), "%s.%s", dialect, name);
  uint64_t h = cx_hash_bytes(full, strlen(full), 3);
  *out = cx_hashset_find(&b->opnames, h, opname_eq, full);
  if (*out) return NULL;
  w_opname_t* o = CX_ARENA_NEW(&b->m->arena, w_opname_t);
  CX_RETURN_IF_ERROR(oom_if_null(o));
  o->dialect = dialect;
  o->name = name;
  if (!cx_hashset_insert(&b->opnames, h, o)) return CX_OOM();
  *out = o;
  return NULL;
}

static int cmp_pair_name(const void* x, const void* y) {
  const bc_node_t* const* a = x;
  const bc_node_t* const* c = y;
  size_t la = a[0]->len, lc = c[0]->len;
  int r = memcmp(a[0]->str, c[0]->str, la < lc ? la : lc);
  return r ? r : (la < lc ? -1 : la > lc);
}

// A builtin dictionary of (builtin string name, value) pairs sorted by name,
// as MLIR's DictionaryAttr; NULL if empty.
static cx_status_t make_dict(builder_t* b, const bc_node_t** pairs, uint32_t n,
                             const bc_node_t** out) {
  *out = NULL;
  if (!n) return NULL;
  qsort(pairs, n, 2 * sizeof(*pairs), cmp_pair_name);
  *out = bc_node_kids(&b->m->nodes, false, BC_D_BUILTIN, BA_DICT, pairs, 2 * n);
  return oom_if_null(*out);
}

static cx_status_t add_pair(builder_t* b, const bc_node_t** pairs, uint32_t* n, const char* name,
                            const bc_node_t* value) {
  pairs[2 * *n] = bc_battr_str(&b->m->nodes, name, strlen(name));
  CX_RETURN_IF_ERROR(oom_if_null(pairs[2 * *n]));
  pairs[2 * *n + 1] = value;
  (*n)++;
  return NULL;
}

static cx_status_t build_op(builder_t* b, const cx_op_t* op, w_op_t** out);

static cx_status_t build_region(builder_t* b, const cx_region_t* r, uint32_t scope,
                                w_region_t* out) {
  uint32_t nblocks = 0;
  for (const cx_block_t* blk = r->first_block; blk; blk = blk->next) nblocks++;
  // Counts are set once their arrays exist: a failed build is freed by
  // walking them (free_uses).
  out->blocks = nblocks ? CX_ARENA_ARRAY(&b->m->arena, w_block_t, nblocks) : NULL;
  if (nblocks && !out->blocks) return CX_OOM();
  out->nblocks = nblocks;
  uint32_t bi = 0;
  for (const cx_block_t* blk = r->first_block; blk; blk = blk->next, bi++) {
    w_block_t* wb = &out->blocks[bi];
    if (blk->num_args) {
      wb->args = CX_ARENA_ARRAY(&b->m->arena, w_value_t, blk->num_args);
      wb->arg_types = CX_ARENA_ARRAY(&b->m->arena, const bc_node_t*, blk->num_args);
      wb->arg_locs = CX_ARENA_ARRAY(&b->m->arena, const bc_node_t*, blk->num_args);
      if (!wb->args || !wb->arg_types || !wb->arg_locs) return CX_OOM();
    }
    wb->nargs = blk->num_args;
    for (uint32_t a = 0; a < blk->num_args; a++) {
      cx_loc_t arg_loc = {.full = cx_value_arg_loc(blk->args[a])};
      CX_RETURN_IF_ERROR(bc_export_loc(&b->ex, arg_loc, b->strip, &wb->arg_locs[a]));
      CX_RETURN_IF_ERROR(bc_export_type(&b->ex, blk->args[a]->type, false, &wb->arg_types[a]));
      CX_RETURN_IF_ERROR(map_value(b, blk->args[a], &wb->args[a], scope));
    }
    uint32_t nops = 0;
    for (const cx_op_t* o = blk->first_op; o; o = o->next) nops++;
    wb->nops = nops;
    wb->ops = nops ? CX_ARENA_ARRAY(&b->m->arena, w_op_t*, nops) : NULL;
    if (nops && !wb->ops) return CX_OOM();
    uint32_t k = 0;
    for (const cx_op_t* o = blk->first_op; o; o = o->next) CX_RETURN_IF_ERROR(build_op(b, o, &wb->ops[k++]));
  }
  return NULL;
}

static cx_status_t register_op(builder_t* b, w_op_t* w) {
  if (b->next_op_id == b->ops_cap) {
    uint32_t cap = b->ops_cap ? b->ops_cap * 2 : 256;
    w_op_t** grown = cx_realloc_array(b->m->arena.allocator, b->ops_by_id, cap, sizeof(*grown));
    if (!grown) return CX_OOM();
    b->ops_by_id = grown;
    b->ops_cap = cap;
  }
  w->op_id = b->next_op_id;
  b->ops_by_id[b->next_op_id++] = w;
  return NULL;
}

static cx_status_t unsupported_op(builder_t* b, const cx_op_t* op, const vhlo_op_def_t* next) {
  char v1[16], v2[16];
  if (next) {
    return bc_export_error(&b->ex, "is not supported in StableHLO %s (introduced in %s as vhlo.%s)",
                           bc_version_format(b->ex.target, v1, sizeof(v1)),
                           bc_version_format(next->min_version, v2, sizeof(v2)), next->mnemonic);
  }
  (void)op;
  return bc_export_error(&b->ex, "has no VHLO form and cannot be serialized");
}

static cx_status_t build_rest(builder_t* b, const cx_op_t* op, w_op_t* w);

// Shardy's ops are written in the sdy dialect, as JAX's exports hold them
// (StableHLO's serialization converts only its own ops to VHLO): inherent
// attributes ODS-encoded in name order (bytecode >= 5, else in the
// dictionary), the sdy attributes as their text.
static cx_status_t build_sdy_attrs(builder_t* b, const cx_op_t* op, w_op_t* w) {
  const char* names[4];
  uint32_t n = 0;
  char list[128];
  snprintf(list, sizeof list, "%s", cx_op_info(op->kind)->inherent_attrs);
  for (char* tok = strtok(list, ","); tok && n < 4; tok = strtok(NULL, ",")) names[n++] = tok;
  for (uint32_t i = 1; i < n; i++)  // name order, as ODS's properties
    for (uint32_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      const char* t = names[j];
      names[j] = names[j - 1];
      names[j - 1] = t;
    }
  cx_allocator_t al = b->m->arena.allocator;
  const bc_node_t** vals = n ? CX_ARENA_ARRAY(&b->m->arena, const bc_node_t*, n) : NULL;
  const bc_node_t** pairs = cx_calloc(al, 2 * ((size_t)op->num_attrs + n) + 2, sizeof(*pairs));
  cx_status_t st = (n && !vals) || !pairs ? CX_OOM() : NULL;
  uint32_t np = 0, optional = 0;
  for (uint32_t i = 0; i < n && !st; i++) {
    // A named computation's shardings (OptionalAttr) and all_reduce's
    // reduction_op (DefaultValuedAttr) are optional.
    if ((op->kind == CX_OP_SDY_NAMED_COMPUTATION && strcmp(names[i], "name") != 0) ||
        !strcmp(names[i], "reduction_op"))
      optional |= 1u << i;
    vals[i] = NULL;
    const cx_attr_t* a = cx_op_attr(op, cx_intern(b->ex.ctx, names[i], strlen(names[i])));
    if (!a) {
      if (!(optional >> i & 1)) st = bc_export_error(&b->ex, "has no attribute '%s'", names[i]);
      continue;
    }
    st = bc_export_attr(&b->ex, a, &vals[i]);
    if (!st && !vals[i]) st = bc_export_builtin_attr(&b->ex, a, &vals[i]);
  }
  for (uint32_t i = 0; i < op->num_attrs && !st; i++) {
    bool inherent = false;
    for (uint32_t k = 0; k < n; k++) inherent |= !strcmp(op->attrs[i].name, names[k]);
    const bc_node_t* v;
    if (inherent && b->m->bytecode_version >= BC_V_NATIVE_PROPERTIES) continue;
    st = bc_export_attr(&b->ex, op->attrs[i].value, &v);
    if (!st && !v) st = bc_export_builtin_attr(&b->ex, op->attrs[i].value, &v);
    if (!st) st = add_pair(b, pairs, &np, op->attrs[i].name, v);
  }
  if (!st && b->m->bytecode_version >= BC_V_NATIVE_PROPERTIES && n) {
    w->props_kind = W_PROPS_ODS;
    w->nprops = n;
    w->props = vals;
    w->props_optional = optional;
  }
  if (!st) st = make_dict(b, pairs, np, &w->dict);
  cx_free(al, pairs);
  return st;
}

static cx_status_t build_op(builder_t* b, const cx_op_t* op, w_op_t** out) {
  w_op_t* w = CX_ARENA_NEW(&b->m->arena, w_op_t);
  CX_RETURN_IF_ERROR(oom_if_null(w));
  *out = w;
  CX_RETURN_IF_ERROR(register_op(b, w));
  b->ex.op_name = op->name;
  b->ex.loc = op->loc;
  if (cx_op_info(op->kind)->family == CX_FAMILY_SDY) {
    CX_RETURN_IF_ERROR(get_opname(b, "sdy", op->name + 4, &w->name));
    CX_RETURN_IF_ERROR(bc_export_loc(&b->ex, op->loc, b->strip, &w->loc));
    CX_RETURN_IF_ERROR(build_sdy_attrs(b, op, w));
    return build_rest(b, op, w);
  }
  const vhlo_op_def_t* next;
  const vhlo_op_def_t* def = vhlo_op_for_kind(op->kind, b->ex.target, &next);
  if (!def || op->kind == CX_OP_UNKNOWN) return unsupported_op(b, op, def ? NULL : next);
  w->recreated = def != vhlo_op_for_kind(op->kind, BC_CURRENT_VERSION, NULL);
  CX_RETURN_IF_ERROR(get_opname(b, "vhlo", def->mnemonic, &w->name));
  CX_RETURN_IF_ERROR(bc_export_loc(&b->ex, op->loc, b->strip, &w->loc));

  // Attributes: inherent (properties from bytecode 5) and discardable.
  uint32_t n = vhlo_op_nattrs(def);
  const bc_node_t** vals = n ? CX_ARENA_ARRAY(&b->m->arena, const bc_node_t*, n) : NULL;
  cx_allocator_t al = b->m->arena.allocator;
  bool* consumed = op->num_attrs ? cx_calloc(al, op->num_attrs, sizeof(bool)) : NULL;
  const bc_node_t** pairs = cx_calloc(al, 2 * ((size_t)op->num_attrs + n) + 2, sizeof(*pairs));
  cx_status_t st = (n && !vals) || (op->num_attrs && !consumed) || !pairs ? CX_OOM() : NULL;
  if (!st) st = bc_export_op_attrs(&b->ex, op, def, vals, consumed);
  uint32_t np = 0;
  for (uint32_t i = 0; i < op->num_attrs && !st; i++) {
    if (consumed[i]) continue;
    const bc_node_t* v;
    st = bc_export_attr(&b->ex, op->attrs[i].value, &v);
    if (!st && !v) st = bc_export_builtin_attr(&b->ex, op->attrs[i].value, &v);
    if (!st) st = add_pair(b, pairs, &np, op->attrs[i].name, v);
  }
  if (!st) {
    if (b->m->bytecode_version >= BC_V_NATIVE_PROPERTIES) {
      w->props_kind = n ? W_PROPS_REQUIRED : W_PROPS_NONE;
      w->nprops = n;
      w->props = vals;
    } else {
      for (uint32_t i = 0; i < n && !st; i++) st = add_pair(b, pairs, &np, def->attrs[i].name, vals[i]);
    }
  }
  if (!st) st = make_dict(b, pairs, np, &w->dict);
  cx_free(al, consumed);
  cx_free(al, pairs);
  CX_RETURN_IF_ERROR(st);

  return build_rest(b, op, w);
}

// An op's results, operands and regions.
static cx_status_t build_rest(builder_t* b, const cx_op_t* op, w_op_t* w) {
  if (op->num_results) {
    w->results = CX_ARENA_ARRAY(&b->m->arena, w_value_t, op->num_results);
    w->result_types = CX_ARENA_ARRAY(&b->m->arena, const bc_node_t*, op->num_results);
    if (!w->results || !w->result_types) return CX_OOM();
  }
  w->nresults = op->num_results;
  for (uint32_t i = 0; i < op->num_results; i++) {
    CX_RETURN_IF_ERROR(bc_export_type(&b->ex, op->results[i].type, false, &w->result_types[i]));
    CX_RETURN_IF_ERROR(map_value(b, &op->results[i], &w->results[i], w->op_id));
  }
  w->noperands = op->num_operands;
  if (op->num_operands) {
    w->operands = CX_ARENA_ARRAY(&b->m->arena, w_value_t*, op->num_operands);
    CX_RETURN_IF_ERROR(oom_if_null(w->operands));
  }
  for (uint32_t i = 0; i < op->num_operands; i++) {
    value_entry_t* e = find_value(b, op->operands[i].value);
    if (!e) return bc_export_error(&b->ex, "uses a value defined after it");
    w->operands[i] = e->value;
  }
  // Regions.
  if (op->num_regions) {
    w->regions = CX_ARENA_ARRAY(&b->m->arena, w_region_t, op->num_regions);
    CX_RETURN_IF_ERROR(oom_if_null(w->regions));
  }
  w->nregions = op->num_regions;
  for (uint32_t r = 0; r < op->num_regions; r++)
    CX_RETURN_IF_ERROR(build_region(b, &op->regions[r], w->op_id, &w->regions[r]));
  w->last_id = b->next_op_id - 1;
  return NULL;
}

static cx_status_t build_module(builder_t* b) {
  const cx_module_t* mod = b->module;
  w_op_t* w = CX_ARENA_NEW(&b->m->arena, w_op_t);
  CX_RETURN_IF_ERROR(oom_if_null(w));
  b->m->root = w;
  CX_RETURN_IF_ERROR(register_op(b, w));
  CX_RETURN_IF_ERROR(get_opname(b, "builtin", "module", &w->name));
  b->ex.op_name = "builtin.module";
  b->ex.loc = mod->loc;
  CX_RETURN_IF_ERROR(bc_export_loc(&b->ex, mod->loc, b->strip, &w->loc));
  // Module attributes stay builtin: StableHLO converts only its own ops.
  const bc_node_t** pairs =
      cx_calloc(b->m->arena.allocator, 2 * (size_t)mod->num_attrs + 2, sizeof(*pairs));
  if (!pairs) return CX_OOM();
  uint32_t np = 0;
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < mod->num_attrs && !st; i++) {
    const bc_node_t* v;
    st = bc_export_builtin_attr(&b->ex, mod->attrs[i].value, &v);
    if (!st) st = add_pair(b, pairs, &np, mod->attrs[i].name, v);
  }
  const bc_node_t* name = NULL;
  if (!st && mod->name) {
    name = bc_battr_str(&b->m->nodes, mod->name, strlen(mod->name));
    st = oom_if_null(name);
  }
  if (!st) {
    if (b->m->bytecode_version >= BC_V_NATIVE_PROPERTIES) {
      w->props_kind = W_PROPS_MODULE;
      w->nprops = 2;
      w->props = CX_ARENA_ARRAY(&b->m->arena, const bc_node_t*, 2);
      st = oom_if_null(w->props);
      if (!st) w->props[0] = name;
    } else if (name) {
      st = add_pair(b, pairs, &np, "sym_name", name);
    }
  }
  if (!st) st = make_dict(b, pairs, np, &w->dict);
  cx_free(b->m->arena.allocator, pairs);
  CX_RETURN_IF_ERROR(st);
  w->regions = CX_ARENA_ARRAY(&b->m->arena, w_region_t, 1);
  CX_RETURN_IF_ERROR(oom_if_null(w->regions));
  w->nregions = 1;
  CX_RETURN_IF_ERROR(build_region(b, &mod->body, w->op_id, &w->regions[0]));
  w->last_id = b->next_op_id - 1;
  return NULL;
}

// Regions whose ops use nothing defined outside are numbered as isolated
// from above (MLIR computes this, besides the trait on module and func).
static void compute_isolation(builder_t* b) {
  for (uint32_t id = 0; id < b->next_op_id; id++) {
    w_op_t* x = b->ops_by_id[id];
    if (!x->nregions) continue;
    bool isolated = true;
    for (uint32_t k = id + 1; k <= x->last_id && isolated; k++) {
      w_op_t* u = b->ops_by_id[k];
      for (uint32_t i = 0; i < u->noperands && isolated; i++) {
        uint32_t s = u->operands[i]->scope;
        isolated = s >= x->op_id && s <= x->last_id;
      }
    }
    x->isolated = isolated;
  }
}

// ----------------------------------------------------------------------------
// Use lists.

static cx_status_t add_use(cx_allocator_t a, w_value_t* v, w_op_t* owner, uint32_t operand,
                           uint64_t stamp) {
  if (v->nuses == v->cap) {
    uint32_t cap = v->cap ? v->cap * 2 : 4;
    w_use_t* grown = cx_realloc_array(a, v->uses, cap, sizeof(*grown));
    if (!grown) return CX_OOM();
    v->uses = grown;
    v->cap = cap;
  }
  v->uses[v->nuses++] = (w_use_t){owner, operand, stamp};
  return NULL;
}

static int by_stamp_desc(const void* a, const void* b) {
  uint64_t x = ((const w_use_t*)a)->stamp, y = ((const w_use_t*)b)->stamp;
  return x > y ? -1 : x < y;
}

static void free_uses(builder_t* b) {
  cx_allocator_t al = b->m->arena.allocator;
  for (uint32_t id = 0; id < b->next_op_id; id++) {
    w_op_t* o = b->ops_by_id[id];
    for (uint32_t i = 0; i < o->nresults; i++) cx_free(al, o->results[i].uses);
    for (uint32_t r = 0; r < o->nregions; r++)
      for (uint32_t k = 0; k < o->regions[r].nblocks; k++)
        for (uint32_t a = 0; a < o->regions[r].blocks[k].nargs; a++)
          cx_free(al, o->regions[r].blocks[k].args[a].uses);
  }
}

// MLIR's use lists are newest first. StableHLO's legalization creates every
// op in pre-order, so a value's uses end up ordered by (op, operand)
// descending — the order MLIR's writer takes as given. Ops a downgrade
// recreates add their uses again, in front; the results they replace move
// their remaining uses over one by one, which reverses them.
static cx_status_t collect_uses(builder_t* b) {
  const uint64_t kLegalized = 1ull << 60, kRecreated = 2ull << 60, kMoved = 3ull << 60;
  for (uint32_t id = 0; id < b->next_op_id; id++) {
    w_op_t* o = b->ops_by_id[id];
    for (uint32_t i = 0; i < o->nresults; i++) o->results[i].from_recreated = o->recreated;
  }
  for (uint32_t id = 0; id < b->next_op_id; id++) {
    w_op_t* o = b->ops_by_id[id];
    for (uint32_t i = 0; i < o->noperands; i++) {
      w_value_t* v = o->operands[i];
      uint64_t key = (uint64_t)id << 20 | i;
      uint64_t stamp;
      if (o->recreated) stamp = kRecreated | key;
      else if (v->from_recreated) stamp = kMoved | (~key & ((1ull << 60) - 1));
      else stamp = kLegalized | key;
      CX_RETURN_IF_ERROR(add_use(b->m->arena.allocator, v, o, i, stamp));
    }
  }
  for (uint32_t id = 0; id < b->next_op_id; id++) {
    w_op_t* o = b->ops_by_id[id];
    for (uint32_t i = 0; i < o->nresults; i++)
      if (o->results[i].nuses > 1)
        qsort(o->results[i].uses, o->results[i].nuses, sizeof(w_use_t), by_stamp_desc);
    for (uint32_t r = 0; r < o->nregions; r++)
      for (uint32_t k = 0; k < o->regions[r].nblocks; k++)
        for (uint32_t a = 0; a < o->regions[r].blocks[k].nargs; a++) {
          w_value_t* v = &o->regions[r].blocks[k].args[a];
          if (v->nuses > 1) qsort(v->uses, v->nuses, sizeof(w_use_t), by_stamp_desc);
        }
  }
  return NULL;
}

// ----------------------------------------------------------------------------
// Emission.

typedef struct strtab {
  cx_strmap_t map;       // string -> index + 1
  uint32_t n, cap;
  const char** s;
  size_t* len;
} strtab_t;

static cx_status_t str_insert(strtab_t* t, const char* s, size_t len, uint32_t* out) {
  cx_strmap_entry_t* e = cx_strmap_find(&t->map, s, len);
  if (e) {
    *out = (uint32_t)(uintptr_t)e->value - 1;
    return NULL;
  }
  if (t->n == t->cap) {
    uint32_t cap = t->cap ? t->cap * 2 : 64;
    cx_allocator_t a = t->map.set.allocator;
    const char** gs = cx_realloc_array(a, t->s, cap, sizeof(*gs));
    if (!gs) return CX_OOM();
    t->s = gs;
    size_t* gl = cx_realloc_array(a, t->len, cap, sizeof(*gl));
    if (!gl) return CX_OOM();
    t->len = gl;
    t->cap = cap;
  }
  t->s[t->n] = s;
  t->len[t->n] = len;
  if (!cx_strmap_put(&t->map, s, len, (void*)(uintptr_t)(t->n + 1))) return CX_OOM();
  *out = t->n++;
  return NULL;
}

typedef struct emitter {
  w_module_t* m;
  const cx_module_t* module;
  strtab_t strings;
  int version;
  // Properties: deduplicated entries (varint size + bytes).
  uint32_t nprops, props_cap;
  bc_buf_t* props;
  cx_hashset_t props_set;
} emitter_t;

static cx_status_t emit_string(emitter_t* e, bc_buf_t* out, const char* s, size_t len) {
  uint32_t id = 0;
  CX_RETURN_IF_ERROR(str_insert(&e->strings, s, len, &id));
  bc_buf_varint(out, id);
  return NULL;
}

static void ref(bc_buf_t* out, const bc_node_t* n) { bc_buf_varint(out, n->number); }

static void refs(bc_buf_t* out, const bc_node_t* const* kids, uint32_t n) {
  bc_buf_varint(out, n);
  for (uint32_t i = 0; i < n; i++) ref(out, kids[i]);
}

static void svarints(bc_buf_t* out, const int64_t* v, uint32_t n) {
  bc_buf_varint(out, n);
  for (uint32_t i = 0; i < n; i++) bc_buf_svarint(out, v[i]);
}

// APInt/APFloat with a known width: a raw byte up to 8 bits, else a signed
// varint of the (zero-extended) bits.
static void apint(bc_buf_t* out, const bc_node_t* type, uint64_t bits) {
  int w = 64;
  if (type->dialect == BC_D_BUILTIN && type->code == BT_INTEGER) w = (int)(type->u >> 2);
  if (type->dialect == BC_D_BUILTIN && (type->code == BT_BF16 || type->code == BT_F16)) w = 16;
  if (type->dialect == BC_D_BUILTIN && type->code == BT_F32) w = 32;
  if (type->dialect == BC_D_VHLO) {
    switch (type->code) {
      case VT_BOOL: w = 1; break;
      case VT_SI2: case VT_UI2: w = 2; break;
      case VT_SI4: case VT_UI4: case VT_F4E2M1FN: w = 4; break;
      case VT_F6E2M3FN: case VT_F6E3M2FN: w = 6; break;
      case VT_SI8: case VT_UI8: case VT_F8E4M3FN: case VT_F8E5M2: case VT_F8E4M3FNUZ:
      case VT_F8E5M2FNUZ: case VT_F8E4M3B11FNUZ: case VT_F8E4M3: case VT_F8E3M4:
      case VT_F8E8M0FNU: w = 8; break;
      case VT_SI16: case VT_UI16: case VT_BF16: case VT_F16: w = 16; break;
      case VT_TF32: w = 19; break;
      case VT_SI32: case VT_UI32: case VT_F32: w = 32; break;
      default: w = 64; break;
    }
  }
  if (w <= 8) {
    bc_buf_byte(out, (uint8_t)bits);
    return;
  }
  if (w < 64) bits &= (1ull << w) - 1;
  bc_buf_svarint(out, (int64_t)bits);
}

static cx_status_t emit_vhlo(emitter_t* e, bc_buf_t* out, const bc_node_t* n) {
  bc_buf_varint(out, n->code);
  if (n->is_type) {
    switch (n->code) {
      case VT_COMPLEX: case VT_UNRANKED_TENSOR: ref(out, n->kids[0]); return NULL;
      case VT_FUNCTION:
        refs(out, n->kids, (uint32_t)n->u);
        refs(out, n->nkids ? n->kids + n->u : NULL, n->nkids - (uint32_t)n->u);
        return NULL;
      case VT_TENSOR_ENCODING:
      case VT_TENSOR:
        // The encoding comes first; the shape and element type follow.
        if (n->code == VT_TENSOR_ENCODING) ref(out, n->kids[1]);
        svarints(out, n->ints, n->nints);
        ref(out, n->kids[0]);
        return NULL;
      case VT_BUFFER:
        svarints(out, n->ints, n->nints);
        ref(out, n->kids[0]);
        return NULL;
      case VT_TUPLE: case VT_FUTURE: refs(out, n->kids, n->nkids); return NULL;
      case VT_QUANT:
        bc_buf_varint(out, n->u);
        ref(out, n->kids[0]);
        ref(out, n->kids[1]);
        for (int i = 0; i < 4; i++) bc_buf_svarint(out, n->ints[i]);
        return NULL;
      case VT_QUANT_PER_AXIS: {
        bc_buf_varint(out, n->u);
        ref(out, n->kids[0]);
        ref(out, n->kids[1]);
        bc_buf_varint(out, (uint64_t)n->ints[0]);
        bc_buf_svarint(out, n->ints[1]);
        bc_buf_svarint(out, n->ints[2]);
        uint64_t ns = (uint64_t)n->ints[3];
        svarints(out, n->ints + 4, (uint32_t)ns);
        svarints(out, n->ints + 5 + ns, (uint32_t)n->ints[4 + ns]);
        return NULL;
      }
      default: return NULL;  // scalar types
    }
  }
  switch (n->code) {
    case VA_ARRAY: refs(out, n->kids, n->nkids); return NULL;
    case VA_DICT:
      bc_buf_varint(out, n->nkids / 2);
      for (uint32_t i = 0; i < n->nkids; i++) ref(out, n->kids[i]);
      return NULL;
    case VA_FLOAT: case VA_INTEGER:
      ref(out, n->kids[0]);
      apint(out, n->kids[0], n->u);
      return NULL;
    case VA_OUTPUT_OPERAND_ALIAS: {
      uint64_t n1 = (uint64_t)n->ints[0];
      svarints(out, n->ints + 1, (uint32_t)n1);
      bc_buf_svarint(out, n->ints[1 + n1]);
      svarints(out, n->ints + 3 + n1, (uint32_t)n->ints[2 + n1]);
      return NULL;
    }
    case VA_STRING: return emit_string(e, out, n->str, n->len);
    case VA_TENSOR:
      ref(out, n->kids[0]);
      bc_buf_varint(out, n->len);
      bc_buf_bytes(out, n->str, n->len);
      return NULL;
    case VA_TYPE: ref(out, n->kids[0]); return NULL;
    case VA_TYPE_EXTENSIONS: svarints(out, n->ints, n->nints); return NULL;
    case VA_RESULT_ACCURACY:
      for (int i = 0; i < 3; i++) bc_buf_svarint(out, n->ints[i]);
      ref(out, n->kids[0]);
      return NULL;
    case VA_SUB_AXIS_INFO:
      bc_buf_svarint(out, n->ints[0]);
      bc_buf_svarint(out, n->ints[1]);
      return NULL;
    case VA_AXIS_REF:
      ref(out, n->kids[0]);
      bc_buf_varint(out, n->nkids > 1);
      if (n->nkids > 1) ref(out, n->kids[1]);
      return NULL;
    case VA_REPLICA_GROUP_MESH_AXES:
      ref(out, n->kids[0]);
      ref(out, n->kids[1]);
      return NULL;
    default:
      bc_buf_varint(out, n->u);  // enums and bool
      return NULL;
  }
}

static cx_status_t emit_builtin(emitter_t* e, bc_buf_t* out, const bc_node_t* n) {
  bc_buf_varint(out, n->code);
  if (n->is_type) {
    switch (n->code) {
      case BT_INTEGER: bc_buf_varint(out, n->u); return NULL;
      case BT_FUNCTION:
        refs(out, n->kids, (uint32_t)n->u);
        refs(out, n->nkids ? n->kids + n->u : NULL, n->nkids - (uint32_t)n->u);
        return NULL;
      case BT_COMPLEX: case BT_UNRANKED_TENSOR: ref(out, n->kids[0]); return NULL;
      case BT_TUPLE: refs(out, n->kids, n->nkids); return NULL;
      case BT_TENSOR_ENCODING:
      case BT_TENSOR:
        // The encoding comes first; the shape and element type follow.
        if (n->code == BT_TENSOR_ENCODING) ref(out, n->kids[1]);
        svarints(out, n->ints, n->nints);
        ref(out, n->kids[0]);
        return NULL;
      default: return NULL;
    }
  }
  switch (n->code) {
    case BA_ARRAY: refs(out, n->kids, n->nkids); return NULL;
    case BA_DICT:
      bc_buf_varint(out, n->nkids / 2);
      for (uint32_t i = 0; i < n->nkids; i++) ref(out, n->kids[i]);
      return NULL;
    case BA_STRING: return emit_string(e, out, n->str, n->len);
    case BA_FLAT_SYMBOL_REF: case BA_TYPE: ref(out, n->kids[0]); return NULL;
    case BA_INTEGER: case BA_FLOAT:
      ref(out, n->kids[0]);
      apint(out, n->kids[0], n->u);
      return NULL;
    case BA_LOC_FILE:
      ref(out, n->kids[0]);
      bc_buf_varint(out, (uint64_t)n->ints[0]);
      bc_buf_varint(out, (uint64_t)n->ints[1]);
      return NULL;
    case BA_LOC_RANGE:
      ref(out, n->kids[0]);
      bc_buf_varint(out, n->u);
      for (uint64_t i = 0; i < n->u; i++) bc_buf_varint(out, (uint64_t)n->ints[i]);
      return NULL;
    case BA_LOC_NAME:
    case BA_LOC_CALLSITE:
      ref(out, n->kids[0]);
      ref(out, n->kids[1]);
      return NULL;
    case BA_LOC_FUSED: refs(out, n->kids, n->nkids); return NULL;
    case BA_LOC_FUSED_META:
      refs(out, n->kids, (uint32_t)n->u);
      ref(out, n->kids[n->u]);
      return NULL;
    case BA_DENSE:
      ref(out, n->kids[0]);
      bc_buf_varint(out, n->len);
      bc_buf_bytes(out, n->str, n->len);
      return NULL;
    case BA_DENSE_ARRAY:
      ref(out, n->kids[0]);
      bc_buf_varint(out, n->u);
      bc_buf_varint(out, n->len);
      bc_buf_bytes(out, n->str, n->len);
      return NULL;
    case BA_DENSE_RESOURCE:
      ref(out, n->kids[0]);
      bc_buf_varint(out, (uint64_t)w_resource_index(e->m, n->str));
      return NULL;
    default: return NULL;  // unit, unknown location
  }
}

static cx_status_t emit_node(emitter_t* e, bc_buf_t* out, const bc_node_t* n) {
  if (n->text) {
    bc_buf_bytes(out, n->str, n->len);
    bc_buf_byte(out, 0);
    return NULL;
  }
  if (n->opaque)
    return CX_ERROR(CX_UNIMPLEMENTED,
                    "an attribute of dialect '%s' read from bytecode cannot be written again",
                    n->dialect_name);
  switch (n->dialect) {
    case BC_D_VHLO: return emit_vhlo(e, out, n);
    case BC_D_BUILTIN: return emit_builtin(e, out, n);
    case BC_D_CHLO:
      bc_buf_varint(out, n->code);
      bc_buf_varint(out, n->u);
      return NULL;
    default: return CX_ERROR(CX_INTERNAL, "no encoding for a node of dialect %s", n->dialect_name);
  }
}

static cx_status_t emit_attr_types(emitter_t* e, bc_buf_t* out) {
  w_module_t* m = e->m;
  bc_buf_t data = {.allocator = m->arena.allocator}, offsets = {.allocator = m->arena.allocator};
  bc_buf_varint(&offsets, m->nattrs);
  bc_buf_varint(&offsets, m->ntypes);
  cx_status_t st = NULL;
  size_t prev = 0;
  for (int pass = 0; pass < 2 && !st; pass++) {
    bc_node_t** list = pass ? m->types : m->attrs;
    uint32_t n = pass ? m->ntypes : m->nattrs;
    for (uint32_t i = 0; i < n && !st;) {
      uint32_t d = list[i]->dialect_number;
      uint32_t j = i;
      while (j < n && list[j]->dialect_number == d) j++;
      bc_buf_varint(&offsets, d);
      bc_buf_varint(&offsets, j - i);
      for (uint32_t k = i; k < j && !st; k++) {
        st = emit_node(e, &data, list[k]);
        bc_buf_varint_flag(&offsets, data.len - prev, list[k]->custom);
        prev = data.len;
      }
      i = j;
    }
  }
  if (!st) {
    bc_buf_section(out, BC_SEC_ATTR_TYPE_OFFSET, &offsets);
    bc_buf_section(out, BC_SEC_ATTR_TYPE, &data);
  }
  bc_buf_free(&data);
  bc_buf_free(&offsets);
  return st;
}

static cx_status_t emit_dialects(emitter_t* e, bc_buf_t* out) {
  w_module_t* m = e->m;
  bc_buf_t d = {.allocator = m->arena.allocator};
  cx_status_t st = NULL;
  bc_buf_varint(&d, m->ndialects);
  for (uint32_t i = 0; i < m->ndialects && !st; i++) {
    uint32_t id = 0;
    st = str_insert(&e->strings, m->dialects[i].name, strlen(m->dialects[i].name), &id);
    if (e->version >= BC_V_DIALECT_VERSIONING) bc_buf_varint_flag(&d, id, false);
    else bc_buf_varint(&d, id);
  }
  if (e->version >= BC_V_ELIDE_UNKNOWN_BLOCK_ARG_LOC) bc_buf_varint(&d, m->nopnames);
  for (uint32_t i = 0; i < m->nopnames && !st;) {
    uint32_t dl = m->opnames[i]->dialect_index;
    uint32_t j = i;
    while (j < m->nopnames && m->opnames[j]->dialect_index == dl) j++;
    bc_buf_varint(&d, dl);
    bc_buf_varint(&d, j - i);
    for (uint32_t k = i; k < j && !st; k++) {
      uint32_t id = 0;
      const char* nm = m->opnames[k]->name;
      st = str_insert(&e->strings, nm, strlen(nm), &id);
      if (e->version >= BC_V_NATIVE_PROPERTIES) bc_buf_varint_flag(&d, id, true);
      else bc_buf_varint(&d, id);
    }
    i = j;
  }
  if (!st) bc_buf_section(out, BC_SEC_DIALECT, &d);
  bc_buf_free(&d);
  return st;
}

// ---- properties ----------------------------------------------------------------------------

static bool buf_eq(const void* item, const void* key) {
  const bc_buf_t* a = item;
  const bc_buf_t* b = key;
  return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static cx_status_t props_id(emitter_t* e, const w_op_t* op, bool* has, uint64_t* out) {
  *has = false;
  if (op->props_kind == W_PROPS_NONE) return NULL;
  bc_buf_t body = {.allocator = e->m->arena.allocator};
  for (uint32_t i = 0; i < op->nprops; i++) {
    if (op->props_kind == W_PROPS_MODULE ||
        (op->props_kind == W_PROPS_ODS && (op->props_optional >> i & 1))) {
      if (op->props[i]) bc_buf_varint_flag(&body, op->props[i]->number, true);
      else bc_buf_varint(&body, 0);
    } else {
      ref(&body, op->props[i]);
    }
  }
  bc_buf_t entry = {.allocator = e->m->arena.allocator};
  bc_buf_varint(&entry, body.len);
  bc_buf_bytes(&entry, body.data, body.len);
  if (body.failed) entry.failed = true;
  bc_buf_free(&body);
  if (entry.failed) {
    bc_buf_free(&entry);
    return CX_OOM();
  }
  uint64_t h = cx_hash_bytes(entry.data, entry.len, 11);
  bc_buf_t* found = cx_hashset_find(&e->props_set, h, buf_eq, &entry);
  *has = true;
  if (found) {
    *out = (uint64_t)(found - e->props);
    bc_buf_free(&entry);
    return NULL;
  }
  if (e->nprops == e->props_cap) {
    // Entries are found by pointer through the set: grow by rebuilding it.
    uint32_t cap = e->props_cap ? e->props_cap * 2 : 64;
    bc_buf_t* grown = cx_realloc_array(e->m->arena.allocator, e->props, cap, sizeof(*grown));
    if (!grown) {
      bc_buf_free(&entry);
      return CX_OOM();
    }
    e->props = grown;
    e->props_cap = cap;
    cx_hashset_free(&e->props_set);
    for (uint32_t i = 0; i < e->nprops; i++)
      if (!cx_hashset_insert(&e->props_set, cx_hash_bytes(e->props[i].data, e->props[i].len, 11),
                             &e->props[i])) {
        bc_buf_free(&entry);
        return CX_OOM();
      }
  }
  e->props[e->nprops] = entry;
  if (!cx_hashset_insert(&e->props_set, h, &e->props[e->nprops])) {
    bc_buf_free(&entry);
    return CX_OOM();
  }
  *out = e->nprops++;
  return NULL;
}

// ---- the IR ----------------------------------------------------------------------------------

static uint64_t use_id(const w_use_t* u) { return (uint64_t)u->owner->op_id << 32 | u->operand; }

// MLIR's writeUseListOrders: values whose use list is not in descending
// (op, operand) order get the permutation that restores it.
static void emit_use_lists(cx_allocator_t a, bc_buf_t* out, uint8_t* mask, w_value_t* values,
                           uint32_t n) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < n; i++) {
    w_value_t* v = &values[i];
    if (v->nuses < 2) continue;
    bool ordered = true;
    for (uint32_t k = 1; k < v->nuses && ordered; k++) ordered = use_id(&v->uses[k - 1]) > use_id(&v->uses[k]);
    if (!ordered) count++;
  }
  if (!count) return;
  *mask |= BC_OP_HAS_USE_LIST_ORDERS;
  if (n != 1) bc_buf_varint(out, count);
  for (uint32_t i = 0; i < n; i++) {
    w_value_t* v = &values[i];
    if (v->nuses < 2) continue;
    bool ordered = true;
    for (uint32_t k = 1; k < v->nuses && ordered; k++) ordered = use_id(&v->uses[k - 1]) > use_id(&v->uses[k]);
    if (ordered) continue;
    // order[k] = the use-list index of the k-th use by descending id.
    uint32_t* order = cx_alloc_array(a, v->nuses, sizeof(uint32_t));
    if (!order) {
      out->failed = true;
      return;
    }
    for (uint32_t k = 0; k < v->nuses; k++) order[k] = k;
    for (uint32_t j = 1; j < v->nuses; j++) {
      uint32_t x = order[j];
      uint32_t b = j;
      while (b > 0 && use_id(&v->uses[order[b - 1]]) < use_id(&v->uses[x])) {
        order[b] = order[b - 1];
        b--;
      }
      order[b] = x;
    }
    uint32_t shuffled = 0;
    for (uint32_t k = 0; k < v->nuses; k++) shuffled += order[k] != k;
    bool pairs = shuffled < v->nuses / 2;
    if (n != 1) bc_buf_varint(out, i);
    if (pairs) {
      bc_buf_varint_flag(out, (uint64_t)shuffled * 2, true);
      for (uint32_t k = 0; k < v->nuses; k++) {
        if (order[k] == k) continue;
        bc_buf_varint(out, order[k]);
        bc_buf_varint(out, k);
      }
    } else {
      bc_buf_varint_flag(out, v->nuses, false);
      for (uint32_t k = 0; k < v->nuses; k++) bc_buf_varint(out, order[k]);
    }
    cx_free(a, order);
  }
}

static cx_status_t emit_op(emitter_t* e, bc_buf_t* out, w_op_t* op);

static cx_status_t emit_region(emitter_t* e, bc_buf_t* out, w_region_t* r) {
  if (!r->nblocks) {
    bc_buf_varint(out, 0);
    return NULL;
  }
  bc_buf_varint(out, r->nblocks);
  bc_buf_varint(out, r->num_values);
  for (uint32_t b = 0; b < r->nblocks; b++) {
    w_block_t* blk = &r->blocks[b];
    bc_buf_varint_flag(out, blk->nops, blk->nargs > 0);
    if (blk->nargs) {
      bc_buf_varint(out, blk->nargs);
      for (uint32_t a = 0; a < blk->nargs; a++) {
        const bc_node_t* loc = blk->arg_locs[a];
        if (e->version >= BC_V_ELIDE_UNKNOWN_BLOCK_ARG_LOC) {
          bool known = loc->text || loc->dialect != BC_D_BUILTIN || loc->code != BA_LOC_UNKNOWN;
          bc_buf_varint_flag(out, blk->arg_types[a]->number, known);
          if (known) ref(out, loc);
        } else {
          ref(out, blk->arg_types[a]);
          ref(out, loc);
        }
      }
      if (e->version >= BC_V_USE_LIST_ORDERING) {
        size_t mask_at = out->len;
        uint8_t mask = 0;
        bc_buf_byte(out, 0);
        emit_use_lists(e->m->arena.allocator, out, &mask, blk->args, blk->nargs);
        if (mask && !out->failed) out->data[mask_at] = mask;
      }
    }
    for (uint32_t k = 0; k < blk->nops; k++) CX_RETURN_IF_ERROR(emit_op(e, out, blk->ops[k]));
  }
  return NULL;
}

static cx_status_t emit_op(emitter_t* e, bc_buf_t* out, w_op_t* op) {
  bc_buf_varint(out, op->name->number);
  size_t mask_at = out->len;
  uint8_t mask = 0;
  bc_buf_byte(out, 0);
  ref(out, op->loc);
  if (op->dict) {
    mask |= BC_OP_HAS_ATTRS;
    ref(out, op->dict);
  }
  if (e->version >= BC_V_NATIVE_PROPERTIES) {
    bool has;
    uint64_t id = 0;
    CX_RETURN_IF_ERROR(props_id(e, op, &has, &id));
    if (has) {
      mask |= BC_OP_HAS_PROPERTIES;
      bc_buf_varint(out, id);
    }
  }
  if (op->nresults) {
    mask |= BC_OP_HAS_RESULTS;
    refs(out, op->result_types, op->nresults);
  }
  if (op->noperands) {
    mask |= BC_OP_HAS_OPERANDS;
    bc_buf_varint(out, op->noperands);
    for (uint32_t i = 0; i < op->noperands; i++) bc_buf_varint(out, op->operands[i]->id);
  }
  if (e->version >= BC_V_USE_LIST_ORDERING)
    emit_use_lists(e->m->arena.allocator, out, &mask, op->results, op->nresults);
  if (op->nregions) mask |= BC_OP_HAS_INLINE_REGIONS;
  if (!out->failed) out->data[mask_at] = mask;
  if (!op->nregions) return NULL;
  bc_buf_varint_flag(out, op->nregions, op->isolated);
  if (op->isolated && e->version >= BC_V_LAZY_LOADING) {
    bc_buf_t sec = {.allocator = e->m->arena.allocator};
    cx_status_t st = NULL;
    for (uint32_t r = 0; r < op->nregions && !st; r++) st = emit_region(e, &sec, &op->regions[r]);
    if (!st) bc_buf_section(out, BC_SEC_IR, &sec);
    bc_buf_free(&sec);
    return st;
  }
  for (uint32_t r = 0; r < op->nregions; r++) CX_RETURN_IF_ERROR(emit_region(e, out, &op->regions[r]));
  return NULL;
}

static cx_status_t emit_resources(emitter_t* e, bc_buf_t* out) {
  w_module_t* m = e->m;
  bc_buf_t data = {.allocator = m->arena.allocator}, offsets = {.allocator = m->arena.allocator};
  cx_status_t st = NULL;
  bc_buf_varint(&offsets, 0);  // external resource groups
  if (m->nresources) {
    // Dense resources belong to the builtin dialect.
    uint32_t builtin = 0;
    for (uint32_t i = 0; i < m->ndialects; i++)
      if (!strcmp(m->dialects[i].name, "builtin")) builtin = i;
    size_t* sizes = cx_calloc(m->arena.allocator, m->nresources, sizeof(size_t));
    if (!sizes) return CX_OOM();
    size_t prev = 0;
    for (uint32_t i = 0; i < m->nresources; i++) {
      const cx_resource_t* r = cx_module_lookup_resource(e->module, m->resources[i]);
      if (r) {
        uint32_t align = r->alignment ? r->alignment : 1;
        bc_buf_varint(&data, align);
        bc_buf_varint(&data, r->nbytes);
        bc_buf_align(&data, align);
        bc_buf_bytes(&data, r->data, r->nbytes);
      }
      sizes[i] = data.len - prev;
      prev = data.len;
    }
    bc_buf_varint(&offsets, builtin);
    bc_buf_varint(&offsets, m->nresources);
    for (uint32_t i = 0; i < m->nresources && !st; i++) {
      st = emit_string(e, &offsets, m->resources[i], strlen(m->resources[i]));
      bc_buf_varint(&offsets, sizes[i]);
      bc_buf_byte(&offsets, 0);  // blob
    }
    cx_free(m->arena.allocator, sizes);
  }
  if (!st) {
    bc_buf_section(out, BC_SEC_RESOURCE_OFFSET, &offsets);
    bc_buf_section(out, BC_SEC_RESOURCE, &data);
  }
  bc_buf_free(&data);
  bc_buf_free(&offsets);
  return st;
}

static cx_status_t emit_module(emitter_t* e, const char* producer, bc_buf_t* out) {
  bc_buf_bytes(out, "ML\xEFR", 4);
  bc_buf_varint(out, (uint64_t)e->version);
  bc_buf_bytes(out, producer, strlen(producer) + 1);
  CX_RETURN_IF_ERROR(emit_dialects(e, out));
  CX_RETURN_IF_ERROR(emit_attr_types(e, out));
  bc_buf_t ir = {.allocator = e->m->arena.allocator};
  bc_buf_varint_flag(&ir, 1, false);
  cx_status_t st = emit_op(e, &ir, e->m->root);
  if (!st) bc_buf_section(out, BC_SEC_IR, &ir);
  bc_buf_free(&ir);
  CX_RETURN_IF_ERROR(st);
  CX_RETURN_IF_ERROR(emit_resources(e, out));
  bc_buf_t strings = {.allocator = e->m->arena.allocator};
  bc_buf_varint(&strings, e->strings.n);
  for (uint32_t i = e->strings.n; i-- > 0;) bc_buf_varint(&strings, e->strings.len[i] + 1);
  for (uint32_t i = 0; i < e->strings.n; i++) {
    bc_buf_bytes(&strings, e->strings.s[i], e->strings.len[i]);
    bc_buf_byte(&strings, 0);
  }
  bc_buf_section(out, BC_SEC_STRING, &strings);
  bc_buf_free(&strings);
  if (e->version >= BC_V_NATIVE_PROPERTIES) {
    bc_buf_t props = {.allocator = e->m->arena.allocator};
    bc_buf_varint(&props, e->nprops);
    for (uint32_t i = 0; i < e->nprops; i++) bc_buf_bytes(&props, e->props[i].data, e->props[i].len);
    bc_buf_section(out, BC_SEC_PROPERTIES, &props);
    bc_buf_free(&props);
  }
  return out->failed ? CX_OOM() : NULL;
}

// ----------------------------------------------------------------------------
// Entry point.

cx_status_t cx_bc_write(const cx_module_t* module, const cx_bc_write_options_t* options,
                        uint8_t** out_data, size_t* out_len) {
  *out_data = NULL;
  *out_len = 0;
  cx_bc_write_options_t defaults = {0};
  if (!options) options = &defaults;
  bc_version_t target = BC_CURRENT_VERSION;
  const char* t = options->target;
  if (t && strcmp(t, "current") != 0) {
    if (!bc_version_parse(t, strlen(t), &target))
      return CX_ERROR(CX_INVALID_ARGUMENT, "invalid target version '%s' (expected X.Y.Z)", t);
    char a[16], b[16];
    if (target < BC_MIN_VERSION || target > BC_CURRENT_VERSION)
      return CX_ERROR(CX_INVALID_ARGUMENT,
                      "target version %s is outside the supported range %s .. %s", t,
                      bc_version_format(BC_MIN_VERSION, a, sizeof(a)),
                      bc_version_format(BC_CURRENT_VERSION, b, sizeof(b)));
  }
  w_module_t m;
  memset(&m, 0, sizeof(m));
  cx_arena_init(&m.arena, module->ctx->allocator);
  bc_node_table_init(&m.nodes, module->ctx->allocator);
  m.bytecode_version = bc_bytecode_version_for(target);
  builder_t b;
  memset(&b, 0, sizeof(b));
  b.m = &m;
  b.module = module;
  b.strip = options->strip_locations;
  b.ex = (bc_export_t){&m.nodes, module->ctx, target, NULL, {0}};
  emitter_t e;
  memset(&e, 0, sizeof(e));
  e.m = &m;
  e.module = module;
  e.version = m.bytecode_version;
  // Built with the context's allocator; the caller gets a malloc'ed copy
  // (bytecode.h).
  cx_allocator_t al = module->ctx->allocator;
  bc_buf_t out = {.allocator = al};
  cx_hashset_init(&b.values, al);
  cx_hashset_init(&b.opnames, al);
  cx_strmap_init(&e.strings.map, al);
  cx_hashset_init(&e.props_set, al);
  cx_status_t st = bc_export_loc(&b.ex, (cx_loc_t){0}, true, &b.unknown_loc);
  if (!st) st = build_module(&b);
  if (!st) {
    compute_isolation(&b);
    st = collect_uses(&b);
  }
  if (!st) st = w_number(&m);
  if (!st && m.nodes.failed) st = CX_OOM();
  if (!st) {
    char producer[40], v[16];
    snprintf(producer, sizeof(producer), "StableHLO_v%s", bc_version_format(target, v, sizeof(v)));
    st = emit_module(&e, producer, &out);
  }
  if (b.ops_by_id) free_uses(&b);
  cx_free(al, b.ops_by_id);
  cx_hashset_free(&b.values);
  cx_hashset_free(&b.opnames);
  cx_strmap_free(&e.strings.map);
  cx_free(al, e.strings.s);
  cx_free(al, e.strings.len);
  for (uint32_t i = 0; i < e.nprops; i++) bc_buf_free(&e.props[i]);
  cx_free(al, e.props);
  cx_hashset_free(&e.props_set);
  cx_free(al, m.dialects);
  cx_free(al, m.opnames);
  cx_free(al, m.attrs);
  cx_free(al, m.types);
  cx_free(al, m.resources);
  bc_node_table_free(&m.nodes);
  cx_arena_destroy(&m.arena);
  uint8_t* copy = NULL;
  size_t len = out.len;
  if (!st) {
    copy = cx_alloc(cx_allocator_system(), len);
    if (!copy)
      st = CX_OOM();
    else
      memcpy(copy, out.data, len);
  }
  bc_buf_free(&out);
  if (st) return st;
  *out_data = copy;
  *out_len = len;
  return NULL;
}

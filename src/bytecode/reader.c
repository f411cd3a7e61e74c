// cx_bc_read: the IR section of a portable artifact to a cxla module.
//
// The IR section is one block holding the builtin.module op; every op names
// its entry in the op-name table, an encoding mask, a location, an attribute
// dictionary (discardable attributes; before bytecode 5 all of them), a
// properties entry (inherent attributes, bytecode >= 5), result types,
// operands as value numbers, use-list orders (ignored: cxla keeps no use-list
// order) and regions, those of ops isolated from above in their own nested
// section (bytecode >= 2). Value numbers restart at 0 in isolated regions and
// continue after the enclosing region's values in the others, as MLIR's
// reader numbers them.
#include <stdlib.h>
#include <string.h>

#include "bytecode/bc_internal.h"
#include "ir/location.h"
#include "ir/builder.h"

typedef struct reader {
  bc_file_t f;
  bc_import_t im;
  cx_module_t* m;
  // Values of the current isolated scope, by number; NULL until defined.
  cx_value_t** values;
  size_t nvalues;
  size_t cap;
  int depth;
} reader_t;

static cx_status_t oom_if_null(const void* p) { return p ? NULL : CX_OOM(); }

// ---- value numbering ---------------------------------------------------------------

static cx_status_t reserve_values(reader_t* r, bc_cursor_t* c, uint64_t n) {
  // Every value costs at least one byte of the file (an op or an argument),
  // which bounds the allocation by the input size.
  if (n > r->f.len || r->nvalues + n > r->f.len + 1)
    return bc_error(c, "region declares %llu values, more than the file can hold",
                    (unsigned long long)n);
  size_t need = r->nvalues + (size_t)n;
  if (need > r->cap) {
    size_t cap = r->cap ? r->cap : 64;
    while (cap < need) cap *= 2;
    cx_value_t** grown = cx_realloc(r->f.ctx->allocator, r->values, cap * sizeof(*grown));
    if (!grown) return CX_OOM();
    r->values = grown;
    r->cap = cap;
  }
  if (n) memset(r->values + r->nvalues, 0, (size_t)n * sizeof(*r->values));
  r->nvalues = need;
  return NULL;
}

typedef struct region_state {
  size_t base;      // first value number of the region
  size_t next;      // next number to define
  size_t limit;     // base + declared count
} region_state_t;

static cx_status_t define(reader_t* r, bc_cursor_t* c, region_state_t* rs, cx_value_t* v) {
  if (rs->next >= rs->limit) return bc_error(c, "more values defined than the region declares");
  r->values[rs->next++] = v;
  return NULL;
}

static cx_status_t lookup_value(reader_t* r, bc_cursor_t* c, cx_value_t** out) {
  uint64_t i;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &i));
  if (i >= r->nvalues || !r->values[i])
    return bc_error(c, "operand refers to value %llu, which is not defined before its use",
                    (unsigned long long)i);
  *out = r->values[i];
  return NULL;
}

// ---- use-list orders (parsed and dropped) ------------------------------------------------

static cx_status_t skip_use_lists(bc_cursor_t* c, uint64_t num_values) {
  uint64_t groups = 1;
  if (num_values != 1) CX_RETURN_IF_ERROR(bc_read_count(c, 1, &groups));
  for (uint64_t g = 0; g < groups; g++) {
    uint64_t idx, n;
    bool pairs;
    if (num_values != 1) CX_RETURN_IF_ERROR(bc_read_varint(c, &idx));
    CX_RETURN_IF_ERROR(bc_read_varint_flag(c, &n, &pairs));
    if (n > (uint64_t)(c->end - c->p)) return bc_error(c, "use-list order longer than the data");
    for (uint64_t k = 0; k < n; k++) CX_RETURN_IF_ERROR(bc_read_varint(c, &idx));
  }
  return NULL;
}

// ---- attributes of an op -----------------------------------------------------------------

typedef struct op_attrs {
  cx_named_attr_t* items;
  uint32_t count;
  uint32_t cap;
  cx_allocator_t allocator;
} op_attrs_t;

static cx_status_t attrs_reserve(op_attrs_t* a, uint32_t extra) {
  if (a->count + extra <= a->cap) return NULL;
  uint32_t cap = a->cap ? a->cap * 2 : 16;
  while (cap < a->count + extra) cap *= 2;
  cx_named_attr_t* grown = cx_realloc_array(a->allocator, a->items, cap, sizeof(*grown));
  if (!grown) return CX_OOM();
  a->items = grown;
  a->cap = cap;
  return NULL;
}

// Splits a dictionary's entries: those named like the VHLO op's inherent
// attributes go to `inherent[i]` (bytecode < 5 merges them into the
// dictionary), the rest are converted generically into `out`.
static cx_status_t read_dict(reader_t* r, bc_cursor_t* c, const bc_node_t* dict,
                             const vhlo_op_def_t* def, const bc_node_t** inherent, op_attrs_t* out,
                             const char*** module_inherent) {
  if (dict->dialect != BC_D_BUILTIN || dict->code != BA_DICT || dict->text || dict->is_type)
    return bc_error(c, "op attributes are not a dictionary");
  uint32_t n = dict->nkids / 2;
  CX_RETURN_IF_ERROR(attrs_reserve(out, n));
  uint32_t ndef = def ? vhlo_op_nattrs(def) : 0;
  for (uint32_t i = 0; i < n; i++) {
    const char* s;
    size_t len;
    if (!bc_node_string(dict->kids[2 * i], &s, &len))
      return bc_error(c, "attribute name is not a string");
    const bc_node_t* v = dict->kids[2 * i + 1];
    bool matched = false;
    for (uint32_t k = 0; k < ndef; k++) {
      if (strlen(def->attrs[k].name) == len && !memcmp(def->attrs[k].name, s, len)) {
        inherent[k] = v;
        matched = true;
      }
    }
    if (matched) continue;
    if (module_inherent) {
      // builtin.module before bytecode 5: sym_name in the dictionary.
      if (len == 8 && !memcmp(s, "sym_name", 8)) {
        (*module_inherent)[0] = (const char*)v;
        continue;
      }
      if (len == 14 && !memcmp(s, "sym_visibility", 14)) continue;
    }
    const char* name;
    CX_RETURN_IF_ERROR(bc_intern_name(&r->f, s, len, "attribute name", &name));
    const cx_attr_t* a;
    CX_RETURN_IF_ERROR(bc_import_attr(&r->im, v, &a));
    out->items[out->count++] = (cx_named_attr_t){name, a};
  }
  return NULL;
}

// Reads a properties entry of a VHLO op: one attribute reference per
// inherent attribute, in name order.
static cx_status_t read_vhlo_props(reader_t* r, uint64_t index, const vhlo_op_def_t* def,
                                   const bc_node_t** inherent) {
  const bc_str_t* p = &r->f.props[index];
  bc_cursor_t c = bc_file_cursor(&r->f, (const uint8_t*)p->s, p->len, "properties");
  uint32_t n = vhlo_op_nattrs(def);
  for (uint32_t k = 0; k < n; k++) CX_RETURN_IF_ERROR(bc_read_attr_ref(&r->f, &c, &inherent[k]));
  if (!bc_at_end(&c)) return bc_error(&c, "'vhlo.%s' has more properties than attributes",
                                      def->mnemonic);
  return NULL;
}

// Attributes that ODS writes as required (writeAttribute); others of the ops
// below are optional (writeOptionalAttribute, a flag bit before the index).
static bool required_attr(cx_op_kind_t kind, const char* name) {
  // Shardy's ops: every inherent attribute is required but a named
  // computation's shardings.
  if (cx_op_info(kind)->family == CX_FAMILY_SDY)
    return kind == CX_OP_SDY_NAMED_COMPUTATION ? !strcmp(name, "name")
                                               : strcmp(name, "reduction_op") != 0;
  static const char* const kRequired[] = {"comparison_direction", "value", "k", "callee",
                                          "ragged_dot_dimension_numbers", "function_type",
                                          "sym_name", "dimension"};
  for (size_t i = 0; i < sizeof(kRequired) / sizeof(kRequired[0]); i++)
    if (!strcmp(kRequired[i], name)) return true;
  return false;
}

static int cmp_str(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

// Properties of non-VHLO ops cxla knows (func, chlo, sdy): the op's inherent
// attributes in name order, as ODS writes them.
static cx_status_t read_known_props(reader_t* r, uint64_t index, cx_op_kind_t kind,
                                    op_attrs_t* out) {
  const bc_str_t* p = &r->f.props[index];
  bc_cursor_t c = bc_file_cursor(&r->f, (const uint8_t*)p->s, p->len, "properties");
  const char* list = cx_op_info(kind)->inherent_attrs;
  char buf[512];
  snprintf(buf, sizeof(buf), "%s", list);
  const char* names[32];
  int n = 0;
  for (char* tok = strtok(buf, ","); tok && n < 32; tok = strtok(NULL, ",")) names[n++] = tok;
  qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
  for (int k = 0; k < n && !bc_at_end(&c); k++) {
    uint64_t idx;
    bool present = true;
    if (required_attr(kind, names[k])) {
      CX_RETURN_IF_ERROR(bc_read_varint(&c, &idx));
    } else {
      CX_RETURN_IF_ERROR(bc_read_varint_flag(&c, &idx, &present));
    }
    if (!present) continue;
    const bc_node_t* node;
    const cx_attr_t* a;
    CX_RETURN_IF_ERROR(bc_file_attr(&r->f, idx, &node));
    CX_RETURN_IF_ERROR(bc_import_attr(&r->im, node, &a));
    CX_RETURN_IF_ERROR(attrs_reserve(out, 1));
    const char* name = cx_intern(r->im.ctx, names[k], strlen(names[k]));
    CX_RETURN_IF_ERROR(oom_if_null(name));
    out->items[out->count++] = (cx_named_attr_t){name, a};
  }
  if (!bc_at_end(&c)) return bc_error(&c, "'%s' has unexpected properties", cx_op_info(kind)->name);
  return NULL;
}

// ---- ops, regions, blocks ------------------------------------------------------------------

static cx_status_t read_region(reader_t* r, bc_cursor_t* c, cx_op_t* parent, cx_region_t* region,
                               region_state_t* parent_state);

static cx_status_t read_op(reader_t* r, bc_cursor_t* c, cx_block_t* block, region_state_t* rs,
                           cx_op_t* parent);

static cx_status_t read_block(reader_t* r, bc_cursor_t* c, cx_block_t* block, region_state_t* rs,
                              cx_op_t* parent) {
  uint64_t num_ops;
  bool has_args;
  CX_RETURN_IF_ERROR(bc_read_varint_flag(c, &num_ops, &has_args));
  if (has_args) {
    uint64_t nargs;
    CX_RETURN_IF_ERROR(bc_read_count(c, 1, &nargs));
    for (uint64_t i = 0; i < nargs; i++) {
      uint64_t type_index;
      bool has_loc = true;
      if (r->f.version >= BC_V_ELIDE_UNKNOWN_BLOCK_ARG_LOC) {
        CX_RETURN_IF_ERROR(bc_read_varint_flag(c, &type_index, &has_loc));
      } else {
        CX_RETURN_IF_ERROR(bc_read_varint(c, &type_index));
      }
      cx_loc_t arg_loc = {0};
      if (has_loc) {
        const bc_node_t* loc;
        CX_RETURN_IF_ERROR(bc_read_attr_ref(&r->f, c, &loc));
        CX_RETURN_IF_ERROR(bc_import_loc(&r->im, loc, &arg_loc));
      }
      const bc_node_t* tn;
      const cx_type_t* t;
      CX_RETURN_IF_ERROR(bc_file_type(&r->f, type_index, &tn));
      CX_RETURN_IF_ERROR(bc_import_type(&r->im, tn, &t));
      cx_value_t* v = cx_block_add_arg(r->m, block, t);
      CX_RETURN_IF_ERROR(oom_if_null(v));
      // An unknown argument location is the default; keep only real ones.
      if (arg_loc.full && arg_loc.full->kind != CX_LOC_UNKNOWN)
        cx_value_set_arg_loc(v, arg_loc.full);
      CX_RETURN_IF_ERROR(define(r, c, rs, v));
    }
    if (r->f.version >= BC_V_USE_LIST_ORDERING) {
      uint8_t mask;
      CX_RETURN_IF_ERROR(bc_read_byte(c, &mask));
      if (mask & BC_OP_HAS_USE_LIST_ORDERS) CX_RETURN_IF_ERROR(skip_use_lists(c, nargs));
    }
  }
  if (num_ops > (uint64_t)(c->end - c->p)) return bc_error(c, "block declares too many ops");
  for (uint64_t i = 0; i < num_ops; i++) CX_RETURN_IF_ERROR(read_op(r, c, block, rs, parent));
  return NULL;
}

static cx_status_t read_region(reader_t* r, bc_cursor_t* c, cx_op_t* parent, cx_region_t* region,
                               region_state_t* parent_state) {
  (void)parent_state;
  uint64_t nblocks;
  CX_RETURN_IF_ERROR(bc_read_count(c, 1, &nblocks));
  if (nblocks == 0) return NULL;
  uint64_t nvalues;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &nvalues));
  if (r->depth >= BC_MAX_REGION_DEPTH) return bc_error(c, "regions nested too deeply");
  size_t saved = r->nvalues;
  CX_RETURN_IF_ERROR(reserve_values(r, c, nvalues));
  region_state_t rs = {saved, saved, saved + (size_t)nvalues};
  r->depth++;
  cx_status_t st = NULL;
  for (uint64_t b = 0; b < nblocks && !st; b++) {
    cx_block_t* block;
    if (b == 0 && region->first_block) {
      block = region->first_block;  // the module body's pre-made block
    } else {
      block = cx_block_create(r->m);
      if (!block) {
        st = CX_OOM();
        break;
      }
      cx_region_append_block(region, block);
    }
    st = read_block(r, c, block, &rs, parent);
  }
  r->depth--;
  r->nvalues = saved;
  return st;
}

static cx_status_t read_regions(reader_t* r, bc_cursor_t* c, cx_op_t* op, region_state_t* rs) {
  uint64_t enc;
  CX_RETURN_IF_ERROR(bc_read_varint(c, &enc));
  uint64_t n = enc >> 1;
  bool isolated = enc & 1;
  if (n != op->num_regions)
    return bc_error(c, "'%s' has %llu regions, expected %u", op->name, (unsigned long long)n,
                    op->num_regions);
  if (isolated) {
    // A fresh value scope: numbers restart at 0.
    cx_value_t** saved_values = r->values;
    size_t saved_n = r->nvalues, saved_cap = r->cap;
    r->values = NULL;
    r->nvalues = r->cap = 0;
    cx_status_t st = NULL;
    bc_cursor_t sc = *c;
    if (r->f.version >= BC_V_LAZY_LOADING) {
      uint8_t id;
      uint64_t len;
      const uint8_t* p;
      st = bc_read_byte(c, &id);
      if (!st && (id & 0x7f) != BC_SEC_IR) st = bc_error(c, "expected a nested IR section");
      if (!st) st = bc_read_varint(c, &len);
      if (!st && (id & 0x80)) {
        uint64_t align;
        st = bc_read_varint(c, &align);
        if (!st) st = bc_align(c, align);
      }
      if (!st) st = bc_read_bytes(c, (size_t)len, &p);
      if (!st) sc = bc_file_cursor(&r->f, p, (size_t)len, "IR");
    }
    bc_cursor_t* rc = r->f.version >= BC_V_LAZY_LOADING ? &sc : c;
    for (uint32_t i = 0; i < op->num_regions && !st; i++)
      st = read_region(r, rc, op, &op->regions[i], NULL);
    if (!st && rc == &sc && !bc_at_end(&sc)) st = bc_error(&sc, "trailing bytes in a region section");
    cx_free(r->f.ctx->allocator, r->values);
    r->values = saved_values;
    r->nvalues = saved_n;
    r->cap = saved_cap;
    return st;
  }
  for (uint32_t i = 0; i < op->num_regions; i++)
    CX_RETURN_IF_ERROR(read_region(r, c, op, &op->regions[i], rs));
  return NULL;
}

// The invariants cxla's text parser guarantees by syntax, which the rest of
// cxla relies on, checked for ops read from bytecode (MLIR's verifier would
// reject the same artifacts).
static cx_status_t check_structure(bc_cursor_t* c, const cx_op_t* op) {
  if (op->kind == CX_OP_FUNC_FUNC) {
    const cx_type_t* fn = cx_func_type(op);
    const char* name = cx_func_name(op);
    const cx_attr_t* type_attr = NULL;
    const cx_attr_t* name_attr = NULL;
    for (uint32_t i = 0; i < op->num_attrs; i++) {
      if (!strcmp(op->attrs[i].name, "function_type")) type_attr = op->attrs[i].value;
      if (!strcmp(op->attrs[i].name, "sym_name")) name_attr = op->attrs[i].value;
    }
    if (!type_attr || type_attr->kind != CX_ATTR_TYPE || !fn || fn->kind != CX_TYPE_FUNCTION)
      return bc_error(c, "func '%s' has no function type", name ? name : "?");
    if (!name_attr || name_attr->kind != CX_ATTR_STRING)
      return bc_error(c, "function without a name");
    if (op->num_regions != 1) return bc_error(c, "func '%s' must have one region", name);
    const cx_block_t* body = op->regions[0].first_block;
    if (body && body->num_args != fn->func.num_inputs)
      return bc_error(c, "func '%s' has %u arguments for %u inputs", name, body->num_args,
                      fn->func.num_inputs);
    for (uint32_t i = 0; body && i < body->num_args; i++)
      if (body->args[i]->type != fn->func.inputs[i])
        return bc_error(c, "func '%s' argument %u does not match its type", name, i);
  }
  if (op->kind == CX_OP_FUNC_CALL) {
    const cx_attr_t* callee = NULL;
    for (uint32_t i = 0; i < op->num_attrs; i++)
      if (!strcmp(op->attrs[i].name, "callee")) callee = op->attrs[i].value;
    if (!callee || callee->kind != CX_ATTR_SYMBOL_REF) return bc_error(c, "call without a callee");
  }
  return NULL;
}

static cx_status_t op_error(reader_t* r, const bc_opname_t* on, cx_status_t st) {
  (void)r;
  return cx_status_prefix(st, "'%s' op", on->full);
}

static cx_status_t read_op(reader_t* r, bc_cursor_t* c, cx_block_t* block, region_state_t* rs,
                           cx_op_t* parent) {
  uint64_t name_index, loc_index, dict_index = 0, props_index = 0;
  uint8_t mask;
  size_t op_offset = bc_offset(c);
  CX_RETURN_IF_ERROR(bc_read_varint(c, &name_index));
  if (name_index >= r->f.nopnames) return bc_error(c, "op name index %llu out of range",
                                                   (unsigned long long)name_index);
  const bc_opname_t* on = &r->f.opnames[name_index];
  CX_RETURN_IF_ERROR(bc_read_byte(c, &mask));
  if (mask & ~0x7f) return bc_error(c, "invalid op encoding mask 0x%02X", mask);
  CX_RETURN_IF_ERROR(bc_read_varint(c, &loc_index));
  if (mask & BC_OP_HAS_ATTRS) CX_RETURN_IF_ERROR(bc_read_varint(c, &dict_index));
  if (mask & BC_OP_HAS_PROPERTIES) {
    if (r->f.version < BC_V_NATIVE_PROPERTIES) return bc_error(c, "properties before bytecode 5");
    CX_RETURN_IF_ERROR(bc_read_varint(c, &props_index));
    if (props_index >= r->f.nprops) return bc_error(c, "properties index out of range");
  }
  uint64_t nresults = 0, noperands = 0;
  const cx_type_t** result_types = NULL;
  cx_value_t** operands = NULL;
  op_attrs_t attrs = {.allocator = r->f.ctx->allocator};
  cx_status_t st = NULL;
  const bc_node_t* inherent[VHLO_MAX_ATTRS] = {0};
  const bc_node_t* loc_node;
  cx_loc_t loc;

  st = bc_file_attr(&r->f, loc_index, &loc_node);
  if (st) goto done;
  st = bc_import_loc(&r->im, loc_node, &loc);
  if (st) goto done;
  if (mask & BC_OP_HAS_RESULTS) {
    st = bc_read_count(c, 1, &nresults);
    if (st) goto done;
    result_types = cx_alloc(r->f.ctx->allocator, (nresults ? nresults : 1) * sizeof(*result_types));
    if (!result_types) {
      st = CX_OOM();
      goto done;
    }
    for (uint64_t i = 0; i < nresults && !st; i++) {
      const bc_node_t* tn;
      st = bc_read_type_ref(&r->f, c, &tn);
      if (!st) st = bc_import_type(&r->im, tn, &result_types[i]);
    }
    if (st) goto done;
  }
  if (mask & BC_OP_HAS_OPERANDS) {
    st = bc_read_count(c, 1, &noperands);
    if (st) goto done;
    operands = cx_alloc(r->f.ctx->allocator, (noperands ? noperands : 1) * sizeof(*operands));
    if (!operands) {
      st = CX_OOM();
      goto done;
    }
    for (uint64_t i = 0; i < noperands && !st; i++) st = lookup_value(r, c, &operands[i]);
    if (st) goto done;
  }
  if (mask & BC_OP_HAS_SUCCESSORS) {
    st = bc_error(c, "'%s' has successor blocks, which StableHLO programs do not use", on->full);
    goto done;
  }
  if (mask & BC_OP_HAS_USE_LIST_ORDERS) {
    st = r->f.version >= BC_V_USE_LIST_ORDERING ? skip_use_lists(c, nresults)
                                                : bc_error(c, "use-list orders before bytecode 3");
    if (st) goto done;
  }

  // What the op becomes in cxla.
  const bc_dialect_entry_t* dialect = &r->f.dialects[on->dialect];
  const vhlo_op_def_t* def = on->vhlo;
  cx_op_kind_t kind = on->kind;
  bool is_module = dialect->kind == BC_D_BUILTIN && on->name.len == 6 &&
                   !memcmp(on->name.s, "module", 6);
  bool is_cast = dialect->kind == BC_D_BUILTIN && on->name.len == 26 &&
                 !memcmp(on->name.s, "unrealized_conversion_cast", 26);
  if (dialect->kind == BC_D_VHLO) {
    if (!def) {
      st = bc_error(c, "unregistered operation '%s' found in dialect ('vhlo') that does not allow "
                    "unknown operations",
                    on->full);
      goto done;
    }
    kind = def->kind;
    if (def->flags & VOP_RETURN)
      kind = parent && parent->kind == CX_OP_FUNC_FUNC ? CX_OP_FUNC_RETURN : CX_OP_RETURN;
  }
  if (is_module != (block == NULL)) {
    st = bc_error(c, is_module ? "nested builtin.module is not supported"
                               : "the top-level op must be builtin.module, not '%s'", on->full);
    goto done;
  }

  // Attributes.
  const bc_node_t* module_name = NULL;
  const char** module_inherent = (const char**)&module_name;
  if (mask & BC_OP_HAS_ATTRS) {
    const bc_node_t* dict;
    st = bc_file_attr(&r->f, dict_index, &dict);
    if (!st) st = read_dict(r, c, dict, def, inherent, &attrs, is_module ? &module_inherent : NULL);
    if (st) goto done;
  }
  if (mask & BC_OP_HAS_PROPERTIES) {
    if (def) {
      st = read_vhlo_props(r, props_index, def, inherent);
    } else if (is_module) {
      // builtin.module: sym_name and sym_visibility, both optional.
      const bc_str_t* p = &r->f.props[props_index];
      bc_cursor_t pc = bc_file_cursor(&r->f, (const uint8_t*)p->s, p->len, "properties");
      for (int k = 0; k < 2 && !st; k++) {
        uint64_t idx;
        bool present;
        st = bc_read_varint_flag(&pc, &idx, &present);
        if (!st && present && k == 0) st = bc_file_attr(&r->f, idx, &module_name);
      }
    } else if (kind != CX_OP_UNKNOWN) {
      st = read_known_props(r, props_index, kind, &attrs);
    } else {
      // Unregistered ops keep their properties as one attribute dictionary.
      const bc_str_t* p = &r->f.props[props_index];
      bc_cursor_t pc = bc_file_cursor(&r->f, (const uint8_t*)p->s, p->len, "properties");
      uint64_t idx;
      const bc_node_t* dict;
      st = bc_read_varint(&pc, &idx);
      if (!st) st = bc_file_attr(&r->f, idx, &dict);
      if (!st) st = read_dict(r, &pc, dict, NULL, NULL, &attrs, NULL);
    }
    if (st) goto done;
  }
  if (def) {
    uint32_t ndef = vhlo_op_nattrs(def);
    st = attrs_reserve(&attrs, ndef + 8);
    if (!st) st = bc_import_op_attrs(&r->im, def, inherent, attrs.items, attrs.cap, &attrs.count);
    if (st) {
      st = op_error(r, on, st);
      goto done;
    }
  }

  if (is_module) {
    // The root: module name, attributes and the body region.
    cx_module_t* m = r->m;
    if (module_name) {
      const char* s;
      size_t len;
      if (!bc_node_string(module_name, &s, &len)) {
        st = bc_error(c, "module name is not a string");
        goto done;
      }
      m->name = cx_arena_strndup(&m->arena, s, len);
      if (!m->name) {
        st = CX_OOM();
        goto done;
      }
    }
    m->loc = loc;
    if (attrs.count) {
      m->attrs = cx_arena_memdup(&m->arena, attrs.items, attrs.count * sizeof(*attrs.items), 8);
      if (!m->attrs) {
        st = CX_OOM();
        goto done;
      }
      m->num_attrs = attrs.count;
    }
    if (!(mask & BC_OP_HAS_INLINE_REGIONS) || nresults || noperands) {
      st = bc_error(c, "builtin.module must have one region and no operands or results");
      goto done;
    }
    // Read the body into the module's region via a stand-in op.
    cx_op_t holder;
    memset(&holder, 0, sizeof(holder));
    holder.name = on->full;
    holder.num_regions = 1;
    holder.regions = &m->body;
    st = read_regions(r, c, &holder, rs);
    goto done;
  }

  if (is_cast) {
    // Mixed-dialect artifacts wrap values crossing from VHLO to other
    // dialects in casts; both sides are the same cxla type, so the cast
    // disappears and its results alias its operands.
    if (nresults != noperands || (mask & BC_OP_HAS_INLINE_REGIONS)) {
      st = bc_error(c, "unsupported unrealized_conversion_cast");
      goto done;
    }
    for (uint64_t i = 0; i < nresults && !st; i++) {
      if (operands[i]->type != result_types[i]) {
        st = bc_error(c, "unrealized_conversion_cast between different types");
        break;
      }
      st = define(r, c, rs, operands[i]);
    }
    goto done;
  }

  if (kind == CX_OP_UNKNOWN && dialect->kind != BC_D_OTHER && !is_module) {
    st = bc_error(c, "operation '%s' is not supported by cxla", on->full);
    goto done;
  }
  {
    // Regions: count them first (the encoding comes after the op header).
    uint32_t nregions = 0;
    bc_cursor_t peek = *c;
    if (mask & BC_OP_HAS_INLINE_REGIONS) {
      uint64_t enc;
      st = bc_read_varint(&peek, &enc);
      if (st) goto done;
      if ((enc >> 1) > 65536) {
        st = bc_error(c, "too many regions");
        goto done;
      }
      nregions = (uint32_t)(enc >> 1);
    }
    const char* name = kind == CX_OP_UNKNOWN ? on->full : cx_op_info(kind)->name;
    const char* interned = cx_intern(r->im.ctx, name, strlen(name));
    if (!interned) {
      st = CX_OOM();
      goto done;
    }
    cx_op_state_t os = {.kind = kind,
                        .name = interned,
                        .loc = loc,
                        .num_operands = (uint32_t)noperands,
                        .operands = operands,
                        .num_results = (uint32_t)nresults,
                        .result_types = result_types,
                        .num_attrs = attrs.count,
                        .attrs = attrs.items,
                        .num_regions = nregions};
    cx_op_t* op;
    st = cx_op_build(r->m, &os, &op);
    if (st) goto done;
    cx_block_append_op(block, op);
    for (uint32_t i = 0; i < op->num_results && !st; i++) st = define(r, c, rs, &op->results[i]);
    if (!st && nregions) st = read_regions(r, c, op, rs);
    if (!st) st = check_structure(c, op);
  }
done:
  cx_free(r->f.ctx->allocator, result_types);
  cx_free(r->f.ctx->allocator, operands);
  cx_free(attrs.allocator, attrs.items);
  if (st && !cx_status_location(st)) {
    char where[64];
    snprintf(where, sizeof(where), "%s", r->f.filename);
    st = cx_status_with_location(st, where);
  }
  (void)op_offset;
  return st;
}

// ---- entry point ---------------------------------------------------------------------------

static cx_status_t read_ir(reader_t* r) {
  bc_cursor_t c = bc_file_cursor(&r->f, r->f.sec[BC_SEC_IR].p, r->f.sec[BC_SEC_IR].len, "IR");
  uint64_t num_ops;
  bool has_args;
  CX_RETURN_IF_ERROR(bc_read_varint_flag(&c, &num_ops, &has_args));
  if (num_ops != 1 || has_args) return bc_error(&c, "the IR section must hold exactly one op");
  region_state_t top = {0, 0, 0};
  CX_RETURN_IF_ERROR(read_op(r, &c, NULL, &top, NULL));
  if (!bc_at_end(&c)) return bc_error(&c, "trailing bytes after the top-level op");
  return NULL;
}

cx_status_t cx_bc_read(cx_context_t* ctx, const void* data, size_t len,
                       const cx_bc_read_options_t* options, cx_module_t** out_module) {
  *out_module = NULL;
  cx_bc_read_options_t defaults = {0};
  if (!options) options = &defaults;
  reader_t r;
  memset(&r, 0, sizeof(r));
  cx_status_t st = bc_file_open(&r.f, ctx, data, len, options->filename);
  if (!st) st = cx_module_create(ctx, &r.m);
  if (!st) {
    r.im = (bc_import_t){&r.f, r.m, ctx, options->borrow_constants, options->fill_elided_resources,
                         options->release_copied_pages, false};
    st = read_ir(&r);
  }
  if (st) st = bc_version_note(st, r.f.producer, r.f.producer_len, r.f.version);
  cx_free(ctx->allocator, r.values);
  bc_file_close(&r.f);
  if (st) {
    cx_module_destroy(r.m);
    return st;
  }
  *out_module = r.m;
  return NULL;
}

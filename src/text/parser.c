// The MLIR text parser: modules, functions, ops in generic form, regions,
// blocks, SSA scopes, aliases and resource blobs. Per-op pretty forms are in
// parse_formats.c; types and attributes in parse_types.c / parse_attrs.c.
#include "text/parser.h"
#include "support/file.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ir/fill_elided.h"
#include "ir/location.h"
#include "ir/print.h"
#include "support/checked.h"

// ----------------------------------------------------------------------------
// SSA scopes.

cx_status_t cx_p_push_scope(cx_parser_t* p, bool isolated) {
  if (!cx_ssa_names_push(&p->names, isolated)) return cx_p_error(p, "regions nested too deeply");
  return NULL;
}

void cx_p_pop_scope(cx_parser_t* p) { cx_ssa_names_pop(&p->names); }

cx_status_t cx_p_bind(cx_parser_t* p, const char* name, size_t len, cx_value_t* values,
                      uint32_t count, cx_value_t* block_arg, const char* at) {
  if (len > UINT32_MAX) return cx_p_error_at(p, at, "SSA value name too long");
  (void)count;  // read back from the text (see cx_ssa_entry_t)
  switch (cx_ssa_names_bind(&p->names, name, (uint32_t)len, block_arg ? block_arg : values)) {
    case CX_SSA_BOUND:
      return NULL;
    case CX_SSA_REDEFINED:
      return cx_p_error_at(p, at, "redefinition of SSA value '%%%.*s'", (int)len, name);
    case CX_SSA_NO_SCOPE:
      return cx_p_error_at(p, at, "value defined outside of any function");
    case CX_SSA_TOO_FAR:
      return cx_p_error_at(p, at, "SSA value '%%%.*s' is more than 4 GiB before the end of the input",
                           (int)len, name);
    case CX_SSA_OOM:
      break;
  }
  return CX_OOM();
}

static bool is_value_char(char c) { return cx_p_is_value_char(c); }

bool cx_p_peek_value(cx_parser_t* p) { return cx_p_peek(p) == '%'; }

cx_status_t cx_p_value_def_name(cx_parser_t* p, const char** out, size_t* out_len) {
  cx_p_skip_ws(p);
  if (p->cur >= p->end || *p->cur != '%') return cx_p_error(p, "expected SSA value name");
  const char* c = p->cur + 1;
  const char* start = c;
  while (c < p->end && is_value_char(*c)) c++;
  if (c == start) return cx_p_error(p, "expected SSA value name");
  *out = start;
  *out_len = (size_t)(c - start);
  p->cur = c;
  return NULL;
}

cx_status_t cx_p_value_use(cx_parser_t* p, cx_value_t** out) {
  cx_p_skip_ws(p);
  const char* at = p->cur;
  const char* name;
  size_t len;
  CX_RETURN_IF_ERROR(cx_p_value_def_name(p, &name, &len));
  int64_t index = 0;
  bool has_index = false;
  if (p->cur < p->end && *p->cur == '#') {
    p->cur++;
    if (p->cur >= p->end || !isdigit((unsigned char)*p->cur))
      return cx_p_error(p, "expected result number after '#'");
    CX_RETURN_IF_ERROR(cx_p_int(p, &index));
    has_index = true;
  }
  cx_ssa_entry_t binding;
  const cx_ssa_entry_t* b =
      len <= UINT32_MAX && cx_ssa_names_lookup(&p->names, name, (uint32_t)len, &binding)
          ? &binding
          : NULL;
  if (!b) return cx_p_error_at(p, at, "use of undeclared SSA value '%%%.*s'", (int)len, name);
  uint32_t count = cx_ssa_entry_count(&p->names, b);
  if (!count) {
    if (has_index && index != 0)
      return cx_p_error_at(p, at, "'%%%.*s' is a block argument, not a result group", (int)len,
                           name);
    *out = b->values;
    return NULL;
  }
  if (index < 0 || (uint64_t)index >= count)
    return cx_p_error_at(p, at, "result number %lld of '%%%.*s' is out of range (it has %u)",
                         (long long)index, (int)len, name, count);
  *out = &b->values[index];
  return NULL;
}

void* cx_p_tmp(cx_parser_t* p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  void* mem = cx_scratch_alloc(&p->tmp, count * size);
  if (mem) memset(mem, 0, count * size);
  return mem;
}

bool cx_p_tmp_grow(cx_parser_t* p, void** data, uint32_t* cap, uint32_t n, size_t elem) {
  if (n < *cap) return true;
  if (*cap > UINT32_MAX / 4) return false;
  uint32_t nc = *cap ? *cap * 2 : 8;
  void* d = cx_p_tmp(p, nc, elem);
  if (!d) return false;
  if (n) memcpy(d, *data, (size_t)n * elem);
  *data = d;
  *cap = nc;
  return true;
}

cx_status_t cx_p_value_list(cx_parser_t* p, cx_value_t*** out, uint32_t* out_len) {
  uint32_t n = 0, cap = 8;
  cx_value_t** vals = CX_P_TMP_ARRAY(p, cx_value_t*, cap);
  if (!vals) return CX_OOM();
  while (cx_p_peek_value(p)) {
    if (!CX_P_TMP_GROW(p, vals, cap, n)) return CX_OOM();
    CX_RETURN_IF_ERROR(cx_p_value_use(p, &vals[n]));
    n++;
    // Stop before a comma that is not followed by another value (formats
    // like "%a, %b, dim = 0" continue with keywords).
    const char* before = p->cur;
    unsigned line = p->line;
    const char* line_start = p->line_start;
    if (!cx_p_accept(p, ',')) break;
    if (!cx_p_peek_value(p)) {
      p->cur = before;
      p->line = line;
      p->line_start = line_start;
      break;
    }
  }
  *out = vals;
  *out_len = n;
  return NULL;
}

// ----------------------------------------------------------------------------
// Op parse state helpers.

static cx_status_t grow_attrs(cx_parser_t* p, cx_op_parse_state_t* s) {
  if (s->num_attrs < s->attrs_cap) return NULL;
  if (!s->attrs_cap) {
    s->attrs = s->inline_attrs;
    s->attrs_cap = sizeof(s->inline_attrs) / sizeof(s->inline_attrs[0]);
    return NULL;
  }
  uint32_t cap = s->attrs_cap * 2;
  cx_named_attr_t* grown = CX_P_TMP_ARRAY(p, cx_named_attr_t, cap);
  if (!grown) return CX_OOM();
  if (s->num_attrs) memcpy(grown, s->attrs, s->num_attrs * sizeof(*grown));
  s->attrs = grown;
  s->attrs_cap = cap;
  return NULL;
}

cx_status_t cx_ps_add_attr_named(cx_parser_t* p, cx_op_parse_state_t* s, const char* interned,
                                 const cx_attr_t* value) {
  for (uint32_t i = 0; i < s->num_attrs; i++) {
    if (s->attrs[i].name == interned)
      return cx_p_error(p, "attribute '%s' is given more than once", interned);
  }
  CX_RETURN_IF_ERROR(grow_attrs(p, s));
  s->attrs[s->num_attrs].name = interned;
  s->attrs[s->num_attrs].value = value;
  s->num_attrs++;
  return NULL;
}

cx_status_t cx_ps_add_attr(cx_parser_t* p, cx_op_parse_state_t* s, cx_name_id_t id,
                           const cx_attr_t* value) {
  return cx_ps_add_attr_named(p, s, p->ctx->names[id], value);
}

cx_status_t cx_ps_opt_attr_dict(cx_parser_t* p, cx_op_parse_state_t* s) {
  if (cx_p_peek(p) != '{') return NULL;
  cx_named_attr_t* attrs;
  uint32_t n;
  CX_RETURN_IF_ERROR(cx_p_attr_dict(p, &attrs, &n));
  return cx_ps_merge_attrs(p, s, attrs, n);
}

cx_status_t cx_ps_apply_function_type(cx_parser_t* p, cx_op_parse_state_t* s,
                                      const cx_type_t* fn, const char* at) {
  CX_RETURN_IF_ERROR(cx_ps_check_operand_types(p, s, fn->func.inputs, fn->func.num_inputs, at));
  return cx_ps_set_results(p, s, (const cx_type_t**)fn->func.results, fn->func.num_results);
}

cx_status_t cx_ps_function_type(cx_parser_t* p, cx_op_parse_state_t* s) {
  const char* at = p->cur;
  const cx_type_t* fn;
  CX_RETURN_IF_ERROR(cx_p_function_type(p, &fn));
  return cx_ps_apply_function_type(p, s, fn, at);
}

cx_status_t cx_ps_merge_attrs(cx_parser_t* p, cx_op_parse_state_t* s,
                              const cx_named_attr_t* attrs, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    CX_RETURN_IF_ERROR(cx_ps_add_attr_named(p, s, attrs[i].name, attrs[i].value));
  return NULL;
}

cx_status_t cx_ps_set_operands(cx_parser_t* p, cx_op_parse_state_t* s, cx_value_t** values,
                               uint32_t n) {
  (void)p;
  s->operands = values;
  s->num_operands = n;
  s->operands_cap = 0;
  return NULL;
}

cx_status_t cx_ps_append_operand(cx_parser_t* p, cx_op_parse_state_t* s, cx_value_t* value) {
  if (s->num_operands == s->operands_cap) {
    // Grow geometrically (the inline array first), copying a list that
    // cx_ps_set_operands installed.
    const uint32_t inline_cap = sizeof(s->inline_operands) / sizeof(s->inline_operands[0]);
    uint32_t cap = s->operands_cap ? 2 * s->operands_cap : inline_cap;
    while (cap <= s->num_operands) cap *= 2;
    cx_value_t** grown = cap == inline_cap ? s->inline_operands
                                           : CX_P_TMP_ARRAY(p, cx_value_t*, cap);
    if (!grown) return CX_OOM();
    if (s->num_operands && grown != s->operands)
      memmove(grown, s->operands, s->num_operands * sizeof(*grown));
    s->operands = grown;
    s->operands_cap = cap;
  }
  s->operands[s->num_operands++] = value;
  return NULL;
}

cx_status_t cx_ps_set_results(cx_parser_t* p, cx_op_parse_state_t* s, const cx_type_t** types,
                              uint32_t n) {
  (void)p;
  s->result_types = types;
  s->num_result_types = n;
  return NULL;
}

cx_status_t cx_ps_alloc_regions(cx_parser_t* p, cx_op_parse_state_t* s, uint32_t n) {
  // The op takes the regions' blocks when it is built.
  s->regions = CX_P_TMP_ARRAY(p, cx_region_t, n ? n : 1);
  if (!s->regions) return CX_OOM();
  s->num_regions = n;
  return NULL;
}

static void type_name(const cx_type_t* t, char* buf, size_t n);

cx_status_t cx_ps_check_operand_types(cx_parser_t* p, cx_op_parse_state_t* s,
                                      const cx_type_t* const* types, uint32_t n, const char* at) {
  if (n != s->num_operands)
    return cx_p_error_at(p, at, "%u operands present, but expected %u", s->num_operands, n);
  for (uint32_t i = 0; i < n; i++) {
    if (s->operands[i]->type != types[i]) {
      char want[256], got[256];
      type_name(types[i], want, sizeof(want));
      type_name(s->operands[i]->type, got, sizeof(got));
      return cx_p_error_at(p, at, "operand #%u has type %s but the op's type list says %s", i,
                           got, want);
    }
  }
  return NULL;
}

// Prints a type into a small buffer for messages.
static void type_name(const cx_type_t* t, char* buf, size_t n) {
  char* s = cx_type_to_string(t);
  snprintf(buf, n, "'%s'", s ? s : "?");
  cx_free_malloced(s);
}

// ----------------------------------------------------------------------------
// Regions and blocks.

static cx_status_t parse_op(cx_parser_t* p, cx_block_t* block);

// cx_op_kind_lookup scans the op table; a program names few distinct ops
// many times, so the parser remembers each spelling's kind.
static cx_op_kind_t lookup_op_kind(cx_parser_t* p, const char* name, size_t len) {
  cx_strmap_entry_t* e = cx_strmap_find(&p->op_kinds, name, len);
  if (e) return (cx_op_kind_t)((uintptr_t)e->value - 1);
  cx_op_kind_t kind = cx_op_kind_lookup(name, len);
  // On out-of-memory the memo just stays incomplete.
  (void)cx_strmap_put(&p->op_kinds, name, len, (void*)(uintptr_t)(kind + 1));
  return kind;
}

static cx_status_t parse_block_args(cx_parser_t* p, cx_block_t* block) {
  if (!cx_p_accept(p, '(')) return NULL;
  if (cx_p_accept(p, ')')) return NULL;
  do {
    const char* at = p->cur;
    const char* name;
    size_t len;
    CX_RETURN_IF_ERROR(cx_p_value_def_name(p, &name, &len));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
    const cx_type_t* type;
    CX_RETURN_IF_ERROR(cx_p_type(p, &type));
    cx_loc_t loc = {0};
    CX_RETURN_IF_ERROR(cx_p_optional_location(p, &loc));
    cx_value_t* arg = cx_block_add_arg(p->module, block, type);
    if (!arg) return CX_OOM();
    cx_value_set_arg_loc(arg, loc.full);
    CX_RETURN_IF_ERROR(cx_p_bind(p, name, len, NULL, 1, arg, at));
  } while (cx_p_accept(p, ','));
  return cx_p_expect(p, ')');
}

static cx_status_t parse_block_body(cx_parser_t* p, cx_block_t* block) {
  for (;;) {
    char c = cx_p_peek(p);
    if (c == 0 && p->cur < p->end) return cx_p_error(p, "unexpected NUL character");
    if (c == '}' || c == '^' || c == 0) return NULL;
    // A terminator (a return) must end its block. Ops after one are invalid
    // anyway, and their printed form would be ambiguous: `return` followed
    // by `%0 = ...` reads as `return %0`.
    const cx_op_t* last = block->last_op;
    if (last && cx_op_has_trait(last, CX_TRAIT_TERMINATOR))
      return cx_p_error(p, "'%s' must be the last operation in its block", last->name);
    CX_RETURN_IF_ERROR(parse_op(p, block));
  }
}

static cx_status_t parse_region_inner(cx_parser_t* p, cx_region_t* region,
                                      const cx_region_args_t* entry) {
  const char* open = p->cur;
  CX_RETURN_IF_ERROR(cx_p_expect(p, '{'));
  // "{}" is a region without blocks (MLIR's empty region; the generic form
  // of a function declaration prints its body so, and `func.func @f() {}`
  // is a declaration in MLIR too). Regions whose arguments the op declares
  // always get their entry block.
  if ((!entry || !entry->count) && cx_p_accept(p, '}')) return NULL;
  cx_block_t* block = cx_block_create(p->module);
  if (!block) return CX_OOM();
  cx_region_append_block(region, block);
  if (entry) {
    for (uint32_t i = 0; i < entry->count; i++) {
      cx_value_t* arg = cx_block_add_arg(p->module, block, entry->types[i]);
      if (!arg) return CX_OOM();
      if (entry->locs) cx_value_set_arg_loc(arg, entry->locs[i]);
      if (entry->names && entry->names[i])
        CX_RETURN_IF_ERROR(cx_p_bind(p, entry->names[i], entry->name_lens[i], NULL, 1, arg, open));
    }
  }
  if (cx_p_peek(p) == '^') {
    // An explicit entry block label: "^bb0(%a: T, ...):".
    const char* at = p->cur;
    p->cur++;
    const char* label;
    size_t len;
    if (!cx_p_ident(p, &label, &len) && !cx_p_peek_int(p))
      return cx_p_error_at(p, at, "expected block name");
    if (entry && entry->count)
      return cx_p_error_at(p, at, "this region's arguments are declared by the op");
    CX_RETURN_IF_ERROR(parse_block_args(p, block));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  }
  CX_RETURN_IF_ERROR(parse_block_body(p, block));
  while (cx_p_peek(p) == '^') {
    // Further blocks would need successors (branches), which StableHLO does
    // not use; reject them clearly instead of building unusable IR.
    return cx_p_error(p, "regions with more than one block are not supported");
  }
  return cx_p_expect(p, '}');
}

cx_status_t cx_p_region(cx_parser_t* p, cx_region_t* region, const cx_region_args_t* entry) {
  CX_RETURN_IF_ERROR(cx_p_nest(p, &p->op_depth, "ops"));
  cx_status_t st = cx_p_push_scope(p, false);
  if (!st) {
    st = parse_region_inner(p, region, entry);
    cx_p_pop_scope(p);
  }
  p->op_depth--;
  return st;
}

// ----------------------------------------------------------------------------
// Generic op form.

static cx_status_t parse_generic(cx_parser_t* p, cx_op_parse_state_t* s) {
  CX_RETURN_IF_ERROR(cx_p_expect(p, '('));
  if (!cx_p_accept(p, ')')) {
    cx_value_t** vals;
    uint32_t n;
    CX_RETURN_IF_ERROR(cx_p_value_list(p, &vals, &n));
    CX_RETURN_IF_ERROR(cx_ps_set_operands(p, s, vals, n));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
  }
  if (cx_p_peek(p) == '[') return cx_p_error(p, "ops with successors are not supported");
  if (cx_p_accept_str(p, "<{")) {
    p->cur--;  // re-read the '{' as a dictionary
    cx_named_attr_t* attrs;
    uint32_t n;
    CX_RETURN_IF_ERROR(cx_p_attr_dict(p, &attrs, &n));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '>'));
    CX_RETURN_IF_ERROR(cx_ps_merge_attrs(p, s, attrs, n));
  }
  // The region list: `({` or, as older MLIR printed it, `( {`.
  const char* before_regions = p->cur;
  if (cx_p_accept(p, '(') && cx_p_peek(p) == '{') {
    // Read into a growing list first so the regions end up contiguous.
    cx_region_t* tmp = NULL;
    uint32_t n = 0, cap = 0;
    do {
      if (n == cap) {
        if (cap > UINT32_MAX / 4) return CX_OOM();
        uint32_t nc = cap ? 2 * cap : 4;
        cx_region_t* grown = CX_ARENA_ARRAY(&p->module->arena, cx_region_t, nc);
        if (!grown) return CX_OOM();
        if (n) memcpy(grown, tmp, n * sizeof(*tmp));
        tmp = grown;
        cap = nc;
      }
      memset(&tmp[n], 0, sizeof(tmp[n]));
      CX_RETURN_IF_ERROR(cx_p_region(p, &tmp[n], NULL));
      n++;
    } while (cx_p_accept(p, ','));
    CX_RETURN_IF_ERROR(cx_p_expect(p, ')'));
    CX_RETURN_IF_ERROR(cx_ps_alloc_regions(p, s, n));
    memcpy(s->regions, tmp, n * sizeof(cx_region_t));
  } else {
    p->cur = before_regions;
  }
  CX_RETURN_IF_ERROR(cx_ps_opt_attr_dict(p, s));
  CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
  return cx_ps_function_type(p, s);
}

// ----------------------------------------------------------------------------
// Ops.

typedef struct result_name {
  const char* name;
  size_t len;
  uint32_t count;
  const char* at;
} result_name_t;

static cx_status_t finish_op(cx_parser_t* p, cx_op_parse_state_t* s, cx_block_t* block,
                             const result_name_t* names, uint32_t num_names, const char* op_at) {
  uint32_t declared = 0;
  for (uint32_t i = 0; i < num_names; i++) declared += names[i].count;
  if (num_names && declared != s->num_result_types)
    return cx_p_error_at(p, op_at, "operation defines %u results but was provided %u to bind",
                         s->num_result_types, declared);
  cx_op_state_t os = {.kind = s->kind,
                      .name = s->name,
                      .loc = s->loc,
                      .num_operands = s->num_operands,
                      .operands = s->operands,
                      .num_results = s->num_result_types,
                      .result_types = s->result_types,
                      .num_attrs = s->num_attrs,
                      .attrs = s->attrs,
                      .num_regions = s->num_regions,
                      .regions = s->regions};
  cx_op_t* op;
  CX_RETURN_IF_ERROR(cx_op_build(p->module, &os, &op));
  cx_block_append_op(block, op);
  uint32_t next = 0;
  for (uint32_t i = 0; i < num_names; i++) {
    CX_RETURN_IF_ERROR(
        cx_p_bind(p, names[i].name, names[i].len, &op->results[next], names[i].count, NULL,
                  names[i].at));
    next += names[i].count;
  }
  cx_loc_t explicit_loc = {0};
  CX_RETURN_IF_ERROR(cx_p_optional_location(p, &explicit_loc));
  // The location given wins; the op's place in the input stays what its
  // messages show when the location has no file position.
  if (explicit_loc.full) op->loc = cx_loc_with(explicit_loc.full, op->loc);
  return NULL;
}

static cx_status_t parse_func(cx_parser_t* p, cx_op_parse_state_t* s, cx_block_t* block);

static cx_status_t parse_op_inner(cx_parser_t* p, cx_block_t* block);

// An op, and the temporaries it needed given back once it is built.
static cx_status_t parse_op(cx_parser_t* p, cx_block_t* block) {
  cx_scratch_mark_t mark = cx_scratch_mark(&p->tmp);
  cx_status_t st = parse_op_inner(p, block);
  cx_scratch_reset(&p->tmp, mark);
  return st;
}

static cx_status_t parse_op_inner(cx_parser_t* p, cx_block_t* block) {
  CX_RETURN_IF_ERROR(cx_p_nest(p, &p->op_depth, "ops"));
  // The op's location is taken here, while the cursor is on its line: asked
  // for once the op (and its regions) are parsed, it would be far behind.
  cx_p_skip_ws(p);
  cx_loc_t start_loc = cx_p_loc_at(p, p->cur);
  result_name_t names_small[8];
  result_name_t* names = names_small;
  uint32_t num_names = 0, names_cap = 8;
  cx_status_t st = NULL;
  if (cx_p_peek_value(p)) {
    do {
      if (num_names == names_cap) {
        result_name_t* grown = CX_P_TMP_ARRAY(p, result_name_t, names_cap * 2);
        if (!grown) {
          st = CX_OOM();
          goto done;
        }
        memcpy(grown, names, num_names * sizeof(*names));
        names = grown;
        names_cap *= 2;
      }
      result_name_t* r = &names[num_names];
      cx_p_skip_ws(p);
      r->at = p->cur + 1;
      st = cx_p_value_def_name(p, &r->name, &r->len);
      if (st) goto done;
      r->count = 1;
      if (p->cur < p->end && *p->cur == ':') {
        p->cur++;
        int64_t n;
        st = cx_p_int(p, &n);
        if (st) goto done;
        if (n < 1 || n > (1 << 20)) {
          st = cx_p_error(p, "invalid result count %lld", (long long)n);
          goto done;
        }
        r->count = (uint32_t)n;
      }
      num_names++;
    } while (cx_p_accept(p, ','));
    st = cx_p_expect(p, '=');
    if (st) goto done;
  }
  cx_p_skip_ws(p);
  const char* op_at = p->cur;
  cx_op_parse_state_t s;
  memset(&s, 0, sizeof(s));
  s.at = op_at;
  s.loc = start_loc;
  for (uint32_t i = 0; i < num_names; i++) s.num_results += names[i].count;
  if (cx_p_peek(p) == '"') {
    const char* name;
    size_t len;
    st = cx_p_name_string(p, &name, &len);
    if (st) goto done;
    if (len == 0) {
      st = cx_p_error_at(p, op_at, "empty operation name is invalid");
      goto done;
    }
    s.kind = lookup_op_kind(p, name, len);
    if (s.kind == CX_OP_UNKNOWN) {
      // Unregistered ops are kept (MLIR's allow-unregistered-dialect) so that
      // tools can print them; the verifier rejects them.
      s.name = cx_intern(p->ctx, name, len);
    } else {
      s.name = cx_op_info(s.kind)->name;
    }
    if (!s.name) {
      st = CX_OOM();
      goto done;
    }
    st = parse_generic(p, &s);
  } else {
    const char* name;
    size_t len;
    if (!cx_p_ident(p, &name, &len)) {
      st = cx_p_error(p, "expected operation name");
      goto done;
    }
    s.kind = lookup_op_kind(p, name, len);
    if (s.kind == CX_OP_UNKNOWN) {
      st = cx_p_error_at(p, op_at, "unknown operation '%.*s' (custom form of an op cxla does not "
                         "know; the generic form \"name\"(...) is accepted for any op)",
                         (int)len, name);
      goto done;
    }
    s.name = cx_op_info(s.kind)->name;
    if (s.kind == CX_OP_FUNC_FUNC) {
      if (num_names) {
        st = cx_p_error_at(p, op_at, "'func.func' has no results");
        goto done;
      }
      // Functions live in the module (a function body is no symbol table,
      // so MLIR rejects nested ones too); nesting them would also let input
      // stack parse_func's large frames as deep as the region limit.
      if (block != cx_module_block(p->module)) {
        st = cx_p_error_at(p, op_at, "'func.func' must be at module level");
        goto done;
      }
      st = parse_func(p, &s, block);
      goto done;
    }
    st = cx_p_pretty_op(p, &s);
  }
  if (st) goto done;
  st = finish_op(p, &s, block, names, num_names, op_at);
done:
  p->op_depth--;
  return st;
}

// ----------------------------------------------------------------------------
// func.func

// A signature being read: parallel lists that grow on the heap.
typedef struct sig_list {
  const cx_type_t** types;
  const cx_attr_t** attrs;
  const char** names;               // arguments only
  size_t* lens;
  const cx_location_t** locs;
  uint32_t cap;
} sig_list_t;

typedef struct func_sig {
  sig_list_t args, results;
  uint32_t num_args, num_results;
} func_sig_t;

// An argument's or result's optional attribute dictionary as a dict attribute
// in *out (left alone when absent); *any is set when it has entries.
static cx_status_t opt_arg_attrs(cx_parser_t* p, const cx_attr_t** out, bool* any) {
  if (cx_p_peek(p) != '{') return NULL;
  cx_named_attr_t* d;
  uint32_t n;
  cx_p_share_t sh = cx_p_share_begin(p);
  cx_status_t st = cx_p_attr_dict(p, &d, &n);
  *out = cx_p_share_end(p, sh, st ? NULL : cx_attr_dict(&p->module->arena, n, d));
  if (st) return st;
  if (!*out) return CX_OOM();
  *any |= n > 0;
  return NULL;
}

static bool sig_grow(cx_allocator_t al, sig_list_t* l, uint32_t n) {
  if (n < l->cap) return true;
  if (n >= UINT32_MAX / 2) return false;
  uint32_t cap = l->cap ? 2 * l->cap : 16;
  void* t = cx_realloc_array(al, l->types, cap, sizeof(*l->types));
  if (t) l->types = t;
  void* a = t ? cx_realloc_array(al, l->attrs, cap, sizeof(*l->attrs)) : NULL;
  if (a) l->attrs = a;
  void* nm = a ? cx_realloc_array(al, l->names, cap, sizeof(*l->names)) : NULL;
  if (nm) l->names = nm;
  void* ln = nm ? cx_realloc_array(al, l->lens, cap, sizeof(*l->lens)) : NULL;
  if (ln) l->lens = ln;
  void* lc = ln ? cx_realloc_array(al, l->locs, cap, sizeof(*l->locs)) : NULL;
  if (lc) l->locs = lc;
  if (!lc) return false;
  l->cap = cap;
  return true;
}

static void sig_list_free(cx_allocator_t al, sig_list_t* l) {
  cx_free(al, l->types);
  cx_free(al, l->attrs);
  cx_free(al, l->names);
  cx_free(al, l->lens);
  cx_free(al, l->locs);
}

static void sig_free(cx_allocator_t al, func_sig_t* s) {
  sig_list_free(al, &s->args);
  sig_list_free(al, &s->results);
}

// func-op ::= `func.func` visibility? @name `(` args `)` (`->` results)?
//             (`attributes` dict)? region?
static cx_status_t parse_func(cx_parser_t* p, cx_op_parse_state_t* s, cx_block_t* block) {
  cx_context_t* ctx = p->ctx;
  cx_arena_t* arena = &p->module->arena;
  const char* visibility = NULL;
  if (cx_p_accept_keyword(p, "public")) visibility = "public";
  else if (cx_p_accept_keyword(p, "private")) visibility = "private";
  else if (cx_p_accept_keyword(p, "nested")) visibility = "nested";
  if (cx_p_peek(p) != '@') return cx_p_error(p, "expected function name");
  const cx_attr_t* name_attr;
  CX_RETURN_IF_ERROR(cx_p_attr(p, &name_attr));
  const cx_attr_t* sym = cx_attr_string(arena, name_attr->str.data, name_attr->str.len);
  if (!sym) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_sym_name, sym));
  // A visibility spelled out (`public` too, as JAX exports write it) is
  // kept as MLIR keeps it, in sym_visibility; without one the function is
  // public by default.
  if (visibility) {
    const cx_attr_t* v = cx_attr_string(arena, visibility, strlen(visibility));
    if (!v) return CX_OOM();
    CX_RETURN_IF_ERROR(cx_ps_add_attr(p, s, CX_NAME_sym_visibility, v));
  }

  // Arguments: "%a: T {attrs} loc(..)" for definitions, "T {attrs}" for
  // declarations. Signatures of any length: the lists grow on the heap
  // (cx_type_function and cx_attr_array copy them; arena lists of every
  // function made many-function files many times their size).
  CX_RETURN_IF_ERROR(cx_p_push_scope(p, true));
  cx_status_t st = NULL;
  func_sig_t sig;
  memset(&sig, 0, sizeof(sig));
  bool any_arg_attrs = false, named_args = false, any_res_attrs = false;
  const cx_attr_t* empty_dict = cx_attr_dict(arena, 0, NULL);
  if (!empty_dict) {
    st = CX_OOM();
    goto out;
  }
  if ((st = cx_p_expect(p, '('))) goto out;
  if (!cx_p_accept(p, ')')) {
    do {
      if (!sig_grow(p->ctx->allocator, &sig.args, sig.num_args)) {
        st = CX_OOM();
        goto out;
      }
      uint32_t i = sig.num_args;
      sig.args.names[i] = NULL;
      sig.args.lens[i] = 0;
      sig.args.locs[i] = NULL;
      if (cx_p_peek_value(p)) {
        named_args = true;
        if ((st = cx_p_value_def_name(p, &sig.args.names[i], &sig.args.lens[i]))) goto out;
        if ((st = cx_p_expect(p, ':'))) goto out;
      } else if (named_args) {
        st = cx_p_error(p, "expected SSA value name");
        goto out;
      }
      if ((st = cx_p_type(p, &sig.args.types[i]))) goto out;
      sig.args.attrs[i] = empty_dict;
      if ((st = opt_arg_attrs(p, &sig.args.attrs[i], &any_arg_attrs))) goto out;
      cx_loc_t loc = {0};
      if ((st = cx_p_optional_location(p, &loc))) goto out;
      sig.args.locs[i] = loc.full;
      sig.num_args++;
    } while (cx_p_accept(p, ','));
    if ((st = cx_p_expect(p, ')'))) goto out;
  }
  if (cx_p_accept_str(p, "->")) {
    bool paren = cx_p_accept(p, '(');
    if (!(paren && cx_p_accept(p, ')'))) {
      do {
        if (!sig_grow(p->ctx->allocator, &sig.results, sig.num_results)) {
          st = CX_OOM();
          goto out;
        }
        uint32_t i = sig.num_results;
        if ((st = cx_p_type(p, &sig.results.types[i]))) goto out;
        sig.results.attrs[i] = empty_dict;
        if (paren && (st = opt_arg_attrs(p, &sig.results.attrs[i], &any_res_attrs))) goto out;
        sig.num_results++;
      } while (paren && cx_p_accept(p, ','));
      if (paren && (st = cx_p_expect(p, ')'))) goto out;
    }
  }
  const cx_type_t* fn = cx_type_function(ctx, sig.num_args, sig.args.types, sig.num_results,
                                         sig.results.types);
  const cx_attr_t* fn_attr = fn ? cx_attr_type(arena, fn) : NULL;
  if (!fn_attr) {
    st = CX_OOM();
    goto out;
  }
  if ((st = cx_ps_add_attr(p, s, CX_NAME_function_type, fn_attr))) goto out;
  if (any_arg_attrs) {
    const cx_attr_t* a = cx_attr_array(arena, sig.num_args, sig.args.attrs);
    if (!a || (st = cx_ps_add_attr(p, s, CX_NAME_arg_attrs, a))) {
      if (!st) st = CX_OOM();
      goto out;
    }
  }
  if (any_res_attrs) {
    const cx_attr_t* a = cx_attr_array(arena, sig.num_results, sig.results.attrs);
    if (!a || (st = cx_ps_add_attr(p, s, CX_NAME_res_attrs, a))) {
      if (!st) st = CX_OOM();
      goto out;
    }
  }
  if (cx_p_accept_keyword(p, "attributes")) {
    cx_named_attr_t* d;
    uint32_t n;
    if ((st = cx_p_attr_dict(p, &d, &n))) goto out;
    if ((st = cx_ps_merge_attrs(p, s, d, n))) goto out;
  }
  if (cx_p_peek(p) == '{') {
    if (!named_args && sig.num_args) {
      st = cx_p_error(p, "a function with a body needs named arguments");
      goto out;
    }
    if ((st = cx_ps_alloc_regions(p, s, 1))) goto out;
    memset(s->regions, 0, sizeof(cx_region_t));
    cx_region_args_t entry = {sig.num_args, sig.args.types, sig.args.names, sig.args.lens,
                              sig.args.locs};
    // The function's own scope is isolated; the region scope nests in it.
    if ((st = cx_p_region(p, &s->regions[0], &entry))) goto out;
  } else {
    if ((st = cx_ps_alloc_regions(p, s, 1))) goto out;
    memset(s->regions, 0, sizeof(cx_region_t));
  }
  sig_free(p->ctx->allocator, &sig);
  cx_p_pop_scope(p);
  return finish_op(p, s, block, NULL, 0, s->at);
out:
  sig_free(p->ctx->allocator, &sig);
  cx_p_pop_scope(p);
  return st;
}

// ----------------------------------------------------------------------------
// Aliases: "#name = attr" and "!name = type" definitions may appear anywhere
// at top level (location aliases come after the module), so a pre-pass
// records where each is defined and uses parse them on demand.

static cx_status_t prescan_aliases(cx_parser_t* p) {
  unsigned line = p->line;
  const char* c = p->begin;
  while (c < p->end) {
    const char* nl = memchr(c, '\n', (size_t)(p->end - c));
    const char* eol = nl ? nl : p->end;
    if (*c == '#' || *c == '!') {
      const char* n = c + 1;
      while (n < eol && (isalnum((unsigned char)*n) || *n == '_' || *n == '.' || *n == '$' ||
                         *n == '-'))
        n++;
      const char* eq = n;
      while (eq < eol && *eq == ' ') eq++;
      cx_strmap_entry_t* seen = NULL;
      if (n > c + 1 && eq < eol && *eq == '=')
        seen = cx_strmap_find(&p->aliases, c, (size_t)(n - c));
      if (seen) {
        // Reported when the definitions are reached (skip_alias_definition).
        cx_alias_t* first = seen->value;
        if (!first->redefined_at) first->redefined_at = c;
      } else if (n > c + 1 && eq < eol && *eq == '=') {
        cx_alias_t* a = CX_ARENA_NEW(&p->module->arena, cx_alias_t);
        if (!a) return CX_OOM();
        a->text = eq + 1;
        a->is_type = *c == '!';
        a->line = line;
        a->line_start = c;
        if (!cx_strmap_put(&p->aliases, c, (size_t)(n - c), a)) return CX_OOM();
      }
    }
    // A model's weights are lines of megabytes (hex literals): parsing
    // reads them again, from the file.
    if (eol - c >= ((ptrdiff_t)1 << 20)) cx_p_drop_text(p, c, eol);
    line++;
    c = eol + 1;
  }
  return NULL;
}

static void free_aliases(cx_parser_t* p) { cx_strmap_free(&p->aliases); }

cx_status_t cx_p_resolve_alias(cx_parser_t* p, const char* name, size_t len, cx_alias_t** out) {
  *out = NULL;
  cx_strmap_entry_t* e = cx_strmap_find(&p->aliases, name, len);
  if (!e) return NULL;
  cx_alias_t* a = e->value;
  *out = a;
  if (a->text_end) return NULL;
  if (a->resolving)
    return cx_p_error(p, "alias '%.*s' refers to itself", (int)len, name);
  a->resolving = true;
  // The alias keeps what it parses: module memory from here on stays.
  cx_p_share_pin(p);
  // Parse the definition in place, then come back.
  const char* saved_cur = p->cur;
  unsigned saved_line = p->line;
  const char* saved_line_start = p->line_start;
  p->cur = a->text;
  p->line = a->line;
  p->line_start = a->line_start;
  cx_status_t st;
  if (a->is_type) {
    st = cx_p_type(p, &a->type);
  } else if (cx_p_accept_keyword(p, "loc")) {
    a->is_loc = true;
    st = cx_p_location(p, &a->loc);
  } else {
    st = cx_p_attr(p, &a->attr);
  }
  a->text_end = p->cur;
  p->cur = saved_cur;
  p->line = saved_line;
  p->line_start = saved_line_start;
  a->resolving = false;
  if (st) a->text_end = NULL;
  return st;
}

// ----------------------------------------------------------------------------
// Resources: {-# dialect_resources: { builtin: { name: "0x<align><data>" } } #-}

static cx_status_t parse_hex_blob(cx_parser_t* p, const char* name, size_t name_len) {
  const char* at = p->cur;
  const char* str;
  size_t len;
  // dense_resource<name> refers to one blob: a second one with the same name
  // (say in another {-# ... #-} section) would be ambiguous.
  for (uint32_t i = 0; i < p->module->num_resources; i++) {
    const char* n = p->module->resources[i].name;
    if (strlen(n) == name_len && memcmp(n, name, name_len) == 0)
      return cx_p_error_at(p, at, "redefinition of resource blob '%.*s'", (int)name_len, name);
  }
  CX_RETURN_IF_ERROR(cx_p_string(p, &str, &len));
  if (len < 2 || str[0] != '0' || (str[1] != 'x' && str[1] != 'X'))
    return cx_p_error_at(p, at, "expected a hex blob \"0x...\"");
  size_t hex_len = len - 2;
  if (hex_len % 2 || hex_len < 8)
    return cx_p_error_at(p, at, "resource blob must have an even number of hex digits and a "
                         "4-byte alignment prefix");
  size_t nbytes = hex_len / 2;
  uint8_t* bytes = cx_arena_alloc(&p->module->arena, nbytes, 16);
  if (!bytes) return CX_OOM();
  for (size_t i = 0; i < nbytes; i++) {
    int hi = isxdigit((unsigned char)str[2 + 2 * i]) ? str[2 + 2 * i] : -1;
    int lo = isxdigit((unsigned char)str[3 + 2 * i]) ? str[3 + 2 * i] : -1;
    if (hi < 0 || lo < 0) return cx_p_error_at(p, at, "invalid hex digit in resource blob");
    hi = isdigit(hi) ? hi - '0' : (tolower(hi) - 'a' + 10);
    lo = isdigit(lo) ? lo - '0' : (tolower(lo) - 'a' + 10);
    bytes[i] = (uint8_t)(hi * 16 + lo);
  }
  cx_module_t* m = p->module;
  // The array grows to powers of two (its capacity is implied by the count:
  // the parser alone appends to it), so many blobs do not cost a copy each.
  uint32_t n = m->num_resources;
  cx_resource_t* grown = m->resources;
  if (n == 0 || (n & (n - 1)) == 0) {
    grown = CX_ARENA_ARRAY(&m->arena, cx_resource_t, n ? 2 * (size_t)n : 1);
    if (!grown) return CX_OOM();
    if (n) memcpy(grown, m->resources, n * sizeof(*grown));
  }
  cx_resource_t* r = &grown[m->num_resources];
  r->name = cx_arena_strndup(&m->arena, name, name_len);
  if (!r->name) return CX_OOM();
  r->alignment = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
                 (uint32_t)bytes[3] << 24;
  r->data = bytes + 4;
  r->nbytes = nbytes - 4;
  m->resources = grown;
  m->num_resources++;
  return NULL;
}

static cx_status_t parse_resource_key(cx_parser_t* p, const char** name, size_t* len) {
  if (cx_p_peek(p) == '"') return cx_p_name_string(p, name, len);
  // Resource keys may contain characters identifiers do not (e.g. '-').
  cx_p_skip_ws(p);
  const char* c = p->cur;
  while (c < p->end && (isalnum((unsigned char)*c) || (*c && strchr("_.$-", *c)))) c++;
  if (c == p->cur) return cx_p_error(p, "expected resource name");
  *name = p->cur;
  *len = (size_t)(c - p->cur);
  p->cur = c;
  return NULL;
}

static cx_status_t parse_resources(cx_parser_t* p) {
  // "{-#" already consumed.
  do {
    if (cx_p_peek_str(p, "#-}")) break;
    const char* kind;
    size_t kind_len;
    if (!cx_p_ident(p, &kind, &kind_len)) return cx_p_error(p, "expected resource section name");
    bool dialect = kind_len == 17 && memcmp(kind, "dialect_resources", 17) == 0;
    CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
    CX_RETURN_IF_ERROR(cx_p_expect(p, '{'));
    if (!cx_p_accept(p, '}')) {
      do {
        const char* owner;
        size_t owner_len;
        CX_RETURN_IF_ERROR(parse_resource_key(p, &owner, &owner_len));
        CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
        CX_RETURN_IF_ERROR(cx_p_expect(p, '{'));
        if (!cx_p_accept(p, '}')) {
          do {
            const char* key;
            size_t key_len;
            CX_RETURN_IF_ERROR(parse_resource_key(p, &key, &key_len));
            CX_RETURN_IF_ERROR(cx_p_expect(p, ':'));
            bool builtin = dialect && owner_len == 7 && memcmp(owner, "builtin", 7) == 0;
            if (builtin && cx_p_peek(p) == '"') {
              CX_RETURN_IF_ERROR(parse_hex_blob(p, key, key_len));
            } else {
              // Other resources (external, other dialects) carry no data
              // cxla uses; skip their values.
              const cx_attr_t* ignored;
              if (cx_p_peek(p) == '"') {
                const char* s;
                size_t n;
                CX_RETURN_IF_ERROR(cx_p_string(p, &s, &n));
              } else {
                CX_RETURN_IF_ERROR(cx_p_attr(p, &ignored));
              }
            }
          } while (cx_p_accept(p, ','));
          CX_RETURN_IF_ERROR(cx_p_expect(p, '}'));
        }
      } while (cx_p_accept(p, ','));
      CX_RETURN_IF_ERROR(cx_p_expect(p, '}'));
    }
  } while (cx_p_accept(p, ','));
  return cx_p_expect_str(p, "#-}");
}

// Gives each dense_resource attribute its blob, once the whole file is read.
static cx_status_t link_resources(cx_parser_t* p) {
  bool elided = false;
  for (cx_pending_resource_t* r = p->pending_resources; r; r = r->next) {
    cx_attr_t* a = r->attr;
    const cx_resource_t* blob = cx_module_lookup_resource(p->module, a->resource.name);
    int64_t n = cx_tensor_num_elements(a->type);
    size_t esize = cx_elem_storage_size(cx_tensor_elem(a->type));
    if (!blob) {
      if (strcmp(a->resource.name, "__elided__") != 0 || !p->options ||
          !p->options->fill_elided_resources) {
        cx_status_t st =
            strcmp(a->resource.name, "__elided__") == 0
                ? CX_ERROR(CX_INVALID_ARGUMENT,
                           "dense_resource<__elided__>: this constant's data was left out of the "
                           "file (a model published without weights); enable filling elided "
                           "constants (cxla --fill-elided) to use pseudo-random values")
                : CX_ERROR(CX_INVALID_ARGUMENT,
                           "dense_resource<%s> names a blob that the file does not define",
                           a->resource.name);
        char buf[512];
        return cx_status_with_location(st, cx_loc_format(r->loc, buf, sizeof(buf)));
      }
      // A stand-in blob of its own per use, filled below by the use.
      cx_resource_t* fake = CX_ARENA_NEW(&p->module->arena, cx_resource_t);
      if (!fake) return CX_OOM();
      fake->name = a->resource.name;
      fake->alignment = 16;
      a->resource.blob = fake;
      elided = true;
      continue;
    }
    size_t want;
    if (n < 0 || !cx_mul_size((size_t)n, esize, &want) || want != blob->nbytes) {
      cx_status_t st = CX_ERROR(CX_INVALID_ARGUMENT,
                                "dense_resource<%s> holds %zu bytes but its type needs %lld "
                                "elements of %zu bytes",
                                a->resource.name, blob->nbytes, (long long)n, esize);
      char buf[512];
      return cx_status_with_location(st, cx_loc_format(r->loc, buf, sizeof(buf)));
    }
    a->resource.blob = blob;
  }
  return elided ? cx_module_fill_elided(p->module) : NULL;
}

// ----------------------------------------------------------------------------
// Modules.

static cx_status_t skip_alias_definition(cx_parser_t* p) {
  // At a top-level "#name =" or "!name =": resolve (parse) it and skip past.
  const char* start = p->cur;
  const char* c = start + 1;
  while (c < p->end && (isalnum((unsigned char)*c) || *c == '_' || *c == '.' || *c == '$' ||
                        *c == '-'))
    c++;
  cx_alias_t* a;
  size_t len = (size_t)(c - start);
  CX_RETURN_IF_ERROR(cx_p_resolve_alias(p, start, len, &a));
  if (!a || !a->text_end) return cx_p_error(p, "malformed alias definition");
  // Skipping jumps to the end of the registered definition, which must be
  // this one (a later one with the same name would send the cursor back).
  if (a->redefined_at)
    return cx_p_error_at(p, a->redefined_at, "redefinition of alias '%.*s'", (int)len, start);
  if (a->line_start != start) return cx_p_error(p, "malformed alias definition");
  // Advance the cursor over the definition, keeping line numbers right.
  for (const char* q = p->cur; q < a->text_end; q++) {
    if (*q == '\n') {
      p->line++;
      p->line_start = q + 1;
    }
  }
  p->cur = a->text_end;
  return NULL;
}

static cx_status_t parse_module_body(cx_parser_t* p, bool braced) {
  cx_block_t* block = cx_module_block(p->module);
  for (;;) {
    char c = cx_p_peek(p);
    if (c == 0 && p->cur < p->end) return cx_p_error(p, "unexpected NUL character");
    if (c == 0) {
      if (braced) return cx_p_error(p, "expected '}' to close the module");
      return NULL;
    }
    if (braced && c == '}') return NULL;
    if (!braced && (c == '#' || c == '!')) {
      CX_RETURN_IF_ERROR(skip_alias_definition(p));
      continue;
    }
    if (!braced && cx_p_peek_str(p, "{-#")) return NULL;
    if (cx_p_peek_keyword(p, "module"))
      return cx_p_error(p, "nested modules are not supported");
    CX_RETURN_IF_ERROR(cx_p_push_scope(p, true));
    cx_status_t st = parse_op(p, block);
    cx_p_pop_scope(p);
    if (st) return st;
  }
}

static cx_status_t parse_top_level(cx_parser_t* p) {
  bool seen_module = false;
  bool seen_ops = false;
  for (;;) {
    char c = cx_p_peek(p);
    // A NUL byte is not the end of the input: text after it must not be
    // dropped unread.
    if (c == 0 && p->cur < p->end) return cx_p_error(p, "unexpected NUL character");
    if (c == 0) break;
    if (c == '#' || c == '!') {
      CX_RETURN_IF_ERROR(skip_alias_definition(p));
      continue;
    }
    if (cx_p_accept_str(p, "{-#")) {
      CX_RETURN_IF_ERROR(parse_resources(p));
      continue;
    }
    if (cx_p_peek_keyword(p, "module")) {
      if (seen_module || seen_ops)
        return cx_p_error(p, "only one module per input is supported (split inputs with "
                          "'// -----')");
      const char* at = p->cur;
      cx_p_accept_keyword(p, "module");
      seen_module = true;
      p->module->loc = cx_p_loc_at(p, at);
      if (cx_p_peek(p) == '@') {
        const cx_attr_t* name;
        CX_RETURN_IF_ERROR(cx_p_attr(p, &name));
        p->module->name = name->str.data;
      }
      if (cx_p_accept_keyword(p, "attributes")) {
        cx_named_attr_t* attrs;
        uint32_t n;
        CX_RETURN_IF_ERROR(cx_p_attr_dict(p, &attrs, &n));
        p->module->attrs = cx_arena_memdup(&p->module->arena, attrs, n * sizeof(*attrs), 8);
        if (!p->module->attrs) return CX_OOM();
        p->module->num_attrs = n;
      }
      CX_RETURN_IF_ERROR(cx_p_expect(p, '{'));
      CX_RETURN_IF_ERROR(parse_module_body(p, true));
      CX_RETURN_IF_ERROR(cx_p_expect(p, '}'));
      cx_loc_t loc = {0};
      CX_RETURN_IF_ERROR(cx_p_optional_location(p, &loc));
      if (loc.full) p->module->loc = cx_loc_with(loc.full, p->module->loc);
      continue;
    }
    if (seen_module) return cx_p_error(p, "unexpected input after the module");
    seen_ops = true;
    CX_RETURN_IF_ERROR(parse_module_body(p, false));
  }
  return NULL;
}

void cx_p_drop_text(const cx_parser_t* p, const char* begin, const char* end) {
  if (!p->drop_text || end <= begin) return;
  cx_pages_release(begin, (size_t)(end - begin));
}

static cx_status_t parse_text(cx_context_t* ctx, const char* text, size_t len,
                              const cx_parse_options_t* options, bool drop_text,
                              cx_module_t** out_module) {
  *out_module = NULL;
  cx_module_t* m;
  CX_RETURN_IF_ERROR(cx_module_create(ctx, &m));
  cx_parser_t p;
  memset(&p, 0, sizeof(p));
  p.ctx = ctx;
  p.module = m;
  p.options = options;
  p.drop_text = drop_text;
  cx_ssa_names_init(&p.names, ctx->allocator, text + len);
  cx_strmap_init(&p.aliases, ctx->allocator);
  cx_strmap_init(&p.op_kinds, ctx->allocator);
  cx_strbuf_init_with(&p.scratch, ctx->allocator);
  cx_scratch_init(&p.tmp, ctx->allocator, 4096);
  const char* fname = options && options->filename ? options->filename : "<input>";
  p.filename = cx_intern(ctx, fname, strlen(fname));
  p.begin = p.cur = p.line_start = text;
  p.end = text + len;
  p.line = options && options->first_line ? options->first_line : 1;
  cx_status_t st = p.filename ? NULL : CX_OOM();
  if (!st) {
    st = prescan_aliases(&p);
    p.line = options && options->first_line ? options->first_line : 1;
    if (!st) st = parse_top_level(&p);
  }
  if (!st) st = link_resources(&p);
  cx_ssa_names_destroy(&p.names);
  free_aliases(&p);
  cx_strmap_free(&p.op_kinds);
  cx_strbuf_free(&p.scratch);
  cx_scratch_destroy(&p.tmp);
  cx_p_share_free(&p);
  cx_p_free_line_marks(&p);
  if (st) {
    cx_module_destroy(m);
    return st;
  }
  *out_module = m;
  return NULL;
}

cx_status_t cx_module_parse_text(cx_context_t* ctx, const char* text, size_t len,
                                 const cx_parse_options_t* options, cx_module_t** out_module) {
  return parse_text(ctx, text, len, options, false, out_module);
}

cx_status_t cx_parse_mapped_text(cx_context_t* ctx, const char* text, size_t len,
                                 const cx_parse_options_t* options, cx_module_t** out_module) {
  return parse_text(ctx, text, len, options, true, out_module);
}

// ----------------------------------------------------------------------------
// Split inputs.

cx_status_t cx_split_input(const char* text, size_t len, cx_split_fn fn, void* arg) {
  const char* chunk = text;
  unsigned chunk_line = 1, line = 1;
  const char* c = text;
  const char* end = text + len;
  while (c < end) {
    const char* nl = memchr(c, '\n', (size_t)(end - c));
    const char* eol = nl ? nl : end;
    // A separator line is "// -----" possibly followed by more dashes and
    // trailing spaces.
    const char* s = c;
    while (s < eol && (*s == ' ' || *s == '\t')) s++;
    if (eol - s >= 8 && memcmp(s, "// -----", 8) == 0) {
      const char* t = s + 8;
      while (t < eol && (*t == '-' || *t == ' ' || *t == '\t' || *t == '\r')) t++;
      if (t == eol) {
        CX_RETURN_IF_ERROR(fn(chunk, (size_t)(c - chunk), chunk_line, arg));
        chunk = nl ? nl + 1 : end;
        chunk_line = line + 1;
      }
    }
    line++;
    c = nl ? nl + 1 : end;
  }
  return fn(chunk, (size_t)(end - chunk), chunk_line, arg);
}

bool cx_is_bytecode(const void* data, size_t len) {
  const unsigned char* b = data;
  return len >= 4 && b[0] == 'M' && b[1] == 'L' && b[2] == 0xEF && b[3] == 'R';
}

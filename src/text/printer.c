// Printing modules as MLIR text: module and function structure, SSA value
// names, regions, and ops in generic form. Per-op pretty forms are in
// print_formats.c; types and attributes in src/ir (ir/print.h).
#include "text/printer.h"

#include <stdlib.h>
#include <string.h>

#include "ir/location.h"
#include "ir/op_schema.h"
#include "support/hashmap.h"

// ----------------------------------------------------------------------------
// Value names. Names follow MLIR's conventions: %argN for block arguments,
// %N for op results (%N:k and %N#i for groups), %cst/%c for float/integer
// constants and %iterArg for while-loop arguments, with _N suffixes to keep
// names unique within a function.

static uint64_t ptr_hash(const void* p) { return cx_hash_mix(0x9a, (uint64_t)(uintptr_t)p); }

static bool name_eq(const void* item, const void* key) {
  return ((const cx_value_name_t*)item)->value == key;
}

static const cx_value_name_t* find_name(cx_printer_t* pr, const cx_value_t* v) {
  return cx_hashset_find(&pr->names, ptr_hash(v), name_eq, v);
}

static void add_name(cx_printer_t* pr, const cx_value_t* v, const char* base, uint32_t index,
                     uint32_t group) {
  cx_value_name_t* n = cx_calloc(pr->allocator, 1, sizeof(*n));
  if (!n) {
    pr->out->failed = true;
    return;
  }
  n->value = v;
  snprintf(n->base, sizeof(n->base), "%s", base);
  n->index = index;
  n->group = group;
  if (!cx_hashset_insert(&pr->names, ptr_hash(v), n)) {
    cx_free(pr->allocator, n);
    pr->out->failed = true;
  }
}

static bool scope_active(const cx_printer_t* pr, uint32_t id) {
  for (uint32_t i = pr->num_scopes; i-- > 0;)
    if (pr->scopes[i] == id) return true;
  return false;
}

static void push_scope(cx_printer_t* pr) {
  if (pr->num_scopes == pr->scopes_cap) {
    uint32_t cap = pr->scopes_cap ? 2 * pr->scopes_cap : 16;
    uint32_t* grown = cx_realloc(pr->allocator, pr->scopes, cap * sizeof(uint32_t));
    if (!grown) {
      pr->out->failed = true;
      return;
    }
    pr->scopes = grown;
    pr->scopes_cap = cap;
  }
  pr->scopes[pr->num_scopes++] = ++pr->next_scope;
}

static void pop_scope(cx_printer_t* pr) {
  if (pr->num_scopes) pr->num_scopes--;
}

// "cst", then "cst_N" with N from the shared conflict counter (MLIR prints
// %cst, %cst_0, %c, %c_1, %cst_2, ...).
static void unique_name(cx_printer_t* pr, const char* base, char* out, size_t size) {
  snprintf(out, size, "%s", base);
  for (;;) {
    cx_strmap_entry_t* e = cx_strmap_find(&pr->used_names, out, strlen(out));
    if (!e || !scope_active(pr, (uint32_t)(uintptr_t)e->value)) break;
    snprintf(out, size, "%s_%u", base, pr->next_conflict++);
  }
  uint32_t scope = pr->num_scopes ? pr->scopes[pr->num_scopes - 1] : 0;
  if (!cx_strmap_put(&pr->used_names, out, strlen(out), (void*)(uintptr_t)scope))
    pr->out->failed = true;
}

static void name_block_args(cx_printer_t* pr, const cx_block_t* b, bool iter_args) {
  for (uint32_t i = 0; i < b->num_args; i++) {
    if (find_name(pr, b->args[i])) continue;  // named by the enclosing op's form
    char name[40];
    if (iter_args) {
      unique_name(pr, "iterArg", name, sizeof(name));
    } else {
      snprintf(name, sizeof(name), "arg%u", pr->next_arg++);
    }
    add_name(pr, b->args[i], name, 0, 1);
  }
}

// Result names some ops give themselves (MLIR's OpAsmOpInterface).
static const char* const* result_names(const cx_op_t* op) {
  static const char* const kRngBitGenerator[] = {"output_state", "output"};
  static const char* const kTopK[] = {"values", "indices"};
  if (op->kind == CX_OP_RNG_BIT_GENERATOR && op->num_results == 2) return kRngBitGenerator;
  if (op->kind == CX_OP_CHLO_TOP_K && op->num_results == 2) return kTopK;
  return NULL;
}

static void name_op_results(cx_printer_t* pr, const cx_op_t* op) {
  if (!op->num_results) return;
  char name[40];
  const char* const* own = result_names(op);
  if (own) {
    for (uint32_t i = 0; i < op->num_results; i++) {
      unique_name(pr, own[i], name, sizeof(name));
      add_name(pr, &op->results[i], name, 0, 1);
    }
    return;
  }
  if ((op->kind == CX_OP_CONSTANT) && op->num_results == 1) {
    cx_elem_t e = cx_tensor_elem(op->results[0].type);
    unique_name(pr, cx_elem_is_integer(e) ? "c" : "cst", name, sizeof(name));
  } else {
    snprintf(name, sizeof(name), "%u", pr->next_value++);
  }
  for (uint32_t i = 0; i < op->num_results; i++) add_name(pr, &op->results[i], name, i, op->num_results);
}

// Names a block's values, then those of the regions nested in its ops, as
// MLIR does: all values of a region first; then each nested region in its
// own name scope, starting from the counters the parent region left (so
// sibling regions number alike: two reducers both use %arg4 and %30).
static void name_block(cx_printer_t* pr, const cx_block_t* b, bool iter_args) {
  push_scope(pr);
  name_block_args(pr, b, iter_args);
  for (const cx_op_t* op = b->first_op; op; op = op->next) name_op_results(pr, op);
  uint32_t value = pr->next_value, arg = pr->next_arg, conflict = pr->next_conflict;
  for (const cx_op_t* op = b->first_op; op; op = op->next) {
    // Both regions of a while name their arguments %iterArg...; starting
    // from the same counters they get the same names, which the pretty form
    // declares once.
    bool while_args = op->kind == CX_OP_WHILE && !pr->options->generic;
    for (uint32_t r = 0; r < op->num_regions; r++) {
      for (const cx_block_t* nb = op->regions[r].first_block; nb; nb = nb->next) {
        pr->next_value = value;
        pr->next_arg = arg;
        pr->next_conflict = conflict;
        name_block(pr, nb, while_args);
      }
    }
  }
  pop_scope(pr);
}

static void reset_names(cx_printer_t* pr) {
  for (size_t i = 0; i < pr->names.cap; i++)
    if (pr->names.hashes[i]) cx_free(pr->allocator, pr->names.items[i]);
  cx_hashset_free(&pr->names);
  cx_strmap_free(&pr->used_names);
  pr->num_scopes = 0;
  pr->next_value = 0;
  pr->next_arg = 0;
  pr->next_conflict = 0;
}

void cx_pr_value(cx_printer_t* pr, const cx_value_t* v) {
  const cx_value_name_t* n = v ? find_name(pr, v) : NULL;
  if (!n) {
    cx_strbuf_puts(pr->out, "%<<unknown>>");
    return;
  }
  cx_strbuf_putc(pr->out, '%');
  cx_strbuf_puts(pr->out, n->base);
  if (n->group > 1) cx_strbuf_printf(pr->out, "#%u", n->index);
}

void cx_pr_values(cx_printer_t* pr, cx_operand_t* operands, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) cx_strbuf_puts(pr->out, ", ");
    cx_pr_value(pr, operands[i].value);
  }
}

void cx_pr_newline(cx_printer_t* pr) {
  cx_strbuf_putc(pr->out, '\n');
  for (int i = 0; i < pr->indent; i++) cx_strbuf_putc(pr->out, ' ');
}

// ----------------------------------------------------------------------------
// Ops.

static void print_op(cx_printer_t* pr, const cx_op_t* op);

// " loc(...)" with --print-locations: the location the input gave, or else
// the op's place in the input.
static void print_loc(cx_printer_t* pr, cx_loc_t loc) {
  if (!pr->options->print_locations) return;
  if (loc.full) {
    cx_strbuf_puts(pr->out, " loc(");
    cx_location_print(pr->out, loc.full);
    cx_strbuf_putc(pr->out, ')');
  } else if (loc.file) {
    cx_strbuf_puts(pr->out, " loc(\"");
    cx_strbuf_escaped(pr->out, loc.file, strlen(loc.file));
    cx_strbuf_printf(pr->out, "\":%u:%u)", loc.line, loc.col);
  }
}

static void print_arg_loc(cx_printer_t* pr, const cx_value_t* arg) {
  cx_loc_t loc = {.full = cx_value_arg_loc(arg)};
  if (loc.full) print_loc(pr, loc);
}

void cx_pr_block_arg(cx_printer_t* pr, const cx_value_t* arg) {
  cx_pr_value(pr, arg);
  cx_strbuf_puts(pr->out, ": ");
  cx_print_type(pr->out, arg->type);
  print_arg_loc(pr, arg);
}

static void print_block_args(cx_printer_t* pr, const cx_block_t* b) {
  if (!b->num_args) {
    cx_strbuf_puts(pr->out, "^bb0:");
    return;
  }
  cx_strbuf_puts(pr->out, "^bb0(");
  for (uint32_t i = 0; i < b->num_args; i++) {
    if (i) cx_strbuf_puts(pr->out, ", ");
    cx_pr_value(pr, b->args[i]);
    cx_strbuf_puts(pr->out, ": ");
    cx_print_type(pr->out, b->args[i]->type);
    print_arg_loc(pr, b->args[i]);
  }
  cx_strbuf_puts(pr->out, "):");
}

void cx_pr_region(cx_printer_t* pr, const cx_region_t* r, bool print_entry_args) {
  cx_strbuf_putc(pr->out, '{');
  pr->indent += 2;
  for (const cx_block_t* b = r->first_block; b; b = b->next) {
    // An empty block without arguments gets its label, so that it does not
    // read back as an empty region (which "{}" is).
    if ((print_entry_args && b->num_args) || (!b->num_args && !b->first_op)) {
      pr->indent -= 2;
      cx_pr_newline(pr);
      pr->indent += 2;
      print_block_args(pr, b);
    }
    for (const cx_op_t* op = b->first_op; op; op = op->next) {
      cx_pr_newline(pr);
      print_op(pr, op);
    }
  }
  pr->indent -= 2;
  cx_pr_newline(pr);
  cx_strbuf_putc(pr->out, '}');
}

static bool is_inherent(const cx_op_t* op, const char* name) {
  const char* list = cx_op_info(op->kind)->inherent_attrs;
  size_t len = strlen(name);
  for (const char* c = list; *c;) {
    const char* comma = strchr(c, ',');
    size_t n = comma ? (size_t)(comma - c) : strlen(c);
    if (n == len && memcmp(c, name, n) == 0) return true;
    if (!comma) break;
    c = comma + 1;
  }
  return false;
}

void cx_pr_functional_type(cx_printer_t* pr, const cx_op_t* op) {
  cx_strbuf_puts(pr->out, " : (");
  for (uint32_t i = 0; i < op->num_operands; i++) {
    if (i) cx_strbuf_puts(pr->out, ", ");
    cx_print_type(pr->out, op->operands[i].value->type);
  }
  cx_strbuf_puts(pr->out, ") -> ");
  if (op->num_results == 1) {
    cx_print_type(pr->out, op->results[0].type);
  } else {
    cx_strbuf_putc(pr->out, '(');
    for (uint32_t i = 0; i < op->num_results; i++) {
      if (i) cx_strbuf_puts(pr->out, ", ");
      cx_print_type(pr->out, op->results[i].type);
    }
    cx_strbuf_putc(pr->out, ')');
  }
}

static const cx_attr_t* find_attr(const cx_op_t* op, const char* name);

void cx_pr_generic_op(cx_printer_t* pr, const cx_op_t* op) {
  cx_strbuf_putc(pr->out, '"');
  cx_strbuf_escaped(pr->out, op->name, strlen(op->name));
  cx_strbuf_puts(pr->out, "\"(");
  cx_pr_values(pr, op->operands, op->num_operands);
  cx_strbuf_putc(pr->out, ')');
  // Inherent attributes go in <{...}>, the others in {...}.
  cx_named_attr_t small[33];
  cx_named_attr_t* inherent =
      op->num_attrs < 33 ? small : cx_alloc(pr->allocator, (op->num_attrs + 1) * sizeof(*inherent));
  if (!inherent) {
    pr->out->failed = true;
    return;
  }
  uint32_t ni = 0;
  const char* discardable[64];
  uint32_t nd = 0;
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    if (is_inherent(op, op->attrs[i].name)) inherent[ni++] = op->attrs[i];
    else if (nd < 64) discardable[nd++] = op->attrs[i].name;
  }
  if (ni) {
    cx_strbuf_putc(pr->out, ' ');
    cx_strbuf_putc(pr->out, '<');
    cx_print_attr_dict(pr->out, inherent, ni, NULL, 0);
    cx_strbuf_putc(pr->out, '>');
  }
  if (op->num_regions) {
    cx_strbuf_puts(pr->out, " (");
    for (uint32_t r = 0; r < op->num_regions; r++) {
      if (r) cx_strbuf_puts(pr->out, ", ");
      cx_pr_region(pr, &op->regions[r], true);
    }
    cx_strbuf_putc(pr->out, ')');
  }
  if (ni < op->num_attrs) {
    // Elide the inherent ones: print the rest.
    const char* elided[64];
    uint32_t ne = 0;
    for (uint32_t i = 0; i < ni && ne < 64; i++) elided[ne++] = inherent[i].name;
    cx_strbuf_putc(pr->out, ' ');
    cx_print_attr_dict(pr->out, op->attrs, op->num_attrs, elided, ne);
  }
  (void)discardable;
  if (inherent != small) cx_free(pr->allocator, inherent);
  cx_pr_functional_type(pr, op);
}

void cx_pr_attr_dict(cx_printer_t* pr, const cx_op_t* op, const char* elided) {
  const char* names[64];
  uint32_t n = 0;
  char buf[512];
  snprintf(buf, sizeof(buf), "%s", elided ? elided : "");
  for (char* tok = strtok(buf, ","); tok && n < 64; tok = strtok(NULL, ",")) names[n++] = tok;
  // As MLIR's generated printers do, attributes holding the default their op
  // declares (op_attrs.def, ELIDE) are left out of the pretty form.
  const cx_context_t* ctx = pr->module->ctx;
  for (uint32_t i = 0; i < op->num_attrs && n < 64; i++)
    if (cx_op_attr_elided(ctx, op, op->attrs[i].name, op->attrs[i].value))
      names[n++] = op->attrs[i].name;
  uint32_t remaining = 0;
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    bool skip = false;
    for (uint32_t j = 0; j < n; j++)
      if (strcmp(op->attrs[i].name, names[j]) == 0) skip = true;
    if (!skip) remaining++;
  }
  if (!remaining) return;
  cx_strbuf_putc(pr->out, ' ');
  cx_print_attr_dict(pr->out, op->attrs, op->num_attrs, names, n);
}

static void print_results(cx_printer_t* pr, const cx_op_t* op) {
  if (!op->num_results) return;
  const cx_value_name_t* n = find_name(pr, &op->results[0]);
  if (op->num_results > 1 && n && n->group == 1) {
    // Results named one by one: "%values, %indices = ".
    for (uint32_t i = 0; i < op->num_results; i++) {
      if (i) cx_strbuf_puts(pr->out, ", ");
      cx_pr_value(pr, &op->results[i]);
    }
    cx_strbuf_puts(pr->out, " = ");
    return;
  }
  cx_strbuf_putc(pr->out, '%');
  cx_strbuf_puts(pr->out, n ? n->base : "<<unknown>>");
  if (op->num_results > 1) cx_strbuf_printf(pr->out, ":%u", op->num_results);
  cx_strbuf_puts(pr->out, " = ");
}

// Pretty forms that declare their regions' arguments themselves (while's
// iteration arguments, reduce's and sort's reducers) have no place for the
// arguments' locations: with locations printed, such an op prints generically.
static bool region_arg_locs(const cx_op_t* op) {
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (const cx_block_t* b = op->regions[r].first_block; b; b = b->next)
      for (uint32_t i = 0; i < b->num_args; i++)
        if (cx_value_arg_loc(b->args[i])) return true;
  return false;
}

static void print_op(cx_printer_t* pr, const cx_op_t* op) {
  print_results(pr, op);
  if (pr->options->generic || op->kind == CX_OP_UNKNOWN ||
      (pr->options->print_locations && region_arg_locs(op)) || !cx_pr_pretty_op(pr, op))
    cx_pr_generic_op(pr, op);
  print_loc(pr, op->loc);
}

// ----------------------------------------------------------------------------
// Functions and modules.

static const cx_attr_t* find_attr(const cx_op_t* op, const char* name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, name) == 0) return op->attrs[i].value;
  return NULL;
}

static bool dict_nonempty(const cx_attr_t* a) { return a && a->kind == CX_ATTR_DICT && a->dict.count; }

// Per-argument (or per-result) attributes the pretty form can spell: one
// dictionary for each, at least one of them non-empty (it drops them all
// when they are all empty, and a reader then has no such attribute).
static bool func_arg_attrs_printable(const cx_attr_t* a, uint32_t count) {
  if (!a) return true;
  if (a->kind != CX_ATTR_ARRAY || a->array.count != count) return false;
  bool any = false;
  for (uint32_t i = 0; i < count; i++) {
    if (a->array.items[i]->kind != CX_ATTR_DICT) return false;
    any |= dict_nonempty(a->array.items[i]);
  }
  return any;
}

// The pretty form spells the name as a symbol, the visibility as a keyword
// and the signature through the entry block's arguments; a function whose
// attributes or body do not fit it (as a generic input may have) prints
// generically so that it reads back the same.
static bool func_has_pretty_form(const cx_op_t* op) {
  const cx_attr_t* name = find_attr(op, "sym_name");
  const cx_attr_t* vis = find_attr(op, "sym_visibility");
  const cx_attr_t* type = find_attr(op, "function_type");
  // The form always spells a name and a signature.
  if (!name || name->kind != CX_ATTR_STRING || name->type) return false;
  if (!type || type->kind != CX_ATTR_TYPE || !type->type || type->type->kind != CX_TYPE_FUNCTION)
    return false;
  const cx_type_t* fn = type->type;
  if (op->num_regions != 1 || op->num_results || op->num_operands) return false;
  const cx_block_t* body = op->regions[0].first_block;
  if (body) {
    if (body->num_args != fn->func.num_inputs) return false;
    for (uint32_t i = 0; i < body->num_args; i++)
      if (body->args[i]->type != fn->func.inputs[i]) return false;
  }
  if (!func_arg_attrs_printable(find_attr(op, "arg_attrs"), fn->func.num_inputs) ||
      !func_arg_attrs_printable(find_attr(op, "res_attrs"), fn->func.num_results))
    return false;
  if (vis && (vis->kind != CX_ATTR_STRING || vis->type ||
              (strcmp(vis->str.data, "public") && strcmp(vis->str.data, "private") &&
               strcmp(vis->str.data, "nested"))))
    return false;
  return true;
}

static void print_func(cx_printer_t* pr, const cx_op_t* op) {
  reset_names(pr);
  const cx_block_t* body = cx_func_body(op);
  if (body) name_block(pr, body, false);
  const cx_type_t* fn = cx_func_type(op);
  const char* name = cx_func_name(op);
  const cx_attr_t* vis = find_attr(op, "sym_visibility");
  const cx_attr_t* arg_attrs = find_attr(op, "arg_attrs");
  const cx_attr_t* res_attrs = find_attr(op, "res_attrs");
  cx_strbuf_puts(pr->out, "func.func ");
  if (vis && vis->kind == CX_ATTR_STRING) {
    // MLIR keeps a visibility that was spelled out, `public` included (JAX
    // exports say `func.func public @main`), and prints it back.
    cx_strbuf_puts(pr->out, vis->str.data);
    cx_strbuf_putc(pr->out, ' ');
  }
  cx_print_symbol(pr->out, name ? name : "", name ? strlen(name) : 0);
  cx_strbuf_putc(pr->out, '(');
  uint32_t num_inputs = fn ? fn->func.num_inputs : 0;
  for (uint32_t i = 0; i < num_inputs; i++) {
    if (i) cx_strbuf_puts(pr->out, ", ");
    if (body && i < body->num_args) {
      cx_pr_value(pr, body->args[i]);
      cx_strbuf_puts(pr->out, ": ");
    }
    cx_print_type(pr->out, fn->func.inputs[i]);
    if (arg_attrs && arg_attrs->kind == CX_ATTR_ARRAY && i < arg_attrs->array.count &&
        dict_nonempty(arg_attrs->array.items[i])) {
      cx_strbuf_putc(pr->out, ' ');
      cx_print_attr(pr->out, arg_attrs->array.items[i]);
    }
    if (body && i < body->num_args) print_arg_loc(pr, body->args[i]);
  }
  cx_strbuf_putc(pr->out, ')');
  uint32_t num_results = fn ? fn->func.num_results : 0;
  if (num_results) {
    bool any_res_attrs = false;
    for (uint32_t i = 0; res_attrs && res_attrs->kind == CX_ATTR_ARRAY && i < res_attrs->array.count; i++)
      any_res_attrs |= dict_nonempty(res_attrs->array.items[i]);
    bool paren = num_results > 1 || any_res_attrs || fn->func.results[0]->kind == CX_TYPE_FUNCTION;
    cx_strbuf_puts(pr->out, " -> ");
    if (paren) cx_strbuf_putc(pr->out, '(');
    for (uint32_t i = 0; i < num_results; i++) {
      if (i) cx_strbuf_puts(pr->out, ", ");
      cx_print_type(pr->out, fn->func.results[i]);
      if (any_res_attrs && i < res_attrs->array.count && dict_nonempty(res_attrs->array.items[i])) {
        cx_strbuf_putc(pr->out, ' ');
        cx_print_attr(pr->out, res_attrs->array.items[i]);
      }
    }
    if (paren) cx_strbuf_putc(pr->out, ')');
  }
  static const char* const kElided[] = {"sym_name", "function_type", "sym_visibility",
                                        "arg_attrs", "res_attrs"};
  uint32_t extra = 0;
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    bool elided = false;
    for (int j = 0; j < 5; j++) elided |= strcmp(op->attrs[i].name, kElided[j]) == 0;
    extra += !elided;
  }
  if (extra) {
    cx_strbuf_puts(pr->out, " attributes ");
    cx_print_attr_dict(pr->out, op->attrs, op->num_attrs, kElided, 5);
  }
  if (body) {
    cx_strbuf_putc(pr->out, ' ');
    cx_pr_region(pr, &op->regions[0], false);
  }
  print_loc(pr, op->loc);
}

static void print_resources(cx_printer_t* pr) {
  const cx_module_t* m = pr->module;
  if (!m->num_resources) return;
  static const char kHex[] = "0123456789ABCDEF";
  cx_strbuf_puts(pr->out, "\n{-#\n  dialect_resources: {\n    builtin: {\n");
  for (uint32_t i = 0; i < m->num_resources; i++) {
    const cx_resource_t* r = &m->resources[i];
    cx_strbuf_printf(pr->out, "      %s: \"0x", r->name);
    uint32_t a = r->alignment;
    uint8_t prefix[4] = {(uint8_t)a, (uint8_t)(a >> 8), (uint8_t)(a >> 16), (uint8_t)(a >> 24)};
    for (int k = 0; k < 4; k++) {
      cx_strbuf_putc(pr->out, kHex[prefix[k] >> 4]);
      cx_strbuf_putc(pr->out, kHex[prefix[k] & 15]);
    }
    const uint8_t* d = r->data;
    if (cx_strbuf_reserve(pr->out, r->nbytes * 2)) {
      char* dst = pr->out->data + pr->out->len;
      for (size_t k = 0; k < r->nbytes; k++) {
        dst[2 * k] = kHex[d[k] >> 4];
        dst[2 * k + 1] = kHex[d[k] & 15];
      }
      pr->out->len += r->nbytes * 2;
      pr->out->data[pr->out->len] = 0;
    }
    cx_strbuf_puts(pr->out, i + 1 < m->num_resources ? "\",\n" : "\"\n");
  }
  cx_strbuf_puts(pr->out, "    }\n  }\n#-}\n");
}

cx_status_t cx_module_print(const cx_module_t* m, const cx_print_options_t* options,
                            char** out_text) {
  *out_text = NULL;
  cx_print_options_t defaults = {0};
  // The text goes to the caller as malloc'ed (module.h): the system
  // allocator; the printer's tables come from the context's.
  cx_strbuf_t sb;
  cx_strbuf_init(&sb);
  cx_printer_t pr;
  memset(&pr, 0, sizeof(pr));
  pr.allocator = m->ctx->allocator;
  cx_hashset_init(&pr.names, pr.allocator);
  cx_strmap_init(&pr.used_names, pr.allocator);
  pr.out = &sb;
  pr.options = options ? options : &defaults;
  pr.module = m;
  cx_strbuf_puts(&sb, "module");
  if (m->name) {
    cx_strbuf_putc(&sb, ' ');
    cx_print_symbol(&sb, m->name, strlen(m->name));
  }
  if (m->num_attrs) {
    cx_strbuf_puts(&sb, " attributes ");
    cx_print_attr_dict(&sb, m->attrs, m->num_attrs, NULL, 0);
  }
  cx_strbuf_puts(&sb, " {");
  pr.indent = 2;
  // Functions are isolated from above, so each gets fresh names. Other ops
  // at module level (the verifier rejects them, but they parse and must
  // print faithfully) can use each other's results across functions, so
  // their values are named once, in a table kept beside the functions'.
  cx_hashset_t module_names;
  cx_strmap_t module_used;
  cx_hashset_init(&module_names, pr.allocator);
  cx_strmap_init(&module_used, pr.allocator);
  bool module_values = false;
  // A function op with results (invalid, but it parses) is printed as such an op.
  for (const cx_op_t* op = cx_module_block(m)->first_op; op; op = op->next)
    module_values |= op->kind != CX_OP_FUNC_FUNC || op->num_results;
  if (module_values) {
    name_block(&pr, cx_module_block(m), false);
    module_names = pr.names;
    module_used = pr.used_names;
    cx_hashset_init(&pr.names, pr.allocator);
    cx_strmap_init(&pr.used_names, pr.allocator);
  }
  for (const cx_op_t* op = cx_module_block(m)->first_op; op; op = op->next) {
    cx_pr_newline(&pr);
    bool func = op->kind == CX_OP_FUNC_FUNC && !op->num_results;
    if (func && !pr.options->generic && func_has_pretty_form(op)) {
      print_func(&pr, op);
    } else if (func) {
      reset_names(&pr);
      if (cx_func_body(op)) name_block(&pr, cx_func_body(op), false);
      print_op(&pr, op);
    } else {
      cx_hashset_t func_names = pr.names;
      pr.names = module_names;
      print_op(&pr, op);
      module_names = pr.names;
      pr.names = func_names;
    }
  }
  pr.indent = 0;
  cx_pr_newline(&pr);
  cx_strbuf_putc(&sb, '}');
  print_loc(&pr, m->loc);
  cx_strbuf_putc(&sb, '\n');
  print_resources(&pr);
  reset_names(&pr);
  pr.names = module_names;
  pr.used_names = module_used;
  reset_names(&pr);
  cx_free(pr.allocator, pr.scopes);
  char* text = cx_strbuf_take(&sb);
  if (!text) return CX_OOM();
  *out_text = text;
  return NULL;
}

// Structural equality of modules: the round-trip tests' notion of "the two
// parses are the same module".
//
// Two modules are equal when their op trees have the same shape (op kinds and
// names, operand/result/region/block/argument counts), the same types (types
// are interned, so a pointer comparison; both modules must live in one
// context), the same attributes (cx_attr_equal, order-insensitive: the
// pretty and generic forms may list them in different orders), the same
// resource blobs, and operands that refer to corresponding values. Values are
// matched by position: the k-th value defined in a corresponds to the k-th
// value defined in b. SSA names and locations are not compared; the printer
// renames values and the re-parsed text has its own line numbers.
//
// The comparison runs in two passes over the trees: the first checks shapes
// and records the value correspondence, the second checks operands. Two
// passes keep forward references (a use before its definition in program
// order) from looking like mismatches.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"
#include "ir/op_schema.h"
#include "support/ptrmap.h"

// ----------------------------------------------------------------------------
// Comparison state and difference reports.

typedef struct eq_state {
  const cx_context_t* ctx;
  cx_ptrmap_t map;  // a's values -> b's
  char* why;
  size_t why_size;
  bool oom;
} eq_state_t;

// Describes an op for a difference report: its name and both locations (the
// location in a is in the original input; in b, usually the printed text).
static int describe_op(char* buf, size_t size, const cx_op_t* a, const cx_op_t* b) {
  char la[256], lb[256];
  cx_loc_format(a->loc, la, sizeof(la));
  cx_loc_format(b->loc, lb, sizeof(lb));
  return snprintf(buf, size, "'%s' op at %s (vs %s)", a->name ? a->name : "?", la, lb);
}

static bool differ(eq_state_t* st, const cx_op_t* a, const cx_op_t* b, const char* fmt, ...)
    CX_PRINTF(4, 5);

// Records the first difference (later ones are ignored) and returns false so
// callers can `return differ(...)`.
static bool differ(eq_state_t* st, const cx_op_t* a, const cx_op_t* b, const char* fmt, ...) {
  if (!st->why || !st->why_size || st->why[0]) return false;
  int n = 0;
  if (a && b) {
    n = describe_op(st->why, st->why_size, a, b);
    if (n < 0) n = 0;
    if ((size_t)n + 2 < st->why_size) {
      memcpy(st->why + n, ": ", 3);
      n += 2;
    }
  }
  if ((size_t)n < st->why_size) {
    va_list args;
    va_start(args, fmt);
    vsnprintf(st->why + n, st->why_size - (size_t)n, fmt, args);
    va_end(args);
  }
  return false;
}

static bool str_eq(const char* a, const char* b) {
  if (a == b) return true;
  return a && b && strcmp(a, b) == 0;
}

// ----------------------------------------------------------------------------
// Attributes: compared as sets keyed by name.

static int named_attr_cmp(const void* x, const void* y) {
  const cx_named_attr_t* a = x;
  const cx_named_attr_t* b = y;
  return strcmp(a->name, b->name);
}

// Sorted copy of an attribute list (the caller frees it); NULL on OOM.
static cx_named_attr_t* sorted_attrs(cx_allocator_t al, const cx_named_attr_t* attrs,
                                     uint32_t n) {
  cx_named_attr_t* copy = cx_alloc(al, (n ? n : 1) * sizeof(*copy));
  if (!copy) return NULL;
  if (n) memcpy(copy, attrs, n * sizeof(*copy));
  qsort(copy, n, sizeof(*copy), named_attr_cmp);
  return copy;
}

// Attribute equality with MLIR's dictionary semantics: a dictionary is a set
// of named entries (MLIR keeps them sorted by name, and the printer prints
// them sorted), while cx_attr_equal compares entries in the order written.
// Dictionaries, and arrays that may hold them, are therefore compared here;
// everything else by cx_attr_equal. On a difference, `path` receives where
// inside the attribute it is (".name", "[3]").
static bool attr_equal_at(eq_state_t* st, const cx_attr_t* a, const cx_attr_t* b, char* path,
                          size_t path_size);

// `op` (NULL for nested dictionaries): an attribute that only one side has
// is no difference when it holds the default the op declares for it
// (op_attrs.def): an absent attribute means that default, and printers
// leave such attributes out as MLIR's do.
static bool dict_equal_at(eq_state_t* st, const cx_op_t* op, const cx_named_attr_t* a,
                          uint32_t na, const cx_named_attr_t* b, uint32_t nb, char* path,
                          size_t path_size) {
  cx_named_attr_t* sa = sorted_attrs(st->map.allocator, a, na);
  cx_named_attr_t* sb = sorted_attrs(st->map.allocator, b, nb);
  bool ok = sa && sb;
  if (!ok) {
    st->oom = true;
    snprintf(path, path_size, " (out of memory while comparing)");
  }
  uint32_t i = 0, j = 0;
  while (ok && (i < na || j < nb)) {
    int c = i == na ? 1 : j == nb ? -1 : strcmp(sa[i].name, sb[j].name);
    if (c != 0 && op) {
      const cx_named_attr_t* only = c < 0 ? &sa[i] : &sb[j];
      if (cx_op_attr_is_default(st->ctx, op, only->name, only->value)) {
        if (c < 0) i++;
        else j++;
        continue;
      }
    }
    if (c != 0) {
      snprintf(path, path_size, ".%s only in the %s", c < 0 ? sa[i].name : sb[j].name,
               c < 0 ? "first" : "second");
      ok = false;
      break;
    }
    size_t n = strlen(sa[i].name) + 1;
    if (n < path_size) {
      snprintf(path, path_size, ".%s", sa[i].name);
    } else {
      n = 0;
    }
    if (!attr_equal_at(st, sa[i].value, sb[j].value, path + n, path_size - n)) {
      ok = false;
      break;
    }
    path[0] = 0;
    i++;
    j++;
  }
  cx_free(st->map.allocator, sa);
  cx_free(st->map.allocator, sb);
  return ok;
}

static bool attr_equal_at(eq_state_t* st, const cx_attr_t* a, const cx_attr_t* b, char* path,
                          size_t path_size) {
  if (path_size) path[0] = 0;
  if (a == b) return true;
  if (a && b && a->kind == b->kind && a->type == b->type) {
    if (a->kind == CX_ATTR_DICT)
      return dict_equal_at(st, NULL, a->dict.items, a->dict.count, b->dict.items, b->dict.count, path,
                           path_size);
    if (a->kind == CX_ATTR_ARRAY && a->array.count == b->array.count) {
      for (uint32_t i = 0; i < a->array.count; i++) {
        int n = snprintf(path, path_size, "[%u]", i);
        if (n < 0 || (size_t)n >= path_size) n = 0;
        if (!attr_equal_at(st, a->array.items[i], b->array.items[i], path + n,
                           path_size - (size_t)n))
          return false;
      }
      if (path_size) path[0] = 0;
      return true;
    }
  }
  if (cx_attr_equal(a, b)) return true;
  if (a && b && a->kind != b->kind) {
    size_t n = strlen(path);
    snprintf(path + n, path_size - n, " (attribute kinds %d vs %d)", (int)a->kind, (int)b->kind);
  } else if (a && b && a->type != b->type) {
    size_t n = strlen(path);
    snprintf(path + n, path_size - n, " (types differ)");
  }
  return false;
}

static bool attrs_equal(eq_state_t* st, const cx_op_t* oa, const cx_op_t* ob,
                        const cx_named_attr_t* a, uint32_t na, const cx_named_attr_t* b,
                        uint32_t nb) {
  char path[512];
  path[0] = 0;
  if (dict_equal_at(st, oa, a, na, b, nb, path, sizeof(path))) return true;
  // path is ".name<where inside>" or ".name only in the first/second".
  const char* p = path[0] == '.' ? path + 1 : path;
  if (strstr(p, " only in the ")) return differ(st, oa, ob, "attribute %s module", p);
  return differ(st, oa, ob, "attribute %s differs", p);
}

// ----------------------------------------------------------------------------
// Pass 1: shapes, types and attributes; records the value correspondence.

static bool shape_op(eq_state_t* st, const cx_op_t* a, const cx_op_t* b);

static bool map_value(eq_state_t* st, const cx_value_t* a, const cx_value_t* b) {
  if (!cx_ptrmap_put(&st->map, a, (void*)b)) {
    st->oom = true;
    return differ(st, NULL, NULL, "out of memory while comparing");
  }
  return true;
}

// `owner_a/b` is the op whose region holds the block (NULL at module level).
static bool shape_block(eq_state_t* st, const cx_op_t* owner_a, const cx_op_t* owner_b,
                        const cx_block_t* a, const cx_block_t* b, unsigned region,
                        unsigned block) {
  if (a->num_args != b->num_args)
    return differ(st, owner_a, owner_b, "region #%u block #%u has %u vs %u arguments", region,
                  block, a->num_args, b->num_args);
  for (uint32_t i = 0; i < a->num_args; i++) {
    if (a->args[i]->type != b->args[i]->type)
      return differ(st, owner_a, owner_b, "region #%u block #%u argument #%u type differs",
                    region, block, i);
    if (!map_value(st, a->args[i], b->args[i])) return false;
  }
  const cx_op_t* x = a->first_op;
  const cx_op_t* y = b->first_op;
  unsigned k = 0;
  for (; x && y; x = x->next, y = y->next, k++)
    if (!shape_op(st, x, y)) return false;
  if (x || y) {
    const cx_op_t* extra = x ? x : y;
    char loc[256];
    cx_loc_format(extra->loc, loc, sizeof(loc));
    if (owner_a)
      return differ(st, owner_a, owner_b,
                    "region #%u block #%u: the %s module has more ops (op #%u '%s' at %s)",
                    region, block, x ? "first" : "second", k, extra->name, loc);
    return differ(st, NULL, NULL, "the %s module has more top-level ops (op #%u '%s' at %s)",
                  x ? "first" : "second", k, extra->name, loc);
  }
  return true;
}

static bool shape_region(eq_state_t* st, const cx_op_t* owner_a, const cx_op_t* owner_b,
                         const cx_region_t* a, const cx_region_t* b, unsigned region) {
  const cx_block_t* x = a->first_block;
  const cx_block_t* y = b->first_block;
  unsigned k = 0;
  for (; x && y; x = x->next, y = y->next, k++)
    if (!shape_block(st, owner_a, owner_b, x, y, region, k)) return false;
  if (x || y)
    return differ(st, owner_a, owner_b, "region #%u: the %s module has more blocks", region,
                  x ? "first" : "second");
  return true;
}

static bool shape_op(eq_state_t* st, const cx_op_t* a, const cx_op_t* b) {
  if (a->kind != b->kind || !str_eq(a->name, b->name))
    return differ(st, a, b, "op differs: '%s' vs '%s'", a->name ? a->name : "?",
                  b->name ? b->name : "?");
  if (a->num_operands != b->num_operands)
    return differ(st, a, b, "%u vs %u operands", a->num_operands, b->num_operands);
  if (a->num_results != b->num_results)
    return differ(st, a, b, "%u vs %u results", a->num_results, b->num_results);
  if (a->num_regions != b->num_regions)
    return differ(st, a, b, "%u vs %u regions", a->num_regions, b->num_regions);
  for (uint32_t i = 0; i < a->num_results; i++) {
    if (a->results[i].type != b->results[i].type)
      return differ(st, a, b, "result #%u type differs", i);
    if (!map_value(st, &a->results[i], &b->results[i])) return false;
  }
  if (!attrs_equal(st, a, b, a->attrs, a->num_attrs, b->attrs, b->num_attrs)) return false;
  for (uint32_t r = 0; r < a->num_regions; r++)
    if (!shape_region(st, a, b, &a->regions[r], &b->regions[r], r)) return false;
  return true;
}

// ----------------------------------------------------------------------------
// Pass 2: operands refer to corresponding values.

static bool operands_block(eq_state_t* st, const cx_block_t* a, const cx_block_t* b);

static bool operands_op(eq_state_t* st, const cx_op_t* a, const cx_op_t* b) {
  for (uint32_t i = 0; i < a->num_operands; i++) {
    const cx_value_t* va = a->operands[i].value;
    const cx_value_t* vb = b->operands[i].value;
    if (!va || !vb) {
      if (va != vb) return differ(st, a, b, "operand #%u is missing in one module", i);
      continue;
    }
    const cx_value_t* mapped = cx_ptrmap_get(&st->map, va);
    if (mapped != vb) {
      // Say what each side refers to, in the terms a reader can check.
      char da[64], db[64];
      if (va->def_op)
        snprintf(da, sizeof(da), "result #%u of '%s'", va->index, va->def_op->name);
      else
        snprintf(da, sizeof(da), "block argument #%u", va->index);
      if (vb->def_op)
        snprintf(db, sizeof(db), "result #%u of '%s'", vb->index, vb->def_op->name);
      else
        snprintf(db, sizeof(db), "block argument #%u", vb->index);
      return differ(st, a, b, "operand #%u refers to different values (%s vs %s)%s", i, da, db,
                    mapped ? "" : " (the first is defined outside the module)");
    }
  }
  for (uint32_t r = 0; r < a->num_regions; r++) {
    const cx_block_t* x = a->regions[r].first_block;
    const cx_block_t* y = b->regions[r].first_block;
    for (; x && y; x = x->next, y = y->next)
      if (!operands_block(st, x, y)) return false;
  }
  return true;
}

static bool operands_block(eq_state_t* st, const cx_block_t* a, const cx_block_t* b) {
  const cx_op_t* x = a->first_op;
  const cx_op_t* y = b->first_op;
  for (; x && y; x = x->next, y = y->next)
    if (!operands_op(st, x, y)) return false;
  return true;
}

// ----------------------------------------------------------------------------
// Modules.

static bool resources_equal(eq_state_t* st, const cx_module_t* a, const cx_module_t* b) {
  if (a->num_resources != b->num_resources)
    return differ(st, NULL, NULL, "%u vs %u resource blobs", a->num_resources,
                  b->num_resources);
  for (uint32_t i = 0; i < a->num_resources; i++) {
    const cx_resource_t* x = &a->resources[i];
    // Blobs are looked up by name, so their order does not matter.
    const cx_resource_t* y = cx_module_lookup_resource(b, x->name);
    if (!y) return differ(st, NULL, NULL, "resource blob '%s' only in the first module", x->name);
    if (x->alignment != y->alignment)
      return differ(st, NULL, NULL, "resource blob '%s': alignment %u vs %u", x->name,
                    x->alignment, y->alignment);
    if (x->nbytes != y->nbytes)
      return differ(st, NULL, NULL, "resource blob '%s': %zu vs %zu bytes", x->name, x->nbytes,
                    y->nbytes);
    if (x->nbytes && memcmp(x->data, y->data, x->nbytes) != 0)
      return differ(st, NULL, NULL, "resource blob '%s': contents differ", x->name);
  }
  return true;
}

bool cx_module_equal(const cx_module_t* a, const cx_module_t* b, char* why, size_t why_size) {
  if (why && why_size) why[0] = 0;
  eq_state_t st;
  memset(&st, 0, sizeof(st));
  st.why = why;
  st.why_size = why_size;
  if (a == b) return true;
  if (!a || !b) return differ(&st, NULL, NULL, "one module is NULL");
  if (a->ctx != b->ctx)
    return differ(&st, NULL, NULL, "the modules live in different contexts (types differ)");
  cx_ptrmap_init(&st.map, a->ctx->allocator);
  st.ctx = a->ctx;
  bool ok = true;
  if (!str_eq(a->name, b->name))
    ok = differ(&st, NULL, NULL, "module name '%s' vs '%s'", a->name ? a->name : "",
                b->name ? b->name : "");
  if (ok && !attrs_equal(&st, NULL, NULL, a->attrs, a->num_attrs, b->attrs, b->num_attrs)) {
    // attrs_equal reported without an op; say that these are module attributes.
    if (why && why_size && !st.oom) {
      char tmp[512];
      snprintf(tmp, sizeof(tmp), "module %s", why);
      snprintf(why, why_size, "%s", tmp);
    }
    ok = false;
  }
  if (ok) ok = resources_equal(&st, a, b);
  if (ok) ok = shape_region(&st, NULL, NULL, &a->body, &b->body, 0);
  if (ok) ok = operands_block(&st, cx_module_block(a), cx_module_block(b));
  cx_ptrmap_free(&st.map);
  return ok;
}

// The function symbol table (see symbols.h).
#include "ir/symbols.h"

#include <string.h>

#include "ir/walk.h"

static const cx_attr_t* sym_name_attr(const cx_module_t* m, const cx_op_t* op) {
  const cx_attr_t* a = cx_op_attr(op, m->ctx->names[CX_NAME_sym_name]);
  return a && a->kind == CX_ATTR_STRING ? a : NULL;
}

static cx_status_t op_error(const cx_op_t* op, cx_status_code_t code, const char* fmt,
                            const char* name) {
  char loc[512];
  cx_status_t st = cx_status_make(code, __FILE__, __LINE__, fmt, name);
  return cx_status_with_location(st, cx_loc_format(op->loc, loc, sizeof(loc)));
}

cx_status_t cx_symbol_table_build(cx_symbol_table_t* table, cx_module_t* module) {
  table->module = module;
  cx_ptrmap_init(&table->map, module->ctx->allocator);
  for (cx_op_t* op = cx_module_block(module)->first_op; op; op = op->next) {
    if (op->kind != CX_OP_FUNC_FUNC) continue;
    cx_status_t st = cx_symbol_table_insert(table, op);
    if (st) {
      cx_ptrmap_free(&table->map);
      return st;
    }
  }
  return NULL;
}

void cx_symbol_table_destroy(cx_symbol_table_t* table) { cx_ptrmap_free(&table->map); }

cx_status_t cx_module_symbol_table(cx_module_t* module, cx_symbol_table_t** out_table) {
  *out_table = NULL;
  if (!module->symbols) {
    cx_symbol_table_t* t = cx_alloc(module->ctx->allocator, sizeof(*t));
    if (!t) return CX_OOM();
    cx_status_t st = cx_symbol_table_build(t, module);
    if (st) {
      cx_free(module->ctx->allocator, t);
      return st;
    }
    module->symbols = t;
  }
  *out_table = module->symbols;
  return NULL;
}

cx_op_t* cx_symbol_table_lookup_n(const cx_symbol_table_t* table, const char* name, size_t len) {
  // A name never interned cannot be in the table; looking it up does not
  // intern it, so lookups stay read-only. Names with NULs are never
  // interned (and cx_interned must not see them).
  if (memchr(name, 0, len)) return NULL;
  const char* key = cx_interned(table->module->ctx, name, len);
  return key ? cx_ptrmap_get(&table->map, key) : NULL;
}

cx_op_t* cx_symbol_table_lookup(const cx_symbol_table_t* table, const char* name) {
  return cx_symbol_table_lookup_n(table, name, strlen(name));
}

cx_status_t cx_symbol_table_insert(cx_symbol_table_t* table, cx_op_t* func) {
  const cx_attr_t* name = sym_name_attr(table->module, func);
  if (!name) return op_error(func, CX_INVALID_ARGUMENT, "'%s' op requires attribute 'sym_name'",
                             func->name);
  const char* key = cx_intern(table->module->ctx, name->str.data, name->str.len);
  if (!key) {
    // Names with NUL characters cannot be interned (nor spelled as symbols).
    if (memchr(name->str.data, 0, name->str.len))
      return op_error(func, CX_INVALID_ARGUMENT, "symbol name of '%s' contains a NUL character",
                      func->name);
    return CX_OOM();
  }
  void* existing;
  if (cx_ptrmap_find(&table->map, key, &existing) && existing != func)
    return op_error(func, CX_INVALID_ARGUMENT, "redefinition of symbol named '%s'", key);
  return cx_ptrmap_put(&table->map, key, func) ? NULL : CX_OOM();
}

void cx_symbol_table_remove(cx_symbol_table_t* table, cx_op_t* func) {
  const cx_attr_t* name = sym_name_attr(table->module, func);
  if (!name) return;
  const char* key = cx_interned(table->module->ctx, name->str.data, name->str.len);
  if (key && cx_ptrmap_get(&table->map, key) == func) cx_ptrmap_remove(&table->map, key);
}

void cx_symbol_table_erase(cx_symbol_table_t* table, cx_op_t* func) {
  cx_symbol_table_remove(table, func);
  cx_op_erase(func);
}

// ----------------------------------------------------------------------------
// Renaming: symbol references are plain attributes, possibly inside arrays
// and dictionaries (called_computations, interpreter.run_parallel's
// programs), so each attribute is rebuilt where it mentions the old name.

typedef struct rename_state {
  cx_module_t* module;
  const char* old_name;
  size_t old_len;
  const cx_attr_t* new_ref;
  bool oom;
} rename_state_t;

static bool is_old_ref(const rename_state_t* rs, const cx_attr_t* a) {
  return a && a->kind == CX_ATTR_SYMBOL_REF && a->str.len == rs->old_len &&
         memcmp(a->str.data, rs->old_name, rs->old_len) == 0;
}

// The attribute with references to the old name replaced, `a` itself if it
// has none, or NULL on out-of-memory.
static const cx_attr_t* renamed(rename_state_t* rs, const cx_attr_t* a) {
  if (!a) return a;
  if (is_old_ref(rs, a)) return rs->new_ref;
  cx_arena_t* arena = &rs->module->arena;
  if (a->kind == CX_ATTR_ARRAY) {
    const cx_attr_t** items = NULL;
    for (uint32_t i = 0; i < a->array.count; i++) {
      const cx_attr_t* r = renamed(rs, a->array.items[i]);
      if (!r) return NULL;
      if (r == a->array.items[i] && !items) continue;
      if (!items) {
        items = CX_ARENA_ARRAY(arena, const cx_attr_t*, a->array.count);
        if (!items) return NULL;
        memcpy(items, a->array.items, a->array.count * sizeof(*items));
      }
      items[i] = r;
    }
    if (!items) return a;
    cx_attr_t* copy = cx_attr_new(arena, CX_ATTR_ARRAY);
    if (!copy) return NULL;
    copy->type = a->type;
    copy->array.count = a->array.count;
    copy->array.items = items;
    return copy;
  }
  if (a->kind == CX_ATTR_DICT) {
    cx_named_attr_t* items = NULL;
    for (uint32_t i = 0; i < a->dict.count; i++) {
      const cx_attr_t* r = renamed(rs, a->dict.items[i].value);
      if (!r) return NULL;
      if (r == a->dict.items[i].value && !items) continue;
      if (!items) {
        items = CX_ARENA_ARRAY(arena, cx_named_attr_t, a->dict.count);
        if (!items) return NULL;
        memcpy(items, a->dict.items, a->dict.count * sizeof(*items));
      }
      items[i].value = r;
    }
    if (!items) return a;
    cx_attr_t* copy = cx_attr_new(arena, CX_ATTR_DICT);
    if (!copy) return NULL;
    copy->type = a->type;
    copy->dict.count = a->dict.count;
    copy->dict.items = items;
    return copy;
  }
  return a;
}

static cx_walk_result_t rename_refs(cx_op_t* op, void* arg) {
  rename_state_t* rs = arg;
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    const cx_attr_t* r = renamed(rs, op->attrs[i].value);
    if (!r) {
      rs->oom = true;
      return CX_WALK_INTERRUPT;
    }
    op->attrs[i].value = r;
  }
  return CX_WALK_ADVANCE;
}

cx_status_t cx_symbol_table_rename(cx_symbol_table_t* table, cx_op_t* func,
                                   const char* new_name) {
  cx_module_t* m = table->module;
  const cx_attr_t* old = sym_name_attr(m, func);
  if (!old) return op_error(func, CX_INVALID_ARGUMENT, "'%s' op requires attribute 'sym_name'",
                            func->name);
  size_t new_len = strlen(new_name);
  if (old->str.len == new_len && memcmp(old->str.data, new_name, new_len) == 0) return NULL;
  if (cx_symbol_table_lookup_n(table, new_name, new_len))
    return op_error(func, CX_INVALID_ARGUMENT, "cannot rename: symbol '%s' exists", new_name);
  const char* key = cx_intern(m->ctx, new_name, new_len);
  const cx_attr_t* name_attr = cx_attr_string(&m->arena, new_name, new_len);
  const cx_attr_t* ref = cx_attr_symbol_ref(&m->arena, new_name, new_len);
  // Room for the new entry first, so nothing below can fail half-way
  // except the attribute copies (which leave the IR consistent: each
  // attribute is either old or renamed, and the caller gets OOM).
  if (!key || !name_attr || !ref || !cx_ptrmap_reserve(&table->map, cx_ptrmap_len(&table->map) + 1))
    return CX_OOM();
  rename_state_t rs = {m, old->str.data, old->str.len, ref, false};
  cx_symbol_table_remove(table, func);
  CX_RETURN_IF_ERROR(cx_op_set_attr(m, func, m->ctx->names[CX_NAME_sym_name], name_attr));
  (void)cx_ptrmap_put(&table->map, key, func);  // reserved above
  (void)cx_walk_module(m, CX_WALK_PRE_ORDER, rename_refs, &rs);
  return rs.oom ? CX_OOM() : NULL;
}

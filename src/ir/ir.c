// Modules, ops, values, use lists, blocks and regions.
#include "ir/ir.h"

#include <stdlib.h>
#include <string.h>

// ----------------------------------------------------------------------------
// The op table.

static const cx_op_info_t kOpInfo[CX_OP_COUNT] = {
#define CX_OP(id, name, family, format, attrs) \
  {name, CX_FAMILY_##family, CX_FORMAT_##format, attrs},
#include "ir/ops.def"
#undef CX_OP
};

const cx_op_info_t* cx_op_info(cx_op_kind_t kind) {
  return kind < CX_OP_COUNT ? &kOpInfo[kind] : &kOpInfo[CX_OP_UNKNOWN];
}

cx_op_kind_t cx_op_kind_lookup(const char* name, size_t len) {
  // Short aliases: the func dialect's ops may be written without prefix.
  if (len == 6 && memcmp(name, "return", 6) == 0) return CX_OP_FUNC_RETURN;
  if (len == 4 && memcmp(name, "call", 4) == 0) return CX_OP_FUNC_CALL;
  // A linear scan is fast enough: lookups happen once per parsed op name and
  // the parser caches them per spelling.
  // A NUL inside `name` (possible in a quoted generic op name) would let
  // strncmp match a shorter table name and n[len] read past its end.
  if (memchr(name, 0, len)) return CX_OP_UNKNOWN;
  for (int k = 0; k < CX_OP_COUNT; k++) {
    const char* n = kOpInfo[k].name;
    if (strncmp(n, name, len) == 0 && n[len] == 0) return (cx_op_kind_t)k;
  }
  return CX_OP_UNKNOWN;
}

// ----------------------------------------------------------------------------
// Modules.

cx_status_t cx_module_create(cx_context_t* ctx, cx_module_t** out_module) {
  *out_module = NULL;
  cx_module_t* m = cx_alloc(ctx->allocator, sizeof(*m));
  if (!m) return CX_OOM();
  memset(m, 0, sizeof(*m));
  m->ctx = ctx;
  m->owned_allocator = ctx->allocator;
  cx_arena_init(&m->arena, ctx->allocator);
  cx_block_t* body = cx_block_create(m);
  if (!body) {
    cx_module_destroy(m);
    return CX_OOM();
  }
  cx_region_append_block(&m->body, body);
  *out_module = m;
  return NULL;
}

void cx_module_destroy(cx_module_t* m) {
  if (!m) return;
  for (uint32_t i = 0; i < m->num_owned; i++) free(m->owned[i]);
  free(m->owned);
  cx_arena_destroy(&m->arena);
  cx_free(m->ctx->allocator, m);
}

cx_status_t cx_module_adopt_buffer(cx_module_t* m, void* buffer) {
  void** grown = realloc(m->owned, (m->num_owned + 1) * sizeof(void*));
  if (!grown) return CX_OOM();
  m->owned = grown;
  m->owned[m->num_owned++] = buffer;
  return NULL;
}

cx_op_t* cx_module_lookup_func(const cx_module_t* m, const char* name) {
  for (cx_op_t* op = cx_module_block(m)->first_op; op; op = op->next) {
    if (op->kind != CX_OP_FUNC_FUNC) continue;
    const char* n = cx_func_name(op);
    if (n && strcmp(n, name) == 0) return op;
  }
  return NULL;
}

const cx_resource_t* cx_module_lookup_resource(const cx_module_t* m, const char* name) {
  for (uint32_t i = 0; i < m->num_resources; i++)
    if (strcmp(m->resources[i].name, name) == 0) return &m->resources[i];
  return NULL;
}

// ----------------------------------------------------------------------------
// Uses.

static void use_link(cx_operand_t* use, cx_value_t* value) {
  use->value = value;
  if (!value) {
    use->next_use = NULL;
    use->prev_next = NULL;
    return;
  }
  use->next_use = value->first_use;
  if (value->first_use) value->first_use->prev_next = &use->next_use;
  value->first_use = use;
  use->prev_next = &value->first_use;
}

static void use_unlink(cx_operand_t* use) {
  if (!use->value) return;
  *use->prev_next = use->next_use;
  if (use->next_use) use->next_use->prev_next = use->prev_next;
  use->value = NULL;
  use->next_use = NULL;
  use->prev_next = NULL;
}

void cx_op_set_operand(cx_op_t* op, uint32_t index, cx_value_t* value) {
  cx_operand_t* use = &op->operands[index];
  use_unlink(use);
  use->owner = op;
  use_link(use, value);
}

void cx_value_replace_all_uses(cx_value_t* from, cx_value_t* to) {
  if (from == to) return;
  while (from->first_use) {
    cx_operand_t* use = from->first_use;
    use_unlink(use);
    use_link(use, to);
  }
}

uint32_t cx_value_num_uses(const cx_value_t* v) {
  uint32_t n = 0;
  for (const cx_operand_t* u = v->first_use; u; u = u->next_use) n++;
  return n;
}

// ----------------------------------------------------------------------------
// Ops.

cx_op_t* cx_op_create(cx_module_t* m, cx_op_kind_t kind, const char* name, uint32_t num_operands,
                      cx_value_t* const* operands, uint32_t num_results,
                      const cx_type_t* const* result_types, uint32_t num_regions,
                      uint32_t num_attrs, const cx_named_attr_t* attrs, cx_loc_t loc) {
  cx_arena_t* a = &m->arena;
  cx_op_t* op = CX_ARENA_NEW(a, cx_op_t);
  if (!op) return NULL;
  op->kind = kind;
  op->name = name ? name : cx_op_info(kind)->name;
  op->loc = loc;
  op->num_operands = num_operands;
  op->num_results = num_results;
  op->num_regions = num_regions;
  if (num_operands) {
    op->operands = CX_ARENA_ARRAY(a, cx_operand_t, num_operands);
    if (!op->operands) return NULL;
    for (uint32_t i = 0; i < num_operands; i++) {
      op->operands[i].owner = op;
      use_link(&op->operands[i], operands ? operands[i] : NULL);
    }
  }
  if (num_results) {
    op->results = CX_ARENA_ARRAY(a, cx_value_t, num_results);
    if (!op->results) return NULL;
    for (uint32_t i = 0; i < num_results; i++) {
      op->results[i].type = result_types[i];
      op->results[i].def_op = op;
      op->results[i].index = i;
    }
  }
  if (num_regions) {
    op->regions = CX_ARENA_ARRAY(a, cx_region_t, num_regions);
    if (!op->regions) return NULL;
    for (uint32_t i = 0; i < num_regions; i++) op->regions[i].parent = op;
  }
  if (num_attrs) {
    op->attrs = cx_arena_memdup(a, attrs, num_attrs * sizeof(cx_named_attr_t), 8);
    if (!op->attrs) return NULL;
    op->num_attrs = op->attrs_cap = num_attrs;
  }
  return op;
}

void cx_block_append_op(cx_block_t* block, cx_op_t* op) {
  op->block = block;
  op->next = NULL;
  op->prev = block->last_op;
  if (block->last_op) {
    block->last_op->next = op;
  } else {
    block->first_op = op;
  }
  block->last_op = op;
}

void cx_op_insert_before(cx_op_t* anchor, cx_op_t* op) {
  cx_block_t* b = anchor->block;
  op->block = b;
  op->next = anchor;
  op->prev = anchor->prev;
  if (anchor->prev) {
    anchor->prev->next = op;
  } else {
    b->first_op = op;
  }
  anchor->prev = op;
}

void cx_op_insert_after(cx_op_t* anchor, cx_op_t* op) {
  if (anchor->next) {
    cx_op_insert_before(anchor->next, op);
  } else {
    cx_block_append_op(anchor->block, op);
  }
}

void cx_op_unlink(cx_op_t* op) {
  cx_block_t* b = op->block;
  if (!b) return;
  if (op->prev) {
    op->prev->next = op->next;
  } else {
    b->first_op = op->next;
  }
  if (op->next) {
    op->next->prev = op->prev;
  } else {
    b->last_op = op->prev;
  }
  op->block = NULL;
  op->prev = op->next = NULL;
}

static bool drop_uses(cx_op_t* op, void* arg) {
  (void)arg;
  for (uint32_t i = 0; i < op->num_operands; i++) use_unlink(&op->operands[i]);
  return true;
}

void cx_op_erase(cx_op_t* op) {
  cx_walk_op(op, drop_uses, NULL);
  cx_op_unlink(op);
}

const cx_attr_t* cx_op_attr(const cx_op_t* op, const char* interned_name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (op->attrs[i].name == interned_name) return op->attrs[i].value;
  return NULL;
}

cx_status_t cx_op_set_attr(cx_module_t* m, cx_op_t* op, const char* interned_name,
                           const cx_attr_t* value) {
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    if (op->attrs[i].name == interned_name) {
      op->attrs[i].value = value;
      return NULL;
    }
  }
  if (op->num_attrs == op->attrs_cap) {
    uint32_t cap = op->attrs_cap ? op->attrs_cap * 2 : 4;
    cx_named_attr_t* grown = CX_ARENA_ARRAY(&m->arena, cx_named_attr_t, cap);
    if (!grown) return CX_OOM();
    if (op->num_attrs) memcpy(grown, op->attrs, op->num_attrs * sizeof(cx_named_attr_t));
    op->attrs = grown;
    op->attrs_cap = cap;
  }
  op->attrs[op->num_attrs].name = interned_name;
  op->attrs[op->num_attrs].value = value;
  op->num_attrs++;
  return NULL;
}

void cx_op_remove_attr(cx_op_t* op, const char* interned_name) {
  for (uint32_t i = 0; i < op->num_attrs; i++) {
    if (op->attrs[i].name == interned_name) {
      memmove(&op->attrs[i], &op->attrs[i + 1], (op->num_attrs - i - 1) * sizeof(cx_named_attr_t));
      op->num_attrs--;
      return;
    }
  }
}

cx_op_t* cx_op_parent(const cx_op_t* op) {
  if (!op->block || !op->block->parent) return NULL;
  return op->block->parent->parent;
}

// ----------------------------------------------------------------------------
// Blocks and regions.

cx_block_t* cx_block_create(cx_module_t* m) { return CX_ARENA_NEW(&m->arena, cx_block_t); }

void cx_region_append_block(cx_region_t* region, cx_block_t* block) {
  block->parent = region;
  block->next = NULL;
  block->prev = region->last_block;
  if (region->last_block) {
    region->last_block->next = block;
  } else {
    region->first_block = block;
  }
  region->last_block = block;
}

cx_value_t* cx_block_add_arg(cx_module_t* m, cx_block_t* block, const cx_type_t* type) {
  if (block->num_args == block->args_cap) {
    uint32_t cap = block->args_cap ? block->args_cap * 2 : 4;
    cx_value_t** grown = CX_ARENA_ARRAY(&m->arena, cx_value_t*, cap);
    if (!grown) return NULL;
    if (block->num_args) memcpy(grown, block->args, block->num_args * sizeof(cx_value_t*));
    block->args = grown;
    block->args_cap = cap;
  }
  cx_value_t* v = CX_ARENA_NEW(&m->arena, cx_value_t);
  if (!v) return NULL;
  v->type = type;
  v->block = block;
  v->index = block->num_args;
  block->args[block->num_args++] = v;
  return v;
}

// ----------------------------------------------------------------------------
// Functions.

static const cx_attr_t* find_attr_by_spelling(const cx_op_t* op, const char* spelling) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, spelling) == 0) return op->attrs[i].value;
  return NULL;
}

const char* cx_func_name(const cx_op_t* func) {
  const cx_attr_t* a = find_attr_by_spelling(func, "sym_name");
  return a && a->kind == CX_ATTR_STRING ? a->str.data : NULL;
}

const cx_type_t* cx_func_type(const cx_op_t* func) {
  const cx_attr_t* a = find_attr_by_spelling(func, "function_type");
  return a && a->kind == CX_ATTR_TYPE ? a->type : NULL;
}

bool cx_func_is_public(const cx_op_t* func) {
  const cx_attr_t* a = find_attr_by_spelling(func, "sym_visibility");
  return !a || (a->kind == CX_ATTR_STRING && strcmp(a->str.data, "public") == 0);
}

cx_block_t* cx_func_body(const cx_op_t* func) {
  return func->num_regions ? func->regions[0].first_block : NULL;
}

typedef struct numbering {
  uint32_t next;
} numbering_t;

static void number_block(cx_block_t* b, numbering_t* n);

static bool number_op(cx_op_t* op, void* arg) {
  numbering_t* n = arg;
  for (uint32_t i = 0; i < op->num_results; i++) op->results[i].id = n->next++;
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (cx_block_t* b = op->regions[r].first_block; b; b = b->next) number_block(b, n);
  return true;
}

static void number_block(cx_block_t* b, numbering_t* n) {
  for (uint32_t i = 0; i < b->num_args; i++) b->args[i]->id = n->next++;
  for (cx_op_t* op = b->first_op; op; op = op->next) number_op(op, n);
}

uint32_t cx_func_number_values(cx_op_t* func) {
  numbering_t n = {0};
  for (uint32_t r = 0; r < func->num_regions; r++)
    for (cx_block_t* b = func->regions[r].first_block; b; b = b->next) number_block(b, &n);
  return n.next;
}

// ----------------------------------------------------------------------------
// Walks.

bool cx_walk_op(cx_op_t* op, cx_walk_fn fn, void* arg) {
  if (!fn(op, arg)) return false;
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
      if (!cx_walk_block(b, fn, arg)) return false;
  return true;
}

bool cx_walk_block(cx_block_t* block, cx_walk_fn fn, void* arg) {
  for (cx_op_t* op = block->first_op; op;) {
    cx_op_t* next = op->next;  // the callback may erase op
    if (!cx_walk_op(op, fn, arg)) return false;
    op = next;
  }
  return true;
}

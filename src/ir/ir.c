// Modules, ops, values, use lists, blocks and regions.
#include "ir/ir.h"

#include <stdlib.h>
#include <string.h>

#include "ir/op_schema.h"
#include "ir/symbols.h"
#include "ir/walk.h"
#include "support/file.h"

// ----------------------------------------------------------------------------
// The op table.

// The TRAITS column names cx_op_trait_t flags without their prefix.
#define PURE CX_TRAIT_PURE
#define SIDE_EFFECTS CX_TRAIT_SIDE_EFFECTS
#define RECURSIVE_EFFECTS CX_TRAIT_RECURSIVE_EFFECTS
#define COMMUTATIVE CX_TRAIT_COMMUTATIVE
#define ELEMENTWISE CX_TRAIT_ELEMENTWISE
#define SAME_OPERANDS_AND_RESULT_TYPE CX_TRAIT_SAME_OPERANDS_AND_RESULT_TYPE
#define TERMINATOR CX_TRAIT_TERMINATOR
#define ISOLATED_FROM_ABOVE CX_TRAIT_ISOLATED_FROM_ABOVE
#define CONSTANT_LIKE CX_TRAIT_CONSTANT_LIKE
#define VAR CX_OP_VARIADIC

static const cx_op_info_t kOpInfo[CX_OP_COUNT] = {
#define CX_OP(id, name, family, format, attrs, traits, min_ops, max_ops, min_res, max_res) \
  {name,  CX_FAMILY_##family, CX_FORMAT_##format, attrs, (uint32_t)(traits),             \
   min_ops, max_ops, min_res, max_res},
#include "ir/ops.def"
#undef CX_OP
};

#undef PURE
#undef SIDE_EFFECTS
#undef RECURSIVE_EFFECTS
#undef COMMUTATIVE
#undef ELEMENTWISE
#undef SAME_OPERANDS_AND_RESULT_TYPE
#undef TERMINATOR
#undef ISOLATED_FROM_ABOVE
#undef CONSTANT_LIKE
#undef VAR

const cx_op_info_t* cx_op_info(cx_op_kind_t kind) {
  return kind < CX_OP_COUNT ? &kOpInfo[kind] : &kOpInfo[CX_OP_UNKNOWN];
}

static cx_walk_result_t find_impure(cx_op_t* op, void* arg) {
  (void)arg;
  // Nested ops of a RECURSIVE_EFFECTS op are checked by the walk itself.
  if (cx_op_has_trait(op, CX_TRAIT_RECURSIVE_EFFECTS)) return CX_WALK_ADVANCE;
  return cx_op_is_pure(op) ? CX_WALK_SKIP : CX_WALK_INTERRUPT;
}

bool cx_op_is_pure(const cx_op_t* op) {
  uint32_t traits = cx_op_info(op->kind)->traits;
  if (traits & CX_TRAIT_PURE) return true;
  if (op->kind == CX_OP_CUSTOM_CALL) {
    // StableHLO gives a custom_call effects only with has_side_effect; one
    // without results is there for its effects all the same (e.g. the
    // check targets), so cxla never treats it as removable.
    const cx_attr_t* a = NULL;
    for (uint32_t i = 0; i < op->num_attrs; i++)
      if (strcmp(op->attrs[i].name, "has_side_effect") == 0) a = op->attrs[i].value;
    // Anything but `false` (true, or a malformed value) counts as effects.
    bool effects = a && (a->kind != CX_ATTR_BOOL || a->boolean);
    return !effects && op->num_results > 0;
  }
  if (traits & CX_TRAIT_RECURSIVE_EFFECTS) {
    for (uint32_t r = 0; r < op->num_regions; r++)
      if (cx_walk_region(&op->regions[r], CX_WALK_PRE_ORDER, find_impure, NULL) ==
          CX_WALK_INTERRUPT)
        return false;
    return true;
  }
  return false;
}

bool cx_op_is_trivially_dead(const cx_op_t* op) {
  return !cx_op_has_trait(op, CX_TRAIT_TERMINATOR) && cx_op_results_unused(op) &&
         cx_op_is_pure(op);
}

bool cx_op_counts_ok(const cx_op_t* op) {
  const cx_op_info_t* info = cx_op_info(op->kind);
  return op->num_operands >= info->min_operands && op->num_operands <= info->max_operands &&
         op->num_results >= info->min_results && op->num_results <= info->max_results;
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
  cx_payloads_free_all(m);
  if (m->symbols) {
    cx_symbol_table_destroy(m->symbols);
    cx_free(m->ctx->allocator, m->symbols);
  }
  for (uint32_t i = 0; i < m->num_owned; i++) cx_free_malloced(m->owned[i]);
  cx_free(m->ctx->allocator, m->owned);
  cx_arena_destroy(&m->arena);
  cx_free(m->ctx->allocator, m);
}

cx_status_t cx_module_adopt_buffer(cx_module_t* m, void* buffer) {
  void** grown = cx_realloc_array(m->ctx->allocator, m->owned, m->num_owned + 1, sizeof(void*));
  if (!grown) return CX_OOM();
  m->owned = grown;
  m->owned[m->num_owned++] = buffer;
  return NULL;
}

void cx_module_drop_mapped_pages(const cx_module_t* m) {
  if (!m->mapped) return;
  cx_file_view_t v = {.data = m->mapped, .len = m->mapped_len, .mapped = true};
  cx_file_view_drop_pages(&v);
}

cx_op_t* cx_module_lookup_func(const cx_module_t* m, const char* name) {
  if (m->symbols) {
    // A hit is checked against the IR (the table may be stale); a miss is
    // not trusted either: the function may have been added since.
    cx_op_t* op = cx_symbol_table_lookup(m->symbols, name);
    if (op && op->block == cx_module_block(m)) {
      const char* n = cx_func_name(op);
      if (n && strcmp(n, name) == 0) return op;
    }
  }
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

void cx_value_replace_uses_if(cx_value_t* from, cx_value_t* to,
                              bool (*replace)(const cx_operand_t* use, void* arg), void* arg) {
  if (from == to) return;
  for (cx_operand_t* use = from->first_use; use;) {
    cx_operand_t* next = use->next_use;
    if (replace(use, arg)) {
      use_unlink(use);
      use_link(use, to);
    }
    use = next;
  }
}

void cx_op_replace_all_uses(cx_op_t* op, cx_value_t* const* values) {
  for (uint32_t i = 0; i < op->num_results; i++)
    cx_value_replace_all_uses(&op->results[i], values[i]);
}

bool cx_op_results_unused(const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_results; i++)
    if (op->results[i].first_use) return false;
  return true;
}

uint32_t cx_value_num_uses(const cx_value_t* v) {
  uint32_t n = 0;
  for (const cx_operand_t* u = v->first_use; u; u = u->next_use) n++;
  return n;
}

// ----------------------------------------------------------------------------
// Ops.

void cx_block_append_op(cx_block_t* block, cx_op_t* op) {
  op->block = block;
  op->next = NULL;
  op->prev = block->last_op;
  if (block->last_op) {
    block->last_op->next = op;
    if (block->order_valid) {
      uint32_t last = block->last_op->order;
      if (last > UINT32_MAX - CX_OP_ORDER_STRIDE) {
        block->order_valid = false;
      } else {
        op->order = last + CX_OP_ORDER_STRIDE;
      }
    }
  } else {
    block->first_op = op;
    block->order_valid = true;
    op->order = CX_OP_ORDER_STRIDE;
  }
  block->last_op = op;
}

// Gives `op` (just linked between its neighbours) an order number between
// theirs, or marks the block for renumbering.
static void order_inserted(cx_block_t* b, cx_op_t* op) {
  if (!b->order_valid) return;
  uint32_t lo = op->prev ? op->prev->order : 0;
  uint32_t hi = op->next ? op->next->order : UINT32_MAX;
  if (hi - lo < 2) {
    b->order_valid = false;
    return;
  }
  op->order = lo + (hi - lo) / 2;
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
  order_inserted(b, op);
}

void cx_op_insert_after(cx_op_t* anchor, cx_op_t* op) {
  if (anchor->next) {
    cx_op_insert_before(anchor->next, op);
  } else {
    cx_block_append_op(anchor->block, op);
  }
}

void cx_block_prepend_op(cx_block_t* block, cx_op_t* op) {
  if (block->first_op) {
    cx_op_insert_before(block->first_op, op);
  } else {
    cx_block_append_op(block, op);
  }
}

// Takes node out of the doubly linked list whose ends are `first` and `last`
// (ops in a block, blocks in a region).
#define UNLINK(node, first, last)        \
  do {                                   \
    if ((node)->prev) {                  \
      (node)->prev->next = (node)->next; \
    } else {                             \
      (first) = (node)->next;            \
    }                                    \
    if ((node)->next) {                  \
      (node)->next->prev = (node)->prev; \
    } else {                             \
      (last) = (node)->prev;             \
    }                                    \
    (node)->prev = (node)->next = NULL;  \
  } while (0)

void cx_op_unlink(cx_op_t* op) {
  cx_block_t* b = op->block;
  if (!b) return;
  UNLINK(op, b->first_op, b->last_op);
  op->block = NULL;
}

void cx_op_move_before(cx_op_t* op, cx_op_t* anchor) {
  cx_op_unlink(op);
  cx_op_insert_before(anchor, op);
}

static cx_walk_result_t drop_uses(cx_op_t* op, void* arg) {
  (void)arg;
  for (uint32_t i = 0; i < op->num_operands; i++) use_unlink(&op->operands[i]);
  return CX_WALK_ADVANCE;
}

void cx_op_drop_all_uses_held(cx_op_t* op) {
  (void)cx_walk_op(op, CX_WALK_PRE_ORDER, drop_uses, NULL);
}

void cx_op_erase(cx_op_t* op) {
  cx_op_drop_all_uses_held(op);
  cx_op_unlink(op);
}

const cx_attr_t* cx_op_attr(const cx_op_t* op, const char* interned_name) {
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (op->attrs[i].name == interned_name) return op->attrs[i].value;
  return NULL;
}

cx_status_t cx_op_set_attr(cx_module_t* m, cx_op_t* op, const char* interned_name,
                           const cx_attr_t* value) {
  CX_RETURN_IF_ERROR(cx_op_normalize_attr(m, op, interned_name, &value));
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

void cx_block_unlink(cx_block_t* block) {
  cx_region_t* r = block->parent;
  if (!r) return;
  UNLINK(block, r->first_block, r->last_block);
  block->parent = NULL;
}

void cx_region_take_blocks(cx_region_t* dst, cx_region_t* src) {
  // Follows src's list rather than the blocks' parent pointers: the parser
  // moves regions it parsed into temporaries, whose blocks still name them.
  if (!src->first_block || src == dst) return;
  if (dst->last_block) {
    dst->last_block->next = src->first_block;
    src->first_block->prev = dst->last_block;
  } else {
    dst->first_block = src->first_block;
  }
  dst->last_block = src->last_block;
  for (cx_block_t* b = src->first_block; b; b = b->next) b->parent = dst;
  src->first_block = src->last_block = NULL;
}

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
  if (m->next_value_id == UINT32_MAX) return NULL;
  cx_block_arg_t* arg = CX_ARENA_NEW(&m->arena, cx_block_arg_t);
  if (!arg) return NULL;
  cx_value_t* v = &arg->value;
  v->id = m->next_value_id++;
  v->type = type;
  arg->block = block;
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

const char* cx_custom_call_target(const cx_op_t* op) {
  if (!op || op->kind != CX_OP_CUSTOM_CALL) return NULL;
  const cx_attr_t* a = find_attr_by_spelling(op, "call_target_name");
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


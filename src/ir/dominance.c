// Op order within blocks and SSA dominance (see walk.h).
#include "ir/walk.h"

void cx_block_number_ops(cx_block_t* block) {
  uint32_t n = 0;
  for (cx_op_t* op = block->first_op; op; op = op->next) {
    // A block of more than 2^28 ops would wrap; it then stays unnumbered
    // and queries fall back to scanning.
    if (n > UINT32_MAX - 2 * CX_OP_ORDER_STRIDE) {
      block->order_valid = false;
      return;
    }
    n += CX_OP_ORDER_STRIDE;
    op->order = n;
  }
  block->order_valid = true;
}

bool cx_op_is_before_in_block(const cx_op_t* a, const cx_op_t* b) {
  cx_block_t* block = a->block;
  if (a == b || !block || block != b->block) return false;
  if (!block->order_valid) cx_block_number_ops(block);
  if (block->order_valid) return a->order < b->order;
  for (const cx_op_t* x = a->next; x; x = x->next)
    if (x == b) return true;
  return false;
}

cx_op_t* cx_block_find_ancestor_op(const cx_block_t* block, const cx_op_t* op) {
  while (op) {
    if (op->block == block) return (cx_op_t*)op;
    op = cx_op_parent(op);
  }
  return NULL;
}

bool cx_op_is_ancestor(const cx_op_t* ancestor, const cx_op_t* op) {
  for (; op; op = cx_op_parent(op))
    if (op == ancestor) return true;
  return false;
}

bool cx_block_encloses(const cx_block_t* outer, const cx_block_t* inner) {
  while (inner) {
    if (inner == outer) return true;
    const cx_op_t* owner = inner->parent ? inner->parent->parent : NULL;
    inner = owner ? owner->block : NULL;
  }
  return false;
}

bool cx_value_dominates(const cx_value_t* v, const cx_op_t* user) {
  if (!v || !user) return false;
  if (!v->def_op) return cx_value_block(v) && cx_block_encloses(cx_value_block(v), user->block);
  const cx_op_t* def = v->def_op;
  if (!def->block) return false;
  // The op of the defining block that holds the use: the user itself or an
  // op enclosing it. The defining op itself does not count (its results are
  // not visible in its own regions).
  const cx_op_t* at = cx_block_find_ancestor_op(def->block, user);
  return at && at != def && cx_op_is_before_in_block(def, at);
}

bool cx_op_dominates(const cx_op_t* a, const cx_op_t* b) {
  if (!a->block) return false;
  const cx_op_t* at = cx_block_find_ancestor_op(a->block, b);
  return at && at != a && cx_op_is_before_in_block(a, at);
}

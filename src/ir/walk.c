// Pre-order, post-order and reverse walks over ops (see walk.h).
#include "ir/walk.h"

static cx_walk_result_t walk_regions(cx_op_t* op, cx_walk_order_t order, cx_walk_fn fn,
                                     void* arg) {
  for (uint32_t r = 0; r < op->num_regions; r++)
    if (cx_walk_region(&op->regions[r], order, fn, arg) == CX_WALK_INTERRUPT)
      return CX_WALK_INTERRUPT;
  return CX_WALK_ADVANCE;
}

cx_walk_result_t cx_walk_op(cx_op_t* op, cx_walk_order_t order, cx_walk_fn fn, void* arg) {
  if (order == CX_WALK_PRE_ORDER) {
    cx_walk_result_t r = fn(op, arg);
    if (r == CX_WALK_INTERRUPT) return r;
    if (r == CX_WALK_SKIP) return CX_WALK_ADVANCE;
    return walk_regions(op, order, fn, arg);
  }
  if (walk_regions(op, order, fn, arg) == CX_WALK_INTERRUPT) return CX_WALK_INTERRUPT;
  return fn(op, arg) == CX_WALK_INTERRUPT ? CX_WALK_INTERRUPT : CX_WALK_ADVANCE;
}

cx_walk_result_t cx_walk_block(cx_block_t* block, cx_walk_order_t order, cx_walk_fn fn,
                               void* arg) {
  for (cx_op_t* op = block->first_op; op;) {
    cx_op_t* next = op->next;  // the callback may erase op
    if (cx_walk_op(op, order, fn, arg) == CX_WALK_INTERRUPT) return CX_WALK_INTERRUPT;
    op = next;
  }
  return CX_WALK_ADVANCE;
}

cx_walk_result_t cx_walk_region(cx_region_t* region, cx_walk_order_t order, cx_walk_fn fn,
                                void* arg) {
  for (cx_block_t* b = region->first_block; b; b = b->next)
    if (cx_walk_block(b, order, fn, arg) == CX_WALK_INTERRUPT) return CX_WALK_INTERRUPT;
  return CX_WALK_ADVANCE;
}

cx_walk_result_t cx_walk_module(cx_module_t* module, cx_walk_order_t order, cx_walk_fn fn,
                                void* arg) {
  return cx_walk_region(&module->body, order, fn, arg);
}

cx_walk_result_t cx_walk_block_reverse(cx_block_t* block, cx_walk_fn fn, void* arg) {
  for (cx_op_t* op = block->last_op; op;) {
    cx_op_t* prev = op->prev;  // the callback may erase op
    if (fn(op, arg) == CX_WALK_INTERRUPT) return CX_WALK_INTERRUPT;
    op = prev;
  }
  return CX_WALK_ADVANCE;
}

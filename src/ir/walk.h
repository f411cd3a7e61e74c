// Walking the IR and ordering ops: pre-/post-order walks with skip and
// interrupt, the reverse walk of a block, the order of ops in a block, and
// SSA dominance.
//
// Walks visit ops only (not blocks or regions); nested regions are visited
// in order, their blocks in order, their ops in order. A callback returns
//   CX_WALK_ADVANCE    go on,
//   CX_WALK_SKIP       pre-order: do not visit this op's regions (post-order:
//                      same as ADVANCE, the regions were already visited),
//   CX_WALK_INTERRUPT  stop the whole walk; the walk function returns it.
//
// Mutation during a walk:
//   - post-order and the reverse walk: the callback may erase the op it was
//     given (its nested ops were visited already) and may insert ops before
//     it (not visited); it must not erase other ops of the block;
//   - pre-order: the callback may erase the op it was given only if it
//     returns CX_WALK_SKIP; it may insert ops before it (not visited).
#ifndef CXLA_IR_WALK_H_
#define CXLA_IR_WALK_H_

#include "ir/ir.h"

typedef enum cx_walk_result {
  CX_WALK_ADVANCE,
  CX_WALK_SKIP,
  CX_WALK_INTERRUPT,
} cx_walk_result_t;

typedef enum cx_walk_order {
  CX_WALK_PRE_ORDER,   // an op before the ops nested in it
  CX_WALK_POST_ORDER,  // the ops nested in an op before the op
} cx_walk_order_t;

typedef cx_walk_result_t (*cx_walk_fn)(cx_op_t* op, void* arg);

// Each returns CX_WALK_INTERRUPT if a callback interrupted, else
// CX_WALK_ADVANCE. cx_walk_op visits `op` itself too.
cx_walk_result_t cx_walk_op(cx_op_t* op, cx_walk_order_t order, cx_walk_fn fn, void* arg);
cx_walk_result_t cx_walk_block(cx_block_t* block, cx_walk_order_t order, cx_walk_fn fn,
                               void* arg);
cx_walk_result_t cx_walk_region(cx_region_t* region, cx_walk_order_t order, cx_walk_fn fn,
                                void* arg);
cx_walk_result_t cx_walk_module(cx_module_t* module, cx_walk_order_t order, cx_walk_fn fn,
                                void* arg);
// The ops of one block from last to first, not descending into regions (a
// backwards dead-code sweep erases users before the values they use).
cx_walk_result_t cx_walk_block_reverse(cx_block_t* block, cx_walk_fn fn, void* arg);

// ---- order and dominance ----------------------------------------------------
// Op order queries are O(1) once a block is numbered: blocks built by
// appending (the parsers, the builder at the end of a block) stay numbered,
// insertions in the middle take a number between their neighbours' when
// there is room, and otherwise the next query renumbers the block (O(ops)).
// Queries therefore write the order cache: not for concurrent use on one
// block.

// Numbering leaves this gap between neighbours, so that most insertions can
// take a number in between.
#define CX_OP_ORDER_STRIDE 16u

// Numbers the ops of a block (done lazily by the queries below).
void cx_block_number_ops(cx_block_t* block);
// True if `a` comes strictly before `b`; both must be in the same block.
bool cx_op_is_before_in_block(const cx_op_t* a, const cx_op_t* b);
// The op of `block` that is `op` or encloses it, or NULL if `op` is not
// (nested) in `block`.
cx_op_t* cx_block_find_ancestor_op(const cx_block_t* block, const cx_op_t* op);
// True if `op` is `ancestor` or nested in one of its regions.
bool cx_op_is_ancestor(const cx_op_t* ancestor, const cx_op_t* op);
// True if `outer` is `inner` or encloses it.
bool cx_block_encloses(const cx_block_t* outer, const cx_block_t* inner);

// SSA dominance for StableHLO's single-block regions: a block argument is
// visible in its block and in everything nested in it; an op result is
// visible in the ops after its defining op in the same block and in
// everything nested in those (not in the defining op's own regions). Values
// of other blocks of the same region are not visible (cxla has no CFG
// dominance; StableHLO has no multi-block regions).
bool cx_value_dominates(const cx_value_t* value, const cx_op_t* user);
// True if `a` properly dominates `b`: a != b and a's results would be
// visible at b.
bool cx_op_dominates(const cx_op_t* a, const cx_op_t* b);

#endif  // CXLA_IR_WALK_H_

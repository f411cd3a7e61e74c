// The sdy_inline pass: Shardy's ops replaced by what they compute on one
// device, so that the code generator sees plain StableHLO. Sharding
// constraints, reshards, propagation barriers and the collectives are their operand;
// sharding groups go away; named computations, and manual computations
// whose body sees whole values (one device), are replaced by their body. A
// manual computation over several devices of its mesh stays: the compiler
// places its body once per device (compiler/expand_manual.c). (The interpreter runs the same ops itself, in
// src/interp/eval_sdy.c, without this pass.)
#include "passes/passes.h"

#include <stdlib.h>

#include "ir/clone.h"
#include "ir/print.h"
#include "ir/sdy.h"
#include "ir/sdy_manual.h"

static cx_status_t op_error(const cx_op_t* op, cx_status_t st) {
  char loc[256];
  cx_loc_format(op->loc, loc, sizeof loc);
  return cx_status_with_location(st, loc);
}

// The body's ops cloned before `op`, its arguments mapped to the operands;
// the op's results become the clones of what the body returns.
static cx_status_t inline_body(cx_module_t* m, cx_op_t* op) {
  bool inlined;
  CX_RETURN_IF_ERROR(
      cx_op_inline_body(m, op, op->regions[0].first_block, CX_OP_SDY_RETURN, &inlined));
  if (!inlined)
    return op_error(op, CX_ERROR(CX_INVALID_ARGUMENT,
                                 "'%s' op: its body returns another number of values", op->name));
  return NULL;
}

// Whether a manual computation runs on one device (its body sees whole
// values); those over several devices are the compiler's
// (compiler/expand_manual.c) and stay.
static cx_status_t on_one_device(cx_module_t* m, const cx_op_t* op, bool* out) {
  cx_sdy_manual_t plan;
  cx_status_t st = cx_sdy_manual_plan(m, op, m->ctx->allocator, &plan);
  *out = plan.num_devices == 1;
  cx_sdy_manual_free(&plan);
  if (!st) return NULL;
  cx_status_t e = CX_ERROR(cx_status_code(st), "'sdy.manual_computation' op %s",
                           cx_status_message(st));
  cx_status_free(st);
  return op_error(op, e);
}

static cx_status_t sdy_block(cx_module_t* m, cx_block_t* block, uint32_t* count) {
  for (cx_op_t* op = block->first_op; op;) {
    cx_op_t* next = op->next;
    // Nested ops first, so that an inlined body holds no sdy op.
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
        CX_RETURN_IF_ERROR(sdy_block(m, b, count));
    if (cx_sdy_is_pass_through(op->kind)) {
      cx_value_replace_all_uses(cx_op_result(op, 0), cx_op_operand(op, 0));
      cx_op_erase(op);
      (*count)++;
      op = next;
      continue;
    }
    switch (op->kind) {
      case CX_OP_SDY_SHARDING_GROUP:
        cx_op_erase(op);
        (*count)++;
        break;
      case CX_OP_SDY_MANUAL_COMPUTATION: {
        bool one;
        CX_RETURN_IF_ERROR(on_one_device(m, op, &one));
        if (!one) break;
        CX_RETURN_IF_ERROR(inline_body(m, op));
        (*count)++;
        break;
      }
      case CX_OP_SDY_NAMED_COMPUTATION:
        CX_RETURN_IF_ERROR(inline_body(m, op));
        (*count)++;
        break;
      default:
        break;
    }
    op = next;
  }
  return NULL;
}

cx_status_t cx_pass_sdy_inline(cx_module_t* module, cx_op_t* func, uint32_t* out_count) {
  uint32_t n = 0;
  cx_block_t* body = cx_func_body(func);
  cx_status_t s = body ? sdy_block(module, body, &n) : NULL;
  if (out_count) *out_count = n;
  return s;
}

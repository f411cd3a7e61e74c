// The inline pass: every func.call in a function (and, transitively, in
// what it calls) is replaced by a copy of the callee's body, so the function
// that is compiled is one block of ops that shape refinement, folding and
// fusion can see whole. Recursion is refused (StableHLO programs do not
// recurse; a cycle of calls would inline forever).
#include "passes/passes.h"

#include <string.h>

#include "ir/clone.h"
#include "ir/walk.h"

enum { CX_INLINE_MAX_DEPTH = 64 };

typedef struct inline_state {
  cx_module_t* module;
  cx_status_t status;
  uint32_t inlined;
} inline_state_t;

static cx_status_t call_error(const cx_op_t* call, const char* fmt, const char* name) {
  char loc[256];
  cx_loc_format(call->loc, loc, sizeof loc);
  return cx_status_with_location(CX_ERROR(CX_INVALID_ARGUMENT, fmt, name), loc);
}

// Replaces one call with the callee's body. The callee's ops are cloned in
// front of the call with its block arguments mapped to the call's operands;
// the call's results are then the clones of the callee's return operands.
static cx_status_t inline_call(cx_module_t* m, cx_op_t* call) {
  const cx_attr_t* callee = cx_op_attr(call, cx_name(m->ctx, CX_NAME_callee));
  if (!callee || callee->kind != CX_ATTR_SYMBOL_REF)
    return call_error(call, "'func.call' op has no callee%s", "");
  cx_op_t* func = cx_module_lookup_func(m, callee->str.data);
  cx_block_t* body = func ? cx_func_body(func) : NULL;
  if (!body) return call_error(call, "'func.call' op calls '%s', which has no body", callee->str.data);
  if (body->num_args != call->num_operands)
    return call_error(call, "'func.call' op passes the wrong number of arguments to '%s'",
                      callee->str.data);
  bool inlined;
  CX_RETURN_IF_ERROR(cx_op_inline_body(m, call, body, CX_OP_FUNC_RETURN, &inlined));
  if (!inlined)
    return call_error(call, "'func.call' op: '%s' returns another number of values",
                      callee->str.data);
  return NULL;
}

// Inlines calls in `block` and in the regions of its ops until none is left;
// a call copied in from a callee is inlined in a later round, so the number
// of rounds is the call depth.
static cx_status_t inline_block(cx_module_t* m, cx_block_t* block, uint32_t* inlined) {
  for (int depth = 0;; depth++) {
    bool any = false;
    for (cx_op_t* op = block->first_op; op;) {
      cx_op_t* next = op->next;
      if (op->kind == CX_OP_FUNC_CALL) {
        if (depth >= CX_INLINE_MAX_DEPTH)
          return call_error(op, "'func.call' op: calls nest deeper than %s levels (recursion?)", "64");
        CX_RETURN_IF_ERROR(inline_call(m, op));
        (*inlined)++;
        any = true;
      } else {
        for (uint32_t r = 0; r < op->num_regions; r++)
          for (cx_block_t* blk = op->regions[r].first_block; blk; blk = blk->next)
            CX_RETURN_IF_ERROR(inline_block(m, blk, inlined));
      }
      op = next;
    }
    if (!any) return NULL;
  }
}

cx_status_t cx_pass_inline(cx_module_t* module, cx_op_t* func, uint32_t* out_inlined) {
  uint32_t n = 0;
  cx_block_t* body = cx_func_body(func);
  cx_status_t s = body ? inline_block(module, body, &n) : NULL;
  if (out_inlined) *out_inlined = n;
  return s;
}

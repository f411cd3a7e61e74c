// The verifier driver: structural checks common to all ops, then the
// op-specific checks of each family (verify_*.c), with MLIR-style messages
// "file:line:col: error: 'stablehlo.add' op ...".
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ir/verify.h"

cx_status_t cx_verify_error(const cx_op_t* op, const char* fmt, ...) {
  char msg[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(msg, sizeof(msg), fmt, args);
  va_end(args);
  cx_status_t st = CX_ERROR(CX_INVALID_ARGUMENT, "'%s' op %s", op->name, msg);
  char loc[512];
  return cx_status_with_location(st, cx_loc_format(op->loc, loc, sizeof(loc)));
}

typedef cx_status_t (*family_verifier_t)(cx_verify_ctx_t* vc, cx_op_t* op);

static cx_status_t verify_op(cx_verify_ctx_t* vc, cx_op_t* op);

static cx_status_t verify_block(cx_verify_ctx_t* vc, cx_block_t* b) {
  for (cx_op_t* op = b->first_op; op; op = op->next) CX_RETURN_IF_ERROR(verify_op(vc, op));
  return NULL;
}

static cx_status_t verify_op(cx_verify_ctx_t* vc, cx_op_t* op) {
  if (op->kind == CX_OP_UNKNOWN)
    return cx_verify_error(op, "is not a StableHLO, CHLO or func op cxla knows");
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (!op->operands[i].value) return cx_verify_error(op, "has a missing operand #%u", i);
  CX_RETURN_IF_ERROR(cx_verify_family(vc, op));
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
      CX_RETURN_IF_ERROR(verify_block(vc, b));
  return NULL;
}

cx_status_t cx_module_verify(cx_module_t* module) {
  cx_verify_ctx_t vc = {module, module->ctx};
  for (cx_op_t* op = cx_module_block(module)->first_op; op; op = op->next) {
    if (op->kind != CX_OP_FUNC_FUNC)
      return cx_verify_error(op, "is not allowed at module level (only func.func is)");
    CX_RETURN_IF_ERROR(verify_op(&vc, op));
  }
  return NULL;
}

// The verifier driver: structural checks common to all ops, then the
// op-specific checks of each family (verify_*.c), with MLIR-style messages
// "file:line:col: error: 'stablehlo.add' op ...".
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ir/verify.h"
#include "ir/verify_util.h"

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

static cx_status_t verify_op(cx_verify_ctx_t* vc, cx_op_t* op, int depth);

static uint64_t op_hash(const cx_op_t* op) {
  return cx_hash_mix(0x9e3779b97f4a7c15ull, (uint64_t)(uintptr_t)op);
}
static bool op_eq(const void* item, const void* key) { return item == key; }

// True if block `b` is `inner` or encloses it.
static bool block_encloses(const cx_block_t* b, const cx_block_t* inner) {
  for (const cx_block_t* x = inner; x;) {
    if (x == b) return true;
    const cx_op_t* owner = x->parent ? x->parent->parent : NULL;
    x = owner ? owner->block : NULL;
  }
  return false;
}

// SSA dominance with single-block regions: an operand is a block argument
// of an enclosing block, or a result of an op that comes earlier in an
// enclosing block. The text parser's scoping already guarantees this; IR
// from bytecode or built by passes is checked here.
static cx_status_t check_dominance(cx_verify_ctx_t* vc, const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_operands; i++) {
    const cx_value_t* v = op->operands[i].value;
    bool ok;
    if (v->def_op) {
      ok = v->def_op != op &&
           cx_hashset_find(&vc->defined, op_hash(v->def_op), op_eq, v->def_op) &&
           block_encloses(v->def_op->block, op->block);
    } else {
      ok = block_encloses(v->block, op->block);
    }
    if (!ok) return cx_verify_error(op, "operand #%u does not dominate this use", i);
  }
  return NULL;
}

static cx_status_t verify_block(cx_verify_ctx_t* vc, cx_block_t* b, int depth) {
  // Block arguments are values too: their types must be value types.
  if (b->first_op || b->num_args) {
    const cx_op_t* owner = b->parent ? b->parent->parent : NULL;
    for (uint32_t i = 0; i < b->num_args && owner; i++)
      CX_RETURN_IF_ERROR(cx_v_value_type(vc, owner, b->args[i]->type, "block argument", i));
  }
  for (cx_op_t* op = b->first_op; op; op = op->next) {
    // Terminators end their block; anything after them would never run.
    if ((op->kind == CX_OP_RETURN || op->kind == CX_OP_FUNC_RETURN) && op->next)
      return cx_verify_error(op, "must be the last operation in the parent block");
    CX_RETURN_IF_ERROR(verify_op(vc, op, depth));
  }
  return NULL;
}

static cx_status_t verify_op(cx_verify_ctx_t* vc, cx_op_t* op, int depth) {
  if (op->kind == CX_OP_UNKNOWN)
    return cx_verify_error(op, "is not a StableHLO, CHLO or func op cxla knows");
  // Deep nesting only comes from adversarial input; bound the recursion.
  if (depth > 512) return cx_verify_error(op, "is nested too deeply");
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (!op->operands[i].value) return cx_verify_error(op, "has a missing operand #%u", i);
  CX_RETURN_IF_ERROR(check_dominance(vc, op));
  for (uint32_t i = 0; i < op->num_results; i++)
    CX_RETURN_IF_ERROR(cx_v_value_type(vc, op, op->results[i].type, "result", i));
  // Regions first: the family checks read region signatures, whose block
  // argument types must be valid, and report errors in nested ops at the
  // innermost op, as MLIR does.
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
      CX_RETURN_IF_ERROR(verify_block(vc, b, depth + 1));
  // Its results are usable by the ops that follow (not by its own regions).
  if (op->num_results && !cx_hashset_insert(&vc->defined, op_hash(op), op)) return CX_OOM();
  return cx_verify_family(vc, op);
}

static void intern_names(cx_verify_ctx_t* vc) {
  cx_context_t* c = vc->ctx;
#define N(field, s) vc->names.field = cx_intern(c, s, sizeof(s) - 1)
  N(dim, "dim");
  N(iteration, "iteration");
  N(infeed, "infeed");
  N(no_inline, "no_inline");
  N(scan_dim_size, "scan_dim_size");
  N(is_reverse, "is_reverse");
  N(is_associative, "is_associative");
  N(operand_segment_sizes, "operandSegmentSizes");
  N(result_segment_sizes, "resultSegmentSizes");
  N(has_dynamic_root, "has_dynamic_root");
#undef N
}

static cx_status_t collect_funcs(cx_verify_ctx_t* vc) {
  for (cx_op_t* op = cx_module_block(vc->module)->first_op; op; op = op->next) {
    if (op->kind != CX_OP_FUNC_FUNC)
      return cx_verify_error(op, "is not allowed at module level (only func.func is)");
    const cx_attr_t* name = cx_op_attr(op, CX_V_NAME(vc, sym_name));
    if (!name || name->kind != CX_ATTR_STRING)
      return cx_verify_error(op, "requires attribute 'sym_name'");
    if (cx_strmap_find(&vc->funcs, name->str.data, name->str.len))
      return cx_verify_error(op, "redefinition of symbol named '%s'", name->str.data);
    if (!cx_strmap_put(&vc->funcs, name->str.data, name->str.len, op)) return CX_OOM();
  }
  return NULL;
}

cx_status_t cx_module_verify(cx_module_t* module) {
  cx_verify_ctx_t vc;
  memset(&vc, 0, sizeof(vc));
  vc.module = module;
  vc.ctx = module->ctx;
  cx_arena_init(&vc.scratch, module->ctx->allocator);
  intern_names(&vc);
  cx_status_t st = NULL;
  if (!vc.names.dim || !vc.names.result_segment_sizes || !vc.names.has_dynamic_root) st = CX_OOM();
  if (!st && cx_module_block(module)) {
    st = collect_funcs(&vc);
    for (cx_op_t* op = cx_module_block(module)->first_op; op && !st; op = op->next)
      st = verify_op(&vc, op, 0);
  }
  cx_free(module->ctx->allocator, vc.inferred);
  cx_strmap_free(&vc.funcs);
  cx_hashset_free(&vc.defined);
  cx_arena_destroy(&vc.scratch);
  return st;
}

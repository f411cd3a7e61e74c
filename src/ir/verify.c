// The verifier driver: structural checks common to all ops, then the
// op-specific checks of each family (verify_*.c), with MLIR-style messages
// "file:line:col: error: 'stablehlo.add' op ...".
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ir/verify.h"
#include "ir/verify_util.h"
#include "ir/walk.h"

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

// SSA dominance with single-block regions (cx_value_dominates): an operand
// is a block argument of an enclosing block, or a result of an op that comes
// earlier in an enclosing block. The text parser's scoping already
// guarantees this; IR from bytecode or built by passes is checked here.
static cx_status_t check_dominance(const cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (!cx_value_dominates(op->operands[i].value, op))
      return cx_verify_error(op, "operand #%u does not dominate this use", i);
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
    if (cx_op_has_trait(op, CX_TRAIT_TERMINATOR) && op->next)
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
  CX_RETURN_IF_ERROR(check_dominance(op));
  for (uint32_t i = 0; i < op->num_results; i++)
    CX_RETURN_IF_ERROR(cx_v_value_type(vc, op, op->results[i].type, "result", i));
  // Regions first: the family checks read region signatures, whose block
  // argument types must be valid, and report errors in nested ops at the
  // innermost op, as MLIR does.
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (cx_block_t* b = op->regions[r].first_block; b; b = b->next)
      CX_RETURN_IF_ERROR(verify_block(vc, b, depth + 1));
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

// Shardy's meshes (`sdy.mesh @mesh = <["a"=1]>`, in JAX exports since
// 2025) live beside the functions; the sdy verifier checks them.
static bool is_sdy_mesh(const cx_op_t* op) { return op->kind == CX_OP_SDY_MESH; }

static cx_status_t collect_funcs(cx_verify_ctx_t* vc) {
  cx_ptrmap_init(&vc->symbols.map, vc->ctx->allocator);
  vc->symbols.module = vc->module;
  for (cx_op_t* op = cx_module_block(vc->module)->first_op; op; op = op->next) {
    if (is_sdy_mesh(op)) continue;
    if (op->kind != CX_OP_FUNC_FUNC)
      return cx_verify_error(op, "is not allowed at module level (only func.func and sdy.mesh are)");
    const cx_attr_t* name = cx_op_attr(op, CX_V_NAME(vc, sym_name));
    if (!name || name->kind != CX_ATTR_STRING)
      return cx_verify_error(op, "requires attribute 'sym_name'");
    if (cx_symbol_table_lookup_n(&vc->symbols, name->str.data, name->str.len))
      return cx_verify_error(op, "redefinition of symbol named '%s'", name->str.data);
    cx_status_t st = cx_symbol_table_insert(&vc->symbols, op);
    if (st) {
      // Out of memory, or a name the context cannot intern (a NUL inside).
      if (cx_status_code(st) == CX_OUT_OF_MEMORY) return st;
      cx_status_free(st);
      return cx_verify_error(op, "has an invalid symbol name");
    }
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
  // The table outlives the verification as the module's own (what
  // cx_module_lookup_func uses), replacing the contents of one that passes
  // may have left stale (the struct stays where callers hold it).
  cx_symbol_table_t* keep = NULL;
  if (!st && vc.symbols.module) {
    keep = module->symbols ? module->symbols : cx_alloc(module->ctx->allocator, sizeof(*keep));
    if (keep && module->symbols) cx_symbol_table_destroy(keep);
  }
  if (keep) {
    *keep = vc.symbols;
    module->symbols = keep;
  } else {
    cx_symbol_table_destroy(&vc.symbols);
  }
  cx_arena_destroy(&vc.scratch);
  return st;
}

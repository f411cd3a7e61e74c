// The ops a step runs, recorded for profiles (runtime/executable.h:
// cx_rt_step_t.ops): a fused kernel's ops, a GEMM's or convolution's with
// the epilogue it applies. Written as the ops' names without their dialect,
// in program order, each name once with its count: "dot_general+add+tanh",
// "multiply*2+add"; a row fusion's start with "rows: ".
#include <stdlib.h>
#include <string.h>

#include "compiler/epilogue.h"
#include "compiler/fusion.h"
#include "compiler/lower.h"
#include "support/ptrmap.h"
#include "support/strbuf.h"

// Longer summaries end in "+..." (a table column, not a listing).
enum { kMaxOpsText = 240 };

static const char* short_name(const cx_op_t* op) {
  const char* name = op->name ? op->name : cx_op_info(op->kind)->name;
  const char* dot = strchr(name, '.');
  return dot ? dot + 1 : name;
}

void cx_lower_step_ops(cx_lower_t* lw, cx_rt_step_t* step, const char* prefix,
                       cx_op_t* const* ops, uint32_t n) {
  cx_allocator_t a = lw->ctx->allocator;
  const char** names = cx_alloc_array(a, n, sizeof *names);
  uint32_t* counts = cx_calloc(a, n, sizeof *counts);
  uint32_t distinct = 0;
  for (uint32_t i = 0; names && counts && i < n; i++) {
    const char* name = short_name(ops[i]);
    uint32_t j = 0;
    while (j < distinct && strcmp(names[j], name)) j++;
    if (j == distinct) names[distinct++] = name;
    counts[j]++;
  }
  cx_strbuf_t sb;
  cx_strbuf_init_with(&sb, a);
  cx_strbuf_puts(&sb, prefix);
  for (uint32_t j = 0; j < distinct; j++) {
    if (sb.len > kMaxOpsText) {
      cx_strbuf_puts(&sb, "+...");
      break;
    }
    if (j) cx_strbuf_putc(&sb, '+');
    cx_strbuf_puts(&sb, names[j]);
    if (counts[j] > 1) cx_strbuf_printf(&sb, "*%u", counts[j]);
  }
  char* text = cx_strbuf_take(&sb);
  // Out of memory: the step keeps no summary (a profile shows its op).
  if (text && distinct) step->ops = cx_xb_string(&lw->xb, text);
  cx_free(a, text);
  cx_free(a, names);
  cx_free(a, counts);
}

// The ops the kernel of a generic fusion computes: its root and, as
// cx_fusion_inputs finds them, every member and recomputed op its operands
// reach (an epilogue's ops that the GEMM took stay members of the chain's
// fusion, so they are computed where another kernel reads them).
static bool collect(const cx_fusion_plan_t* plan, const cx_op_t* root, cx_op_t* op,
                    cx_ptrmap_t* seen, int depth) {
  if (cx_ptrmap_find(seen, op, NULL)) return true;
  if (!cx_ptrmap_put(seen, op, op)) return false;
  if (depth > 10000) return true;  // a summary need not be complete
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_op_t* d = cx_op_operand(op, i)->def_op;
    if (!d || d->block != root->block || d->kind == CX_OP_CONSTANT) continue;
    cx_fusion_role_t r = cx_fusion_role(plan, d);
    if (r == CX_FUSION_MEMBER || r == CX_FUSION_INLINED) {
      if (!collect(plan, root, d, seen, depth + 1)) return false;
    }
  }
  return true;
}

cx_status_t cx_lower_fusion_ops(cx_lower_t* lw, const cx_fusion_plan_t* plan, cx_op_t* root,
                                cx_rt_step_t* step) {
  if (cx_fusion_is_row_root(plan, root)) {
    cx_op_t** ops;
    uint32_t n;
    CX_RETURN_IF_ERROR(cx_fusion_row_ops(plan, root, &ops, &n));
    cx_lower_step_ops(lw, step, "rows: ", ops, n);
    cx_free(plan->allocator, ops);
    return NULL;
  }
  cx_allocator_t a = lw->ctx->allocator;
  cx_ptrmap_t seen;
  cx_ptrmap_init(&seen, a);
  bool ok = collect(plan, root, root, &seen, 0);
  uint32_t n = 0;
  cx_op_t** ops = ok ? cx_alloc_array(a, cx_ptrmap_len(&seen) + 1, sizeof *ops) : NULL;
  if (ops)
    for (cx_op_t* op = root->block->first_op; op; op = op->next) {
      if (cx_ptrmap_find(&seen, op, NULL)) ops[n++] = op;
      if (op == root) break;
    }
  cx_ptrmap_free(&seen);
  if (!ops) return CX_OOM();
  cx_lower_step_ops(lw, step, "", ops, n);
  cx_free(a, ops);
  return NULL;
}

void cx_lower_epilogue_ops(cx_lower_t* lw, const cx_epilogue_t* ep, cx_rt_step_t* step) {
  // The chain's ops are those from the dot to the chain's end that use the
  // dot's result or another op of the chain (its values have no other uses,
  // epilogue.h); GELU's is a small graph, not a line.
  cx_allocator_t a = lw->ctx->allocator;
  cx_ptrmap_t chain;
  cx_ptrmap_init(&chain, a);
  uint32_t n = 0;
  for (cx_op_t* op = ep->dot; op; op = op->next) {
    n++;
    if (op == ep->end) break;
  }
  cx_op_t** ops = cx_alloc_array(a, n, sizeof *ops);
  bool ok = ops && cx_ptrmap_put(&chain, ep->dot, ep->dot);
  n = 0;
  if (ok) ops[n++] = ep->dot;
  for (cx_op_t* op = ep->dot->next; ok && op; op = op->next) {
    bool uses_chain = false;
    for (uint32_t i = 0; i < op->num_operands && !uses_chain; i++) {
      cx_op_t* d = cx_op_operand(op, i)->def_op;
      uses_chain = d && cx_ptrmap_find(&chain, d, NULL);
    }
    if (uses_chain) {
      ok = cx_ptrmap_put(&chain, op, op);
      ops[n++] = op;
    }
    if (op == ep->end) break;
  }
  // Out of memory: the step keeps no summary.
  if (ok) cx_lower_step_ops(lw, step, "", ops, n);
  cx_ptrmap_free(&chain);
  cx_free(a, ops);
}

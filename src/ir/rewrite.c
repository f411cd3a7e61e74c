// Patterns, the rewriter and the greedy worklist driver (see rewrite.h).
#include "ir/rewrite.h"

#include <string.h>

#include "ir/walk.h"

// ----------------------------------------------------------------------------
// Pattern sets.

void cx_pattern_set_init(cx_pattern_set_t* set) { memset(set, 0, sizeof(*set)); }

void cx_pattern_set_destroy(cx_pattern_set_t* set) {
  cx_free(set->allocator, set->patterns);
  cx_free(set->allocator, set->applied);
  cx_allocator_t a = set->allocator;
  memset(set, 0, sizeof(*set));
  set->allocator = a;
}

cx_status_t cx_pattern_set_add(cx_pattern_set_t* set, const cx_pattern_t* pattern) {
  if (!pattern->fn || !pattern->name || (unsigned)pattern->root > CX_PATTERN_ANY_OP)
    return CX_ERROR(CX_INVALID_ARGUMENT, "a pattern needs a name, a function and an op kind");
  if (set->count == set->cap) {
    uint32_t cap = set->cap ? 2 * set->cap : 8;
    cx_pattern_t* p = cx_realloc_array(set->allocator, set->patterns, cap, sizeof(*p));
    if (!p) return CX_OOM();
    set->patterns = p;
    uint64_t* a = cx_realloc_array(set->allocator, set->applied, cap, sizeof(*a));
    if (!a) return CX_OOM();
    set->applied = a;
    set->cap = cap;
  }
  set->patterns[set->count] = *pattern;
  set->applied[set->count] = 0;
  set->count++;
  return NULL;
}

uint64_t cx_pattern_set_applied(const cx_pattern_set_t* set, const char* name) {
  uint64_t n = 0;
  for (uint32_t i = 0; i < set->count; i++)
    if (strcmp(set->patterns[i].name, name) == 0) n += set->applied[i];
  return n;
}

// ----------------------------------------------------------------------------
// The worklist.

static void fail(cx_rewriter_t* rw, cx_status_t st) {
  if (!rw->error) {
    rw->error = st;
  } else {
    cx_status_free(st);
  }
}

static void push(cx_rewriter_t* rw, cx_op_t* op) {
  if (!op || rw->error || cx_ptrmap_find(&rw->index, op, NULL)) return;
  // Producers outside the scope (operands of an op the driver was asked to
  // rewrite inside) are not the driver's to touch.
  if (rw->scope && (op == rw->scope || !cx_op_is_ancestor(rw->scope, op))) return;
  if (rw->len == rw->cap) {
    size_t cap = rw->cap ? 2 * rw->cap : 64;
    cx_op_t** grown = cx_realloc_array(rw->module->ctx->allocator, rw->list, cap, sizeof(*grown));
    if (!grown) {
      fail(rw, CX_OOM());
      return;
    }
    rw->list = grown;
    rw->cap = cap;
  }
  if (!cx_ptrmap_put(&rw->index, op, (void*)(uintptr_t)(rw->len + 1))) {
    fail(rw, CX_OOM());
    return;
  }
  rw->list[rw->len++] = op;
}

static cx_op_t* pop(cx_rewriter_t* rw) {
  while (rw->len) {
    cx_op_t* op = rw->list[--rw->len];
    if (!op) continue;
    cx_ptrmap_remove(&rw->index, op);
    return op;
  }
  return NULL;
}

static void forget(cx_rewriter_t* rw, cx_op_t* op) {
  void* slot;
  if (!cx_ptrmap_find(&rw->index, op, &slot)) return;
  rw->list[(uintptr_t)slot - 1] = NULL;
  cx_ptrmap_remove(&rw->index, op);
}

static cx_walk_result_t forget_one(cx_op_t* op, void* arg) {
  forget(arg, op);
  return CX_WALK_ADVANCE;
}

static void on_insert(void* arg, cx_op_t* op) {
  cx_rewriter_t* rw = arg;
  rw->changed = true;
  push(rw, op);
}

// ----------------------------------------------------------------------------
// The rewriter.

void cx_rewriter_init(cx_rewriter_t* rw, cx_module_t* module) {
  memset(rw, 0, sizeof(*rw));
  rw->module = module;
  cx_builder_init(&rw->builder, module);
  rw->builder.on_insert = on_insert;
  rw->builder.on_insert_arg = rw;
  cx_ptrmap_init(&rw->index, module->ctx->allocator);
}

void cx_rewriter_destroy(cx_rewriter_t* rw) {
  if (rw->module) cx_free(rw->module->ctx->allocator, rw->list);
  cx_ptrmap_free(&rw->index);
  cx_status_free(rw->error);
  memset(rw, 0, sizeof(*rw));
}

// The users of a value are about to see a different operand.
static void push_users(cx_rewriter_t* rw, cx_value_t* v) {
  for (cx_operand_t* u = v->first_use; u; u = u->next_use) push(rw, u->owner);
}

void cx_rw_replace_all_uses(cx_rewriter_t* rw, cx_value_t* from, cx_value_t* to) {
  if (from == to || !from->first_use) return;
  push_users(rw, from);
  cx_value_replace_all_uses(from, to);
  rw->changed = true;
}

void cx_rw_erase_op(cx_rewriter_t* rw, cx_op_t* op) {
  if (!cx_op_results_unused(op)) {
    char loc[256];
    fail(rw, CX_ERROR(CX_INTERNAL, "pattern '%s' erased '%s' at %s while its results were used",
                      rw->pattern ? rw->pattern->name : "?", op->name,
                      cx_loc_format(op->loc, loc, sizeof(loc))));
    return;
  }
  // The ops that fed it may be dead once it is gone.
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* v = op->operands[i].value;
    if (v && v->def_op) push(rw, v->def_op);
  }
  (void)cx_walk_op(op, CX_WALK_PRE_ORDER, forget_one, rw);
  // A builder positioned before the erased op must not keep pointing at it.
  if (rw->builder.before == op) rw->builder.before = op->next;
  cx_op_erase(op);
  rw->changed = true;
}

void cx_rw_replace_op(cx_rewriter_t* rw, cx_op_t* op, cx_value_t* const* values) {
  for (uint32_t i = 0; i < op->num_results; i++)
    cx_rw_replace_all_uses(rw, &op->results[i], values[i]);
  cx_rw_erase_op(rw, op);
}

void cx_rw_set_operand(cx_rewriter_t* rw, cx_op_t* op, uint32_t index, cx_value_t* value) {
  cx_value_t* old = op->operands[index].value;
  if (old == value) return;
  cx_op_set_operand(op, index, value);
  if (old && old->def_op) push(rw, old->def_op);
  push(rw, op);
  rw->changed = true;
}

cx_status_t cx_rw_set_attr(cx_rewriter_t* rw, cx_op_t* op, const char* interned_name,
                           const cx_attr_t* value) {
  CX_RETURN_IF_ERROR(cx_op_set_attr(rw->module, op, interned_name, value));
  cx_rw_notify_modified(rw, op);
  return NULL;
}

void cx_rw_notify_modified(cx_rewriter_t* rw, cx_op_t* op) {
  push(rw, op);
  rw->changed = true;
}

void cx_rw_move_op_before(cx_rewriter_t* rw, cx_op_t* op, cx_op_t* anchor) {
  if (rw->builder.before == op) rw->builder.before = op->next;
  cx_op_move_before(op, anchor);
  cx_rw_notify_modified(rw, op);
}

// ----------------------------------------------------------------------------
// The driver.

// Patterns by root kind: order[start[k] .. start[k + 1]) are the indices of
// the patterns for kind k (CX_PATTERN_ANY_OP last), each in the set's order.
typedef struct dispatch {
  uint32_t start[CX_PATTERN_ANY_OP + 2];
  uint32_t* order;
} dispatch_t;

static cx_status_t dispatch_build(cx_allocator_t a, const cx_pattern_set_t* set, dispatch_t* d) {
  memset(d->start, 0, sizeof(d->start));
  d->order = cx_alloc_array(a, set->count, sizeof(uint32_t));
  if (!d->order) return CX_OOM();
  for (uint32_t i = 0; i < set->count; i++) d->start[set->patterns[i].root + 1]++;
  for (uint32_t k = 0; k <= CX_PATTERN_ANY_OP; k++) d->start[k + 1] += d->start[k];
  uint32_t fill[CX_PATTERN_ANY_OP + 1];
  memcpy(fill, d->start, sizeof(fill));
  for (uint32_t i = 0; i < set->count; i++) d->order[fill[set->patterns[i].root]++] = i;
  return NULL;
}

typedef struct collect {
  cx_rewriter_t* rw;
  cx_op_t** ops;
  size_t len, cap;
  bool oom;
} collect_t;

static cx_walk_result_t collect_op(cx_op_t* op, void* arg) {
  collect_t* c = arg;
  if (c->len == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 256;
    cx_op_t** grown = cx_realloc_array(c->rw->module->ctx->allocator, c->ops, cap, sizeof(*grown));
    if (!grown) {
      c->oom = true;
      return CX_WALK_INTERRUPT;
    }
    c->ops = grown;
    c->cap = cap;
  }
  c->ops[c->len++] = op;
  return CX_WALK_ADVANCE;
}

// Puts every op of the scope on the worklist so that they come off it in
// program order (pre-order: an op before the ops nested in it), which
// visits producers before their users.
static cx_status_t fill_worklist(cx_rewriter_t* rw, cx_module_t* m, cx_op_t* scope,
                                 size_t* out_count) {
  collect_t c = {rw, NULL, 0, 0, false};
  if (scope) {
    for (uint32_t r = 0; r < scope->num_regions && !c.oom; r++)
      (void)cx_walk_region(&scope->regions[r], CX_WALK_PRE_ORDER, collect_op, &c);
  } else {
    (void)cx_walk_module(m, CX_WALK_PRE_ORDER, collect_op, &c);
  }
  if (!c.oom && !cx_ptrmap_reserve(&rw->index, c.len)) c.oom = true;
  for (size_t i = c.len; i-- > 0 && !c.oom;) push(rw, c.ops[i]);
  cx_free(m->ctx->allocator, c.ops);
  *out_count = c.len;
  return c.oom ? CX_OOM() : NULL;
}

// Tries the patterns on one op. Returns whether one applied.
static cx_status_t visit(cx_rewriter_t* rw, cx_pattern_set_t* set, const dispatch_t* d,
                         cx_op_t* op, bool* out_applied) {
  *out_applied = false;
  // The op's kind's patterns, then the any-op ones.
  uint32_t ranges[2][2] = {{d->start[op->kind], d->start[op->kind + 1]},
                           {d->start[CX_PATTERN_ANY_OP], d->start[CX_PATTERN_ANY_OP + 1]}};
  for (int r = 0; r < 2; r++) {
    for (uint32_t j = ranges[r][0]; j < ranges[r][1]; j++) {
      uint32_t i = d->order[j];
      cx_builder_set_before(&rw->builder, op);
      rw->builder.loc = op->loc;
      rw->pattern = &set->patterns[i];
      bool applied = false;
      cx_status_t st = set->patterns[i].fn(rw, op, &applied);
      rw->pattern = NULL;
      if (!st && rw->error) {
        st = rw->error;
        rw->error = NULL;
      }
      if (st) return st;
      if (applied) {
        set->applied[i]++;
        *out_applied = true;
        return NULL;
      }
    }
  }
  return NULL;
}

cx_status_t cx_rewrite_greedy(cx_module_t* module, cx_op_t* scope, cx_pattern_set_t* set,
                              const cx_rewrite_config_t* config, cx_rewrite_stats_t* out_stats) {
  cx_rewrite_config_t cfg = {0};
  if (config) cfg = *config;
  if (!cfg.max_iterations) cfg.max_iterations = 10;
  bool config_rewrites = cfg.max_rewrites != 0;
  cx_rewrite_stats_t stats = {0};
  dispatch_t d;
  CX_RETURN_IF_ERROR(dispatch_build(module->ctx->allocator, set, &d));
  cx_rewriter_t rw;
  cx_rewriter_init(&rw, module);
  rw.scope = scope;
  cx_status_t st = NULL;
  bool budget_left = true;
  while (!st && budget_left && stats.iterations < cfg.max_iterations) {
    stats.iterations++;
    rw.changed = false;
    size_t num_ops = 0;
    st = fill_worklist(&rw, module, scope, &num_ops);
    if (!st && !config_rewrites && stats.iterations == 1) {
      uint64_t n = 64 * (uint64_t)num_ops;
      cfg.max_rewrites = n < 1024 ? 1024 : n;
    }
    cx_op_t* op;
    while (!st && (op = pop(&rw))) {
      if (!cfg.keep_dead_ops && cx_op_is_trivially_dead(op)) {
        cx_rw_erase_op(&rw, op);
        stats.dead_ops_erased++;
        if (rw.error) {
          st = rw.error;
          rw.error = NULL;
        }
        continue;
      }
      if (cfg.max_rewrites && stats.rewrites >= cfg.max_rewrites) {
        budget_left = false;
        break;
      }
      bool applied;
      st = visit(&rw, set, &d, op, &applied);
      if (applied) {
        stats.rewrites++;
        rw.changed = true;
      }
    }
    if (!st && budget_left && !rw.changed) stats.converged = true;
    if (stats.converged) break;
  }
  // What is left on the worklist (a run cut short) is simply dropped.
  cx_rewriter_destroy(&rw);
  cx_free(module->ctx->allocator, d.order);
  if (out_stats) *out_stats = stats;
  if (!st && !stats.converged && cfg.error_if_not_converged)
    st = CX_ERROR(CX_FAILED_PRECONDITION,
                  "pattern rewriting did not converge after %u iterations (%llu rewrites)",
                  stats.iterations, (unsigned long long)stats.rewrites);
  return st;
}

// Loop fusion planning (fusion.h).
#include "compiler/fusion.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg.h"
#include "compiler/epilogue.h"
#include "compiler/fusion_rows.h"
#include "ir/builder.h"
#include "ir/walk.h"

typedef struct entry {
  cx_fusion_role_t role;
  const cx_op_t* root;  // the fusion it belongs to (ROOT: itself)
} entry_t;

typedef struct planner {
  cx_fusion_plan_t* plan;
  entry_t* entries;     // one per op of the block, found through plan->roles
  uint32_t num_entries;
} planner_t;

static entry_t* entry_of(const planner_t* p, const cx_op_t* op) {
  void* v;
  if (!op || !cx_ptrmap_find(&p->plan->roles, op, &v)) return NULL;
  return &p->entries[(uintptr_t)v];
}

// Ops whose every element is a loop of its own (or that run many
// elements per output): a fusion may end in one, never absorb one, since
// a consumer indexing it differently would redo that loop per element.
static bool expensive(const cx_op_t* op) {
  switch (cx_op_info(op->kind)->family) {
    case CX_FAMILY_DOT_CONV: return true;
    default: break;
  }
  return op->num_regions > 0 && op->kind != CX_OP_MAP;
}

static bool is_splat_constant(const cx_op_t* op) {
  if (op->kind != CX_OP_CONSTANT) return false;
  const cx_attr_t* a = cx_value_constant_attr(cx_op_result((cx_op_t*)op, 0));
  const void* data;
  size_t nbytes;
  bool splat;
  return a && cx_attr_dense_data(a, &data, &nbytes, &splat) &&
         (splat || cx_tensor_num_elements(a->type) == 1);
}

// Recomputing these per element costs index arithmetic only (or one
// conversion), so every fusion that uses them computes them itself.
static bool cheap(const cx_op_t* op) {
  if (is_splat_constant(op)) return true;
  switch (op->kind) {
    case CX_OP_IOTA: return true;
    case CX_OP_BROADCAST_IN_DIM:
    case CX_OP_BROADCAST:
    case CX_OP_RESHAPE:
    case CX_OP_TRANSPOSE:
    case CX_OP_SLICE:
    case CX_OP_REVERSE:
    case CX_OP_CONVERT: break;
    default: return false;
  }
  // ... of a value read from memory (not of a computation, which would be
  // redone by every user).
  cx_value_t* x = cx_op_operand((cx_op_t*)op, 0);
  const cx_op_t* d = x->def_op;
  return !d || d->kind == CX_OP_CONSTANT || !cx_cg_op_is_elemental(d) || expensive(d);
}

// True if every use of op's results is by a member (or the root) of the
// fusion rooted at `root`.
static bool used_only_in(const planner_t* p, const cx_op_t* op, const cx_op_t* root) {
  for (uint32_t i = 0; i < op->num_results; i++) {
    for (cx_operand_t* u = op->results[i].first_use; u; u = u->next_use) {
      entry_t* e = entry_of(p, u->owner);
      if (!e || (e->role != CX_FUSION_ROOT && e->role != CX_FUSION_MEMBER) || e->root != root)
        return false;
    }
  }
  return true;
}

// True if every use of op's results is by an op of some fusion (which can
// compute it itself).
static bool used_only_in_fusions(const planner_t* p, const cx_op_t* op) {
  bool any = false;
  for (uint32_t i = 0; i < op->num_results; i++) {
    for (cx_operand_t* u = op->results[i].first_use; u; u = u->next_use) {
      entry_t* e = entry_of(p, u->owner);
      if (!e || (e->role != CX_FUSION_ROOT && e->role != CX_FUSION_MEMBER && e->role != CX_FUSION_INLINED))
        return false;
      any = true;
    }
  }
  return any;
}

static void grow(planner_t* p, cx_op_t* op, const cx_op_t* root) {
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_op_t* d = cx_op_operand(op, i)->def_op;
    entry_t* e = entry_of(p, d);
    if (!e || e->role != CX_FUSION_NONE) continue;
    if (d->kind == CX_OP_CONSTANT || !cx_cg_op_is_elemental(d) || expensive(d)) continue;
    if (!used_only_in(p, d, root)) continue;
    e->role = CX_FUSION_MEMBER;
    e->root = root;
    p->plan->num_members++;
    grow(p, d, root);
  }
}

// ---- row fusions (fusion_rows.c decides which ops join) ----

static bool unplanned(void* arg, const cx_op_t* op) {
  entry_t* e = entry_of(arg, op);
  return e && e->role == CX_FUSION_NONE;
}

// Plans the row fusion rooted at `op` if there is one (*out_done).
static cx_status_t plan_row_fusion(cx_context_t* ctx, planner_t* p, cx_op_t* op, bool* out_done) {
  cx_op_t** ops;
  uint32_t n;
  *out_done = false;
  CX_RETURN_IF_ERROR(cx_fusion_row_group(ctx, op, unplanned, p, &ops, &n));
  if (!n) return NULL;
  bool ok = cx_ptrmap_put(&p->plan->rows, op, op);
  for (uint32_t i = 0; i < n; i++) {
    entry_t* e = entry_of(p, ops[i]);
    e->role = ops[i] == op ? CX_FUSION_ROOT : CX_FUSION_MEMBER;
    e->root = op;
  }
  p->plan->num_fusions++;
  p->plan->num_members += n - 1;
  cx_free(ctx->allocator, ops);
  *out_done = true;
  return ok ? NULL : CX_OOM();
}

cx_status_t cx_fusion_plan_block(cx_context_t* ctx, cx_block_t* block, cx_fusion_plan_t* plan) {
  memset(plan, 0, sizeof(*plan));
  plan->allocator = ctx->allocator;
  cx_ptrmap_init(&plan->roles, plan->allocator);
  cx_ptrmap_init(&plan->roots, plan->allocator);
  cx_ptrmap_init(&plan->rows, plan->allocator);
  cx_ptrmap_init(&plan->epilogue_ends, plan->allocator);
  uint32_t n = 0;
  for (cx_op_t* op = block->first_op; op; op = op->next) n++;
  planner_t p = {plan, cx_calloc(plan->allocator, n, sizeof(entry_t)), n};
  if (!p.entries || !cx_ptrmap_reserve(&plan->roles, n)) {
    cx_free(plan->allocator, p.entries);
    cx_fusion_plan_free(plan);
    return CX_OOM();
  }
  uint32_t i = 0;
  for (cx_op_t* op = block->first_op; op; op = op->next, i++)
    cx_ptrmap_put(&plan->roles, op, (void*)(uintptr_t)i);
  // Consumers before producers: a producer's uses are all decided when it
  // is reached.
  for (cx_op_t* op = block->last_op; op; op = op->prev) {
    entry_t* e = entry_of(&p, op);
    if (e->role != CX_FUSION_NONE) continue;
    if (cheap(op) && used_only_in_fusions(&p, op)) {
      e->role = CX_FUSION_INLINED;
      continue;
    }
    if (op->kind == CX_OP_CONSTANT || !cx_cg_op_is_elemental(op)) continue;
    bool row;
    cx_status_t s = plan_row_fusion(ctx, &p, op, &row);
    if (s) {
      cx_free(plan->allocator, p.entries);
      cx_fusion_plan_free(plan);
      return s;
    }
    if (row) continue;
    e->role = CX_FUSION_ROOT;
    e->root = op;
    plan->num_fusions++;
    grow(&p, op, op);
  }
  // Record roles (the map held entry indices while planning).
  i = 0;
  bool oom = false;
  for (cx_op_t* op = block->first_op; op; op = op->next, i++) {
    cx_ptrmap_put(&plan->roles, op, (void*)(uintptr_t)p.entries[i].role);
    if (p.entries[i].role == CX_FUSION_MEMBER && !cx_ptrmap_put(&plan->roots, op, (void*)p.entries[i].root))
      oom = true;
  }
  cx_free(plan->allocator, p.entries);
  cx_status_t s = oom ? CX_OOM() : cx_epilogue_plan(ctx, block, plan);
  if (s) cx_fusion_plan_free(plan);
  return s;
}

void cx_fusion_plan_free(cx_fusion_plan_t* plan) {
  cx_ptrmap_free(&plan->roles);
  cx_ptrmap_free(&plan->roots);
  cx_ptrmap_free(&plan->rows);
  cx_ptrmap_free(&plan->epilogue_ends);
  while (plan->epilogues) {
    struct cx_epilogue* next = plan->epilogues->next;
    cx_free(plan->allocator, plan->epilogues);
    plan->epilogues = next;
  }
}

cx_fusion_role_t cx_fusion_role(const cx_fusion_plan_t* plan, const cx_op_t* op) {
  void* v;
  return cx_ptrmap_find(&plan->roles, op, &v) ? (cx_fusion_role_t)(uintptr_t)v : CX_FUSION_NONE;
}

typedef struct collect {
  const cx_fusion_plan_t* plan;
  const cx_op_t* root;
  cx_ptrmap_t seen;      // ops visited, values already inputs
  cx_value_t** inputs;
  uint32_t count, cap;
  bool oom;
} collect_t;

static void add_input(collect_t* c, cx_value_t* v) {
  if (cx_ptrmap_find(&c->seen, v, NULL)) return;
  if (!cx_ptrmap_put(&c->seen, v, v)) {
    c->oom = true;
    return;
  }
  if (c->count == c->cap) {
    uint32_t cap = c->cap ? c->cap * 2 : 8;
    cx_value_t** a = cx_realloc_array(c->plan->allocator, c->inputs, cap, sizeof(*a));
    if (!a) {
      c->oom = true;
      return;
    }
    c->inputs = a;
    c->cap = cap;
  }
  c->inputs[c->count++] = v;
}

static void visit_op(collect_t* c, cx_op_t* op);

// A value an op of the fusion reads: computed in the kernel, or an input.
static void visit_value(collect_t* c, cx_value_t* v, const cx_op_t* scope) {
  cx_op_t* d = v->def_op;
  if (d && scope && cx_op_is_ancestor(scope, d)) return;  // defined inside the region being read
  cx_block_t* arg_block = cx_value_block(v);
  if (!d && scope && arg_block && arg_block->parent && arg_block->parent->parent &&
      cx_op_is_ancestor(scope, arg_block->parent->parent))
    return;  // an argument of a block inside it (a reduce body's)
  if (!d || !cx_type_is_tensor(v->type)) {
    if (cx_type_is_tensor(v->type)) add_input(c, v);
    return;
  }
  cx_fusion_role_t r = cx_fusion_role(c->plan, d);
  bool computed = d == c->root || r == CX_FUSION_MEMBER || r == CX_FUSION_INLINED;
  if (!computed) {
    add_input(c, v);
    return;
  }
  visit_op(c, d);
}

static void visit_region_captures(collect_t* c, cx_op_t* holder, cx_block_t* block) {
  for (cx_op_t* op = block->first_op; op; op = op->next) {
    for (uint32_t i = 0; i < op->num_operands; i++) visit_value(c, cx_op_operand(op, i), holder);
    for (uint32_t r = 0; r < op->num_regions; r++)
      for (cx_block_t* b = op->regions[r].first_block; b; b = b->next) visit_region_captures(c, holder, b);
  }
}

static void visit_op(collect_t* c, cx_op_t* op) {
  if (cx_ptrmap_find(&c->seen, op, NULL)) return;
  if (!cx_ptrmap_put(&c->seen, op, op)) {
    c->oom = true;
    return;
  }
  for (uint32_t i = 0; i < op->num_operands; i++) visit_value(c, cx_op_operand(op, i), NULL);
  for (uint32_t r = 0; r < op->num_regions; r++)
    for (cx_block_t* b = op->regions[r].first_block; b; b = b->next) visit_region_captures(c, op, b);
}

cx_status_t cx_fusion_inputs(const cx_fusion_plan_t* plan, cx_op_t* root, cx_value_t*** out_inputs,
                             uint32_t* out_count) {
  collect_t c;
  memset(&c, 0, sizeof c);
  c.plan = plan;
  c.root = root;
  cx_ptrmap_init(&c.seen, plan->allocator);
  visit_op(&c, root);
  cx_ptrmap_free(&c.seen);
  if (c.oom) {
    cx_free(plan->allocator, c.inputs);
    return CX_OOM();
  }
  *out_inputs = c.inputs;
  *out_count = c.count;
  return NULL;
}

// ---- annotation for printing ----------------------------------------------------------

static cx_status_t annotate_block(cx_module_t* m, cx_block_t* block, int64_t* next_id) {
  cx_fusion_plan_t plan;
  CX_RETURN_IF_ERROR(cx_fusion_plan_block(m->ctx, block, &plan));
  cx_status_t s = NULL;
  const char* role_name = cx_intern(m->ctx, "cxla.fusion", 11);
  if (!role_name) s = CX_OOM();
  // Number the fusions by their roots in program order, then label each
  // member with its root's number.
  cx_ptrmap_t ids;
  cx_ptrmap_init(&ids, cx_allocator_system());
  for (cx_op_t* op = block->first_op; op && !s; op = op->next)
    if (cx_fusion_role(&plan, op) == CX_FUSION_ROOT && !cx_ptrmap_put(&ids, op, (void*)(uintptr_t)(*next_id)++))
      s = CX_OOM();
  for (cx_op_t* op = block->first_op; op && !s; op = op->next) {
    cx_fusion_role_t r = cx_fusion_role(&plan, op);
    const char* label = NULL;
    char buf[80];
    if (r == CX_FUSION_ROOT) {
      snprintf(buf, sizeof buf, "%skernel %llu%s",
               cx_fusion_epilogue(&plan, op) ? "GEMM epilogue end, else " : "",
               (unsigned long long)(uintptr_t)cx_ptrmap_get(&ids, op),
               cx_fusion_is_row_root(&plan, op) ? ", by rows" : "");
      label = buf;
    } else if (r == CX_FUSION_INLINED) {
      label = "recomputed in its users' kernels";
    } else if (r == CX_FUSION_DEFERRED) {
      label = "GEMM with an epilogue";
    } else if (r == CX_FUSION_VIEW) {
      label = "read through strides by its GEMMs";
    } else if (r == CX_FUSION_MEMBER) {
      const cx_op_t* root = cx_ptrmap_get(&plan.roots, op);
      snprintf(buf, sizeof buf, "in kernel %llu", (unsigned long long)(uintptr_t)cx_ptrmap_get(&ids, root));
      label = buf;
    }
    if (label) {
      const cx_attr_t* a = cx_attr_string(&m->arena, label, strlen(label));
      s = a ? cx_op_set_attr(m, op, role_name, a) : CX_OOM();
    }
    for (uint32_t i = 0; i < op->num_regions && !s; i++)
      for (cx_block_t* b = op->regions[i].first_block; b && !s; b = b->next) s = annotate_block(m, b, next_id);
  }
  cx_ptrmap_free(&ids);
  cx_fusion_plan_free(&plan);
  return s;
}

cx_status_t cx_fusion_annotate(cx_module_t* module, cx_op_t* func) {
  int64_t next = 0;
  cx_block_t* body = cx_func_body(func);
  return body ? annotate_block(module, body, &next) : NULL;
}

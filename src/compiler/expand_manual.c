// sdy.manual_computation over several devices, compiled as one program
// (lower_misc.h): the rule of ir/sdy_manual.h, which the interpreter runs
// with a thread per device (interp/eval_sdy.c), here at compile time. Each
// device's shards of the operands are slices; the body is placed once per
// device as the processes of a 1 x N grid (expand_grid.c), so that its
// collectives meet and its partition_id is the device's id; each result
// is the devices' blocks concatenated, dimension by dimension.
#include <string.h>

#include "compiler/lower_misc.h"
#include "ir/sdy_manual.h"
#include "ir/walk.h"
#include "support/vec.h"

typedef struct collect {
  CX_VEC(cx_op_t*) ops;
  cx_allocator_t al;
  bool oom;
} collect_t;

// The outermost manual computations (a nested one is its outer one's
// business: refused over several devices by the plan, else inlined).
static cx_walk_result_t collect_manual(cx_op_t* op, void* arg) {
  collect_t* c = arg;
  if (op->kind != CX_OP_SDY_MANUAL_COMPUTATION) return CX_WALK_ADVANCE;
  if (!cx_vec_push_in(c->al, &c->ops, op)) {
    c->oom = true;
    return CX_WALK_INTERRUPT;
  }
  return CX_WALK_SKIP;
}

typedef struct assembly {
  cx_builder_t* b;
  const int64_t* count;   // blocks along each dimension
  cx_value_t* const* block;  // row-major over the blocks
  uint32_t rank;
} assembly_t;

// The blocks whose leading indices are fixed (`at` of them, linear index
// `prefix`) joined along the dimensions from `at` on.
static cx_status_t join(const assembly_t* a, uint32_t at, int64_t prefix, cx_value_t** out) {
  if (at == a->rank) {
    *out = a->block[prefix];
    return NULL;
  }
  int64_t n = a->count[at];
  cx_value_t* small[8];
  cx_value_t** parts = n <= 8 ? small : cx_calloc(a->b->module->ctx->allocator, (size_t)n,
                                                  sizeof(cx_value_t*));
  if (!parts) return CX_OOM();
  cx_status_t s = NULL;
  for (int64_t k = 0; k < n && !s; k++) s = join(a, at + 1, prefix * n + k, &parts[k]);
  if (!s) s = cx_build_concatenate(a->b, parts, (uint32_t)n, at, out);
  if (parts != small) cx_free(a->b->module->ctx->allocator, parts);
  return s;
}

static cx_status_t expand_one(cx_module_t* m, cx_op_t* op, const cx_sdy_manual_t* plan) {
  int64_t n = plan->num_devices;
  if (n > CX_GRID_MAX_PROCESSES)
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "runs on %lld devices; compiled code places the body of at most %d",
                             (long long)n, CX_GRID_MAX_PROCESSES);
  cx_allocator_t al = m->ctx->allocator;
  cx_block_t* body = op->regions[0].first_block;
  cx_op_t* ret = cx_block_terminator(body);
  uint32_t no = op->num_operands, nr = op->num_results;
  cx_builder_t b;
  cx_builder_init(&b, m);
  cx_builder_set_before(&b, op);
  b.loc = op->loc;
  cx_block_t** bodies = cx_calloc(al, (size_t)n, sizeof(cx_block_t*));
  cx_value_t** shards = cx_calloc(al, (size_t)n * no + 1, sizeof(cx_value_t*));
  cx_value_t*** args = cx_calloc(al, (size_t)n, sizeof(cx_value_t**));
  cx_value_t*** results = cx_calloc(al, (size_t)n, sizeof(cx_value_t**));
  cx_value_t** blocks = cx_calloc(al, (size_t)n, sizeof(cx_value_t*));
  cx_misc_world_t* world = cx_misc_world_create(al, NULL, 0, n);
  cx_status_t s = bodies && shards && args && results && blocks && world ? NULL : CX_OOM();
  // Each device's shards of the operands.
  for (int64_t p = 0; p < n && !s; p++) {
    bodies[p] = body;
    args[p] = shards + p * no;
    for (uint32_t i = 0; i < no && !s; i++) {
      const cx_type_t* local = body->args[i]->type;
      const int64_t* start = cx_sdy_manual_operand_start(plan, i, p);
      int64_t limit[CX_MAX_RANK];
      for (uint32_t d = 0; d < local->tensor.rank; d++) limit[d] = start[d] + local->tensor.dims[d];
      s = cx_build_slice(&b, cx_op_operand(op, i), start, limit, &shards[p * no + i]);
    }
  }
  // slot[p]: the grid process whose results device p takes. A body that
  // asks for no device and meets no other is placed once per
  // representative (the devices it stands for share its results).
  int64_t* slot = s ? NULL : cx_calloc(al, (size_t)n, sizeof(int64_t));
  if (!s && !slot) s = CX_OOM();
  int64_t procs = 0;
  for (int64_t p = 0; p < n && !s; p++) {
    if (plan->local && plan->rep[p] != p) continue;
    bodies[procs] = body;
    args[procs] = shards + p * no;
    slot[p] = procs++;
  }
  for (int64_t p = 0; p < n && !s; p++)
    if (plan->local) slot[p] = slot[plan->rep[p]];
  if (!s)
    s = cx_grid_place(m, op, "sdy.manual_computation", 1, procs, bodies,
                      (cx_value_t* const* const*)args, world, results);
  // Each result from the blocks of the devices that give them.
  for (uint32_t r = 0; r < nr && !s; r++) {
    const cx_type_t* global = cx_op_result(op, r)->type;
    const cx_type_t* local = cx_op_operand(ret, r)->type;
    uint32_t rank = global->tensor.rank;
    int64_t count[CX_MAX_RANK];
    for (uint32_t d = 0; d < rank; d++)
      count[d] = local->tensor.dims[d] ? global->tensor.dims[d] / local->tensor.dims[d] : 1;
    for (int64_t p = 0; p < n; p++) {
      if (!cx_sdy_manual_gives(plan, r, p)) continue;
      const int64_t* start = cx_sdy_manual_result_start(plan, r, p);
      int64_t at = 0;
      for (uint32_t d = 0; d < rank; d++)
        at = at * count[d] + (local->tensor.dims[d] ? start[d] / local->tensor.dims[d] : 0);
      blocks[at] = results[slot[p]][r];
    }
    assembly_t a = {&b, count, blocks, rank};
    cx_value_t* whole;
    s = join(&a, 0, 0, &whole);
    if (!s) cx_value_replace_all_uses(cx_op_result(op, r), whole);
  }
  for (int64_t p = 0; results && p < n; p++) cx_free(al, results[p]);
  cx_free(al, slot);
  cx_misc_world_destroy(world);
  cx_free(al, bodies);
  cx_free(al, shards);
  cx_free(al, args);
  cx_free(al, results);
  cx_free(al, blocks);
  if (!s) cx_op_erase(op);
  return s;
}

cx_status_t cx_manual_expand(cx_module_t* m, cx_op_t* func) {
  collect_t c = {.al = m->ctx->allocator};
  cx_walk_op(func, CX_WALK_PRE_ORDER, collect_manual, &c);
  cx_status_t s = c.oom ? CX_OOM() : NULL;
  for (size_t i = 0; i < c.ops.len && !s; i++) {
    cx_sdy_manual_t plan;
    s = cx_sdy_manual_plan(m, c.ops.data[i], c.al, &plan);
    if (s) {
      cx_status_t e = cx_lower_op_error(c.ops.data[i], cx_status_code(s), "%s", cx_status_message(s));
      cx_status_free(s);
      s = e;
    } else if (plan.num_devices > 1) {
      s = expand_one(m, c.ops.data[i], &plan);
    }
    cx_sdy_manual_free(&plan);
  }
  cx_vec_free_in(c.al, &c.ops);
  return s;
}

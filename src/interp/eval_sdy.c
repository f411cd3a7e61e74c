// The SDY family (Shardy) on one device: a sharding constraint, a reshard,
// a propagation barrier and the collectives (which move shards of a global
// value between devices; the value is their operand) give their operand (a
// sharding says where the pieces of a value live, not what it is); a
// sharding group does nothing; a named computation runs its body.
//
// A manual computation runs its body on every device of its mesh
// (ir/sdy_manual.h): each device a process of a 1 x N grid (world.h), so
// that the body's collectives meet, given its shards of the operands; the
// results are put together from the devices' shards. A body that holds no
// such op runs once per distinct set of shards, in the calling thread. With every manual axis
// of size 1 the body runs once, on the whole values.
#include "interp/eval_shape.h"
#include "interp/interp.h"
#include "interp/world.h"
#include "ir/sdy.h"
#include "ir/sdy_manual.h"

#include <string.h>

static cx_status_t run_body(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  return cx_eval_region_exact(ev, op, &op->regions[0], op->num_operands, args, op->num_results,
                              "body", results);
}

// Copies `block` into `whole` at `start` (row-major, the last dimension's
// run at a time).
static void put_block(cx_tensor_t* whole, const cx_tensor_t* block, const int64_t* start) {
  uint32_t rank = block->rank;
  if (block->num_elements == 0) return;
  if (rank == 0) {
    memcpy(whole->data, block->data, block->esize);
    return;
  }
  int64_t wstride[CX_MAX_RANK], idx[CX_MAX_RANK] = {0};
  cx_strides(rank, whole->dims, wstride);
  int64_t run = block->dims[rank - 1];
  size_t run_bytes = (size_t)run * block->esize;
  const char* src = block->data;
  int64_t outer[CX_MAX_RANK];
  memcpy(outer, block->dims, rank * sizeof(int64_t));
  outer[rank - 1] = 1;
  do {
    int64_t off = 0;
    for (uint32_t d = 0; d < rank; d++) off += (start[d] + idx[d]) * wstride[d];
    memcpy((char*)whole->data + (size_t)off * whole->esize, src, run_bytes);
    src += run_bytes;
  } while (cx_next_index(rank, outer, idx));
}

static cx_status_t run_on_devices(cx_eval_t* ev, const cx_op_t* op, const cx_sdy_manual_t* plan,
                                  cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_block_t* body = op->regions[0].first_block;
  uint32_t no = op->num_operands, nr = op->num_results;
  uint32_t n = (uint32_t)plan->num_devices;
  cx_allocator_t al = ev->allocator;
  cx_tensor_t** shards = cx_calloc(al, (size_t)n * no + 1, sizeof(cx_tensor_t*));
  cx_tensor_t** outs = cx_calloc(al, (size_t)n * nr + 1, sizeof(cx_tensor_t*));
  cx_status_t st = shards && outs ? NULL : CX_OOM();
  // Each device's shards of the operands.
  for (uint32_t p = 0; p < n && !st; p++) {
    for (uint32_t i = 0; i < no && !st; i++) {
      const cx_type_t* local = body->args[i]->type;
      const int64_t* start = cx_sdy_manual_operand_start(plan, i, p);
      int64_t limit[CX_MAX_RANK], step[CX_MAX_RANK];
      for (uint32_t d = 0; d < local->tensor.rank; d++) {
        limit[d] = start[d] + local->tensor.dims[d];
        step[d] = 1;
      }
      st = cx_shape_slice(args[i], args[i]->element, start, limit, step,
                          &shards[(size_t)p * no + i]);
    }
  }
  if (!st && plan->local) {
    // Nothing in the body asks for the device or meets others: each
    // representative runs it once, here.
    for (uint32_t p = 0; p < n && !st; p++)
      if (plan->rep[p] == p)
        st = run_body(ev, op, shards + (size_t)p * no, outs + (size_t)p * nr);
  } else if (!st) {
    st = cx_world_run_region(ev, op, n, shards, outs);
  }
  // Each result from the devices that give its blocks.
  for (uint32_t r = 0; r < nr && !st; r++) {
    st = cx_tensor_create_like(al, op->results[r].type, &results[r]);
    for (uint32_t p = 0; p < n && !st; p++) {
      if (!cx_sdy_manual_gives(plan, r, p)) continue;
      const cx_tensor_t* part = outs[(size_t)(plan->local ? plan->rep[p] : p) * nr + r];
      const cx_type_t* local = body->last_op->operands[r].value->type;
      if (!cx_tensor_matches_type(part, local))
        st = cx_eval_error(op, CX_INTERNAL, "device %u returned a result of another type", p);
      else
        put_block(results[r], part, cx_sdy_manual_result_start(plan, r, p));
    }
  }
  if (st) {
    for (uint32_t r = 0; r < nr; r++) {
      cx_tensor_release(results[r]);
      results[r] = NULL;
    }
  }
  for (size_t i = 0; shards && i < (size_t)n * no; i++) cx_tensor_release(shards[i]);
  for (size_t i = 0; outs && i < (size_t)n * nr; i++) cx_tensor_release(outs[i]);
  cx_free(al, shards);
  cx_free(al, outs);
  return st;
}

static cx_status_t eval_manual(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               cx_tensor_t** results) {
  cx_sdy_manual_t plan;
  cx_status_t st = cx_eval_wrap(op, cx_sdy_manual_plan(ev->interp->module, op, ev->allocator, &plan));
  if (!st)
    st = plan.num_devices == 1 ? run_body(ev, op, args, results)
                               : run_on_devices(ev, op, &plan, args, results);
  cx_sdy_manual_free(&plan);
  return st;
}

cx_status_t cx_eval_family_SDY(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               cx_tensor_t** results) {
  if (cx_sdy_is_pass_through(op->kind)) {
    results[0] = cx_tensor_retain(args[0]);
    return NULL;
  }
  switch (op->kind) {
    case CX_OP_SDY_SHARDING_GROUP:
    case CX_OP_SDY_MESH:
      return NULL;
    case CX_OP_SDY_NAMED_COMPUTATION:
      return run_body(ev, op, args, results);
    case CX_OP_SDY_MANUAL_COMPUTATION:
      return eval_manual(ev, op, args, results);
    default:
      return cx_eval_error(op, CX_INTERNAL, "cannot be evaluated as an op");
  }
}

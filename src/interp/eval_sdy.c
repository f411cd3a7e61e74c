// The SDY family (Shardy) on one device: a sharding constraint, a reshard,
// a propagation barrier and the collectives (which move shards of a global
// value between devices; the value is their operand) give their operand (a sharding says where the
// pieces of a value live, not what it is); a sharding group does nothing; a
// named computation runs its body. A manual computation runs its body when
// its body sees whole values (every manual axis of size 1, or operands
// replicated along them); when the body's types are shards of the operands,
// it needs the other devices of its mesh and is refused, naming the op.
#include <stdlib.h>

#include "interp/interp.h"
#include "ir/print.h"

static cx_status_t run_body(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  uint32_t got;
  CX_RETURN_IF_ERROR(
      cx_eval_region(ev, &op->regions[0], op->num_operands, args, op->num_results, &got, results));
  if (got != op->num_results) {
    for (uint32_t i = 0; i < got; i++) cx_tensor_release(results[i]);
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "body returned %u values, expected %u", got,
                         op->num_results);
  }
  return NULL;
}

// A manual computation whose body works on shards: operand (or result) #i
// has another type than the body's.
static cx_status_t check_whole_values(const cx_op_t* op) {
  const cx_block_t* b = op->regions[0].first_block;
  const cx_op_t* ret = b->last_op;
  for (uint32_t k = 0; k < 2; k++) {
    uint32_t n = k ? op->num_results : op->num_operands;
    for (uint32_t i = 0; i < n; i++) {
      const cx_type_t* global = k ? op->results[i].type : op->operands[i].value->type;
      const cx_type_t* local = k ? ret->operands[i].value->type : b->args[i]->type;
      if (global == local) continue;
      char* g = cx_type_to_string(global);
      char* l = cx_type_to_string(local);
      cx_status_t st = cx_eval_error(
          op, CX_UNIMPLEMENTED,
          "works on shards across several devices (its %s #%u is %s, the body's %s): it needs "
          "the devices of its mesh, and cxla runs programs on one device",
          k ? "result" : "operand", i, g ? g : "?", l ? l : "?");
      free(g);
      free(l);
      return st;
    }
  }
  return NULL;
}

cx_status_t cx_eval_family_SDY(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               cx_tensor_t** results) {
  switch (op->kind) {
    case CX_OP_SDY_SHARDING_CONSTRAINT:
    case CX_OP_SDY_RESHARD:
    case CX_OP_SDY_PROPAGATION_BARRIER:
    case CX_OP_SDY_ALL_GATHER:
    case CX_OP_SDY_ALL_SLICE:
    case CX_OP_SDY_ALL_REDUCE:
    case CX_OP_SDY_ALL_TO_ALL:
    case CX_OP_SDY_COLLECTIVE_PERMUTE:
      results[0] = cx_tensor_retain(args[0]);
      return NULL;
    case CX_OP_SDY_SHARDING_GROUP:
    case CX_OP_SDY_MESH:
      return NULL;
    case CX_OP_SDY_NAMED_COMPUTATION:
      return run_body(ev, op, args, results);
    case CX_OP_SDY_MANUAL_COMPUTATION:
      CX_RETURN_IF_ERROR(check_whole_values(op));
      return run_body(ev, op, args, results);
    default:
      return cx_eval_error(op, CX_INTERNAL, "cannot be evaluated as an op");
  }
}

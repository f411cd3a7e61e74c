// The SDY family (Shardy) on one device: a sharding constraint, a reshard,
// a propagation barrier and the collectives (which move shards of a global
// value between devices; the value is their operand) give their operand (a sharding says where the
// pieces of a value live, not what it is); a sharding group does nothing; a
// named computation runs its body. A manual computation runs its body when
// its body sees whole values (every manual axis of size 1, or operands
// replicated along them); when the body's types are shards of the operands,
// it needs the other devices of its mesh and is refused, naming the op.
#include "interp/interp.h"
#include "ir/sdy.h"

static cx_status_t run_body(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  return cx_eval_region_exact(ev, op, &op->regions[0], op->num_operands, args, op->num_results,
                              "body", results);
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
      CX_RETURN_IF_ERROR(cx_eval_wrap(op, cx_sdy_check_whole_values(op)));
      return run_body(ev, op, args, results);
    default:
      return cx_eval_error(op, CX_INTERNAL, "cannot be evaluated as an op");
  }
}

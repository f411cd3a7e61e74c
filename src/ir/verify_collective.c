// Collectives and communication (spec sections of the same names): the
// shape function (infer_collective.c) checks process groups, channels,
// dimensions, computations and operands, and infers the results; here the
// declared results are compared with them, and what depends on the result
// types alone is checked (all_gather's and reduce_scatter's dims where the
// process grid decides them, recv's and infeed's results).
#include "ir/verify_util.h"

// Results of recv and infeed: tensors (or tokens), then a token
// (recv_c2..c4, infeed_c1..c3).
static cx_status_t check_payload_results(cx_verify_ctx_t* vc, const cx_op_t* op) {
  if (op->num_results < 1) return cx_verify_error(op, "requires at least one result (the token)");
  for (uint32_t i = 0; i + 1 < op->num_results; i++)
    if (!cx_type_is_tensor(cx_v_rtype(op, i)))
      return cx_verify_error(op, "result #%u must be a tensor, but got '%s'", i,
                             cx_v_type_str(vc, cx_v_rtype(op, i)));
  if (!cx_type_is_token(cx_v_rtype(op, op->num_results - 1)))
    return cx_verify_error(op, "last result must be a !stablehlo.token, but got '%s'",
                           cx_v_type_str(vc, cx_v_rtype(op, op->num_results - 1)));
  return NULL;
}

// The result dim `d` of a gather (scatter) is a multiple of (divides) the
// operand's; the process group size, which fixes it, depends on the grid.
static cx_status_t check_multiple(const cx_op_t* op, const cx_type_t* x, const cx_type_t* y,
                                  int64_t d, bool gather) {
  int64_t od = cx_v_dim(x, (uint32_t)d), rd = cx_v_dim(y, (uint32_t)d);
  if (cx_v_dyn(od) || cx_v_dyn(rd)) return NULL;
  int64_t big = gather ? rd : od, small = gather ? od : rd;
  if (small == 0 ? big == 0 : big % small == 0) return NULL;
  if (gather)
    return cx_verify_error(op,
                           "result gather dimension has size %lld, expected to be a multiple of "
                           "operand gather dimension size %lld",
                           (long long)rd, (long long)od);
  return cx_verify_error(op,
                         "operand scatter dimension has size %lld, expected to be a multiple of "
                         "result scatter dimension size %lld",
                         (long long)od, (long long)rd);
}

cx_status_t cx_verify_collective(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  if (op->kind == CX_OP_RECV || op->kind == CX_OP_INFEED) return check_payload_results(vc, op);
  for (uint32_t i = 0; i < op->num_results; i++) {
    const cx_type_t *want = inferred[i], *y = cx_v_rtype(op, i);
    switch (op->kind) {
      case CX_OP_ALL_GATHER:
      case CX_OP_REDUCE_SCATTER: {
        bool gather = op->kind == CX_OP_ALL_GATHER;
        CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, i, &y));
        // all_gather_c6; reduce_scatter_c1, reduce_scatter_c8, reduce_scatter_c9
        if (!cx_v_elem_eq(want, y))
          return gather ? cx_verify_error(
                              op, "result #%u must have the operand's element type and rank", i)
                        : cx_verify_error(
                              op, "result element type '%s' differs from the computation's '%s'",
                              cx_v_type_str(vc, y->tensor.element),
                              cx_v_type_str(vc, want->tensor.element));
        if (cx_v_rank(y) != cx_v_rank(want))
          return gather ? cx_verify_error(
                              op, "result #%u must have the operand's element type and rank", i)
                        : cx_verify_error(op, "result rank %u differs from operand rank %u",
                                          cx_v_rank(y), cx_v_rank(want));
        int64_t d;
        CX_RETURN_IF_ERROR(cx_v_get_int(
            vc, op, gather ? CX_V_NAME(vc, all_gather_dim) : CX_V_NAME(vc, scatter_dimension), true,
            0, &d));
        CX_RETURN_IF_ERROR(check_multiple(op, cx_v_otype(op, i), y, d, gather));
        CX_RETURN_IF_ERROR(cx_v_expect_result(vc, op, i, want, NULL));
        break;
      }
      case CX_OP_ALL_REDUCE:
      case CX_OP_COLLECTIVE_REDUCE:
        CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, i, &y));
        // all_reduce_c6
        if (!cx_v_shapes_compat(want, y))
          return cx_verify_error(op, "result #%u shape '%s' differs from operand shape '%s'", i,
                                 cx_v_type_str(vc, y), cx_v_type_str(vc, cx_v_otype(op, i)));
        // all_reduce_c7
        if (y->tensor.element != want->tensor.element)
          return cx_verify_error(
              op, "result #%u element type '%s' differs from the computation's '%s'", i,
              cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, want->tensor.element));
        break;
      case CX_OP_ALL_TO_ALL:
        // all_to_all_c9
        CX_RETURN_IF_ERROR(
            cx_v_expect_same(vc, op, i, want, "result element type differs from the operand's"));
        break;
      case CX_OP_COLLECTIVE_PERMUTE:    // collective_permute_c5
      case CX_OP_COLLECTIVE_BROADCAST:  // collective_broadcast_c3
      case CX_OP_CROSS_REPLICA_SUM:
        if (!cx_v_types_compat(want, y))
          return op->kind == CX_OP_COLLECTIVE_BROADCAST
                     ? cx_verify_error(op, "requires the same type for operand #%u and result #%u",
                                       i, i)
                     : cx_verify_error(op, "requires the same type for operand and result");
        break;
      case CX_OP_REPLICA_ID:
      case CX_OP_PARTITION_ID:
        if (y != want)
          return cx_verify_error(op, "result must be a 0-dimensional tensor of ui32, but got '%s'",
                                 cx_v_type_str(vc, y));
        break;
      default:  // send, outfeed
        if (y != want) return cx_verify_error(op, "result must be a !stablehlo.token");
        break;
    }
  }
  return NULL;
}

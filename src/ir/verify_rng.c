// Random numbers: rng and rng_bit_generator (spec sections of the same
// names). The shape function (infer_rng.c) checks the operands and infers
// the results; here the declared ones are compared with them.
#include "ir/verify_util.h"

cx_status_t cx_verify_rng(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  if (op->kind == CX_OP_RNG) {
    const cx_type_t *a = cx_v_otype(op, 0), *shape = cx_v_otype(op, 2), *y = cx_v_rtype(op, 0);
    // rng_c1
    if (!cx_v_elem_eq(a, y))
      return cx_verify_error(op, "requires the same element type for a, b and the result");
    // rng_c3
    if (!cx_v_dims_compat(cx_v_dim(shape, 0), cx_v_rank(y)))
      return cx_verify_error(op, "shape has %lld elements, but the result has rank %u",
                             (long long)cx_v_dim(shape, 0), cx_v_rank(y));
    return cx_v_expect_result(vc, op, 0, inferred[0], NULL);
  }
  // rng_bit_generator_c1
  const cx_type_t *s = cx_v_otype(op, 0), *os = cx_v_rtype(op, 0);
  if (!cx_v_types_compat(inferred[0], os))
    return cx_verify_error(
        op, "output state shape must be compatible with initial state shape. Got: '%s' and '%s'",
        cx_v_type_str(vc, s), cx_v_type_str(vc, os));
  return cx_v_check_elem(vc, op, cx_v_rtype(op, 1), CX_V_INT | CX_V_FLOAT, "result #1 (output)");
}

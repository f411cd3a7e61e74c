// Random numbers: rng and rng_bit_generator (spec sections of the same names).
#include "ir/verify_util.h"

static cx_status_t verify_rng(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 3, 3));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  int dist;
  CX_RETURN_IF_ERROR(cx_v_get_enum(vc, op, CX_V_NAME(vc, rng_distribution),
                                   CX_ENUM_RNG_DISTRIBUTION, true, 0, &dist, NULL));
  const cx_type_t *a = cx_v_otype(op, 0), *b = cx_v_otype(op, 1), *shape = cx_v_otype(op, 2);
  const cx_type_t* y = cx_v_rtype(op, 0);
  unsigned mask = CX_V_BOOL | CX_V_INT | CX_V_FLOAT;
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, a, mask, "operand #0 (a)"));
  if (cx_v_rank(a) != 0 || cx_v_rank(b) != 0)
    return cx_verify_error(op, "a and b must be 0-dimensional tensors");
  // rng_c1
  if (!cx_v_elem_eq(a, b) || !cx_v_elem_eq(a, y))
    return cx_verify_error(op, "requires the same element type for a, b and the result");
  // rng_c2
  if (dist == CX_RNG_NORMAL && !cx_v_is_float(a))
    return cx_verify_error(op, "NORMAL distribution requires floating-point operands, but got '%s'",
                           cx_v_type_str(vc, a));
  // rng_c3: shape(result) = shape, checkable when `shape` is a constant.
  if (cx_v_rank(shape) != 1 || !(cx_v_is_int(shape) || cx_v_kind(shape) == CX_ELEM_INDEX))
    return cx_verify_error(op, "shape must be a 1-dimensional tensor of integer values, but got '%s'",
                           cx_v_type_str(vc, shape));
  if (!cx_v_dims_compat(cx_v_dim(shape, 0), cx_v_rank(y)))
    return cx_verify_error(op, "shape has %lld elements, but the result has rank %u",
                           (long long)cx_v_dim(shape, 0), cx_v_rank(y));
  cx_v_ints_t sv;
  if (cx_v_const_ints(vc, op->operands[2].value, &sv))
    return cx_v_expect_shape(vc, op, y, sv.n, sv.v, "result");
  return NULL;
}

static cx_status_t verify_rng_bit_generator(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 2, 2));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  int alg;
  CX_RETURN_IF_ERROR(cx_v_get_enum(vc, op, CX_V_NAME(vc, rng_algorithm), CX_ENUM_RNG_ALGORITHM,
                                   true, 0, &alg, NULL));
  const cx_type_t *s = cx_v_otype(op, 0), *os = cx_v_rtype(op, 0), *out = cx_v_rtype(op, 1);
  // The spec types initial_state as a 1-D ui64 tensor, but the reference
  // implementation accepts any integer or floating-point tensor and the
  // StableHLO compatibility suite uses tensor<f32> states; only the element
  // class is enforced here, and rng_bit_generator_c2 for 1-D states.
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, s, CX_V_INT | CX_V_FLOAT, "operand #0 (initial_state)"));
  // rng_bit_generator_c1
  if (!cx_v_types_compat(s, os))
    return cx_verify_error(op, "output state shape must be compatible with initial state shape. Got: '%s' and '%s'",
                           cx_v_type_str(vc, s), cx_v_type_str(vc, os));
  // rng_bit_generator_c2
  int64_t n = cx_v_rank(s) == 1 ? cx_v_dim(s, 0) : CX_V_DYN;
  if (!cx_v_dyn(n) && alg == CX_RNG_ALG_THREE_FRY && n != 2)
    return cx_verify_error(op, "THREE_FRY algorithm requires an initial state of size 2, but got %lld",
                           (long long)n);
  if (!cx_v_dyn(n) && alg == CX_RNG_ALG_PHILOX && n != 2 && n != 3)
    return cx_verify_error(op, "PHILOX algorithm requires an initial state of size 2 or 3, but got %lld",
                           (long long)n);
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, out, CX_V_INT | CX_V_FLOAT, "result #1 (output)"));
  return NULL;
}

cx_status_t cx_verify_rng(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_RNG: return verify_rng(vc, op);
    case CX_OP_RNG_BIT_GENERATOR: return verify_rng_bit_generator(vc, op);
    default: return cx_verify_error(op, "is not a random-number op");
  }
}

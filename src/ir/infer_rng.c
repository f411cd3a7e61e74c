// Shape functions of the random-number ops: rng (its result has the shape
// its `shape` operand holds, dynamic dims when that value is unknown) and
// rng_bit_generator (the output state has the initial state's type; the
// output's type is the op's choice).
#include "ir/infer_util.h"

cx_status_t cx_infer_rng(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 3, 3));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  int dist;
  CX_RETURN_IF_ERROR(cx_i_get_enum(s, CX_I_NAME(s, rng_distribution), CX_ENUM_RNG_DISTRIBUTION,
                                   true, 0, &dist, NULL));
  const cx_type_t *a = cx_i_otype(s, 0), *b = cx_i_otype(s, 1), *shape = cx_i_otype(s, 2);
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, a, CX_V_BOOL | CX_V_INT | CX_V_FLOAT, "operand #0 (a)"));
  if (cx_v_rank(a) != 0 || cx_v_rank(b) != 0)
    return cx_i_error(s, NULL, "a and b must be 0-dimensional tensors");
  if (!cx_v_elem_eq(a, b))
    return cx_i_error(s, "rng_c1", "requires the same element type for a, b and the result");
  if (dist == CX_RNG_NORMAL && !cx_v_is_float(a))
    return cx_i_error(s, "rng_c2",
                      "NORMAL distribution requires floating-point operands, but got '%s'",
                      cx_i_type_str(s, a));
  if (cx_v_rank(shape) != 1 || !(cx_v_is_int(shape) || cx_v_kind(shape) == CX_ELEM_INDEX))
    return cx_i_error(s, NULL,
                      "shape must be a 1-dimensional tensor of integer values, but got '%s'",
                      cx_i_type_str(s, shape));
  // rng_c3: shape(result) = shape
  int64_t dims[CX_V_MAX_RANK];
  cx_v_ints_t v;
  int64_t rank = cx_v_dim(shape, 0);
  if (cx_i_const_ints(s, 2, &v)) {
    if (v.n > CX_V_MAX_RANK) return cx_i_error(s, NULL, "shape has too many elements");
    for (uint32_t d = 0; d < v.n; d++) {
      if (v.v[d] < 0)
        return cx_i_error(s, "rng_c3", "shape holds a negative size %lld", (long long)v.v[d]);
      dims[d] = v.v[d];
    }
    rank = v.n;
  } else {
    if (cx_v_dyn(rank)) return cx_i_result(s, NULL);
    if (rank > CX_V_MAX_RANK) return cx_i_error(s, NULL, "shape has too many elements");
    for (int64_t d = 0; d < rank; d++) dims[d] = CX_DYNAMIC_DIM;
  }
  return cx_i_result_tensor(s, a->tensor.element, (uint32_t)rank, dims, NULL);
}

cx_status_t cx_infer_rng_bit_generator(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  int alg;
  CX_RETURN_IF_ERROR(
      cx_i_get_enum(s, CX_I_NAME(s, rng_algorithm), CX_ENUM_RNG_ALGORITHM, true, 0, &alg, NULL));
  const cx_type_t* st = cx_i_otype(s, 0);
  // The spec types initial_state as a 1-D ui64 tensor, but the reference
  // implementation accepts any integer or floating-point tensor and the
  // StableHLO compatibility suite uses tensor<f32> states; only the element
  // class is enforced here, and rng_bit_generator_c2 for 1-D states.
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, st, CX_V_INT | CX_V_FLOAT, "operand #0 (initial_state)"));
  int64_t n = cx_v_rank(st) == 1 ? cx_v_dim(st, 0) : CX_V_DYN;
  if (!cx_v_dyn(n) && alg == CX_RNG_ALG_THREE_FRY && n != 2)
    return cx_i_error(s, "rng_bit_generator_c2",
                      "THREE_FRY algorithm requires an initial state of size 2, but got %lld",
                      (long long)n);
  if (!cx_v_dyn(n) && alg == CX_RNG_ALG_PHILOX && n != 2 && n != 3)
    return cx_i_error(s, "rng_bit_generator_c2",
                      "PHILOX algorithm requires an initial state of size 2 or 3, but got %lld",
                      (long long)n);
  // rng_bit_generator_c1; the output's shape and element type are the op's.
  CX_RETURN_IF_ERROR(cx_i_result(s, st));
  return cx_i_result(s, NULL);
}

// Dynamic-shape ops: get_dimension_size, set_dimension_size, dynamic_iota,
// dynamic_reshape, dynamic_broadcast_in_dim, dynamic_pad, real_dynamic_slice.
// The shape function (infer_dynamic_shape.c) checks the operands and infers
// the result shape, from the values of the shape operands when they are
// constants; here the declared result is compared with it, and the
// constraints that relate the result's rank and element type to the
// operands are checked.
#include "ir/verify_util.h"

// The declared result has the rank a shape operand of length n implies.
static cx_status_t expect_rank(const cx_op_t* op, const char* what, int64_t n, const cx_type_t* y) {
  if (!cx_v_dims_compat(n, cx_v_rank(y)))
    return cx_verify_error(op, "%s has %lld elements, but the result has rank %u", what,
                           (long long)n, cx_v_rank(y));
  return NULL;
}

static int64_t shape_len(const cx_op_t* op, uint32_t i) {
  return cx_v_dim(cx_v_otype(op, i), 0);
}

static cx_status_t verify_dynamic_iota(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* want,
                                       const cx_type_t* y) {
  CX_RETURN_IF_ERROR(cx_v_check_elem(
      vc, op, y, CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR, "result #0"));
  // dynamic_iota_c2
  CX_RETURN_IF_ERROR(expect_rank(op, "output_shape", shape_len(op, 0), y));
  // dynamic_iota_c1
  int64_t d;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, iota_dimension), true, 0, &d));
  if (d < 0 || d >= (int64_t)cx_v_rank(y))
    return cx_verify_error(op, "iota dimension %lld is out of bounds for rank %u", (long long)d,
                           cx_v_rank(y));
  return cx_v_expect_result(vc, op, 0, want, NULL);
}

static cx_status_t verify_dynamic_reshape(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* want,
                                          const cx_type_t* y) {
  const cx_type_t* x = cx_v_otype(op, 0);
  // dynamic_reshape_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // dynamic_reshape_c3
  CX_RETURN_IF_ERROR(cx_v_check_reshape_axis(vc, op, x, y));
  // dynamic_reshape_c4
  CX_RETURN_IF_ERROR(expect_rank(op, "output_shape", shape_len(op, 1), y));
  // dynamic_reshape_c2 (when both sizes are static)
  int64_t nx = cx_v_num_elements(x), ny = cx_v_num_elements(y);
  if (nx >= 0 && ny >= 0 && nx != ny)
    return cx_verify_error(
        op, "number of output elements (%lld) doesn't match expected number of elements (%lld)",
        (long long)ny, (long long)nx);
  if (!want) return NULL;
  // Quantization parameters may differ per axis (c1): compare shapes only.
  if (!cx_v_shapes_compat(want, y)) return cx_v_expect_result(vc, op, 0, want, NULL);
  return NULL;
}

static cx_status_t verify_dynamic_broadcast_in_dim(cx_verify_ctx_t* vc, cx_op_t* op,
                                                   const cx_type_t* want, const cx_type_t* y) {
  const cx_type_t* x = cx_v_otype(op, 0);
  cx_v_ints_t bd;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, broadcast_dimensions), true, &bd, NULL));
  uint32_t rx = cx_v_rank(x), ry = cx_v_rank(y);
  // dynamic_broadcast_in_dim_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  if (ry < rx)
    return cx_verify_error(op, "result rank (%u) is less than operand rank (%u)", ry, rx);
  // dynamic_broadcast_in_dim_c3
  if (!cx_v_in_range(bd.v, bd.n, 0, ry))
    return cx_verify_error(
        op, "broadcast_dimensions %s contains a value out of range for result rank %u",
        cx_v_ints_str(vc, bd.v, bd.n), ry);
  // dynamic_broadcast_in_dim_c5
  for (uint32_t d = 0; d < rx; d++) {
    int64_t od = cx_v_dim(x, d), rd = cx_v_dim(y, (uint32_t)bd.v[d]);
    if (od != 1 && !cx_v_dims_compat(od, rd))
      return cx_verify_error(op,
                             "size of operand dimension %u (%lld) is not compatible with size of "
                             "result dimension %lld (%lld)",
                             d, (long long)od, (long long)bd.v[d], (long long)rd);
  }
  // dynamic_broadcast_in_dim_c6
  CX_RETURN_IF_ERROR(cx_v_check_broadcast_axis(vc, op, x, y, bd.v, bd.n));
  // dynamic_broadcast_in_dim_c7
  CX_RETURN_IF_ERROR(expect_rank(op, "output_dimensions", shape_len(op, 1), y));
  if (want && !cx_v_shapes_compat(want, y)) return cx_v_expect_result(vc, op, 0, want, NULL);
  return NULL;
}

cx_status_t cx_verify_dynamic_shape(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *want = NULL, *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_infer_tensor_result(vc, op, &want, &y));
  switch (op->kind) {
    case CX_OP_GET_DIMENSION_SIZE:
      if (!cx_infer_compatible(want, y))
        return cx_verify_error(op, "result #0 must be a 0-dimensional tensor of i32, but got '%s'",
                               cx_v_type_str(vc, y));
      return NULL;
    case CX_OP_DYNAMIC_IOTA:
      return verify_dynamic_iota(vc, op, want, y);
    case CX_OP_DYNAMIC_RESHAPE:
      return verify_dynamic_reshape(vc, op, want, y);
    case CX_OP_DYNAMIC_BROADCAST_IN_DIM:
      return verify_dynamic_broadcast_in_dim(vc, op, want, y);
    default:
      // set_dimension_size; dynamic_pad_c1; real_dynamic_slice_c1
      if (!cx_v_elem_eq(want, y))
        return cx_verify_error(
            op, op->kind == CX_OP_DYNAMIC_PAD
                    ? "requires the same element type for operand, padding value and result"
                    : "requires the same element type for operand and result");
      if (cx_v_rank(y) != cx_v_rank(want))
        return cx_verify_error(op, "result rank (%u) does not match operand rank (%u)",
                               cx_v_rank(y), cx_v_rank(want));
      return cx_v_expect_result(vc, op, 0, want, NULL);
  }
}

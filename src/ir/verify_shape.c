// Static shape manipulation: iota, broadcast_in_dim, broadcast (legacy),
// reshape, transpose, reverse, slice, concatenate, pad, dynamic_slice,
// dynamic_update_slice (spec sections of the same names). The shape
// function (infer_shape.c) checks operands and attributes and infers the
// result type; here the declared result is compared with it. iota,
// broadcast_in_dim and reshape produce the shape of their result type, so
// their constraints on the result are checked here.
#include "ir/verify_util.h"

static cx_status_t verify_iota(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* y = NULL;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t d;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, iota_dimension), true, 0, &d));
  CX_RETURN_IF_ERROR(cx_v_check_elem(
      vc, op, y, CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR, "result #0"));
  // iota_c1
  if (d < 0 || d >= (int64_t)cx_v_rank(y))
    return cx_verify_error(op, "iota dimension %lld is out of bounds for rank %u", (long long)d,
                           cx_v_rank(y));
  return NULL;
}

static cx_status_t verify_broadcast_in_dim(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *x = cx_v_otype(op, 0), *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  cx_v_ints_t bd;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, broadcast_dimensions), true, &bd, NULL));
  // broadcast_in_dim_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // broadcast_in_dim_c3
  for (uint32_t i = 0; i < bd.n; i++)
    if (bd.v[i] < 0 || bd.v[i] >= (int64_t)cx_v_rank(y))
      return cx_verify_error(
          op, "broadcast_dimensions contains invalid value %lld for result with rank %u",
          (long long)bd.v[i], cx_v_rank(y));
  // broadcast_in_dim_c5
  for (uint32_t d = 0; d < bd.n; d++) {
    int64_t od = cx_v_dim(x, d), rd = cx_v_dim(y, (uint32_t)bd.v[d]);
    if (od != 1 && !cx_v_dims_compat(od, rd))
      return cx_verify_error(op,
                             "size of operand dimension %u (%lld) is not equal to 1 or size of "
                             "result dimension %lld (%lld)",
                             d, (long long)od, (long long)bd.v[d], (long long)rd);
  }
  // broadcast_in_dim_c6
  return cx_v_check_broadcast_axis(vc, op, x, y, bd.v, bd.n);
}

static cx_status_t verify_reshape(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *x = cx_v_otype(op, 0), *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  // reshape_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // reshape_c2 (statically checkable only when both shapes are static)
  int64_t nx = cx_v_num_elements(x), ny = cx_v_num_elements(y);
  if (nx >= 0 && ny >= 0 && nx != ny)
    return cx_verify_error(
        op, "number of output elements (%lld) doesn't match expected number of elements (%lld)",
        (long long)ny, (long long)nx);
  // reshape_c3
  return cx_v_check_reshape_axis(vc, op, x, y);
}

static cx_status_t verify_transpose(cx_verify_ctx_t* vc, cx_op_t* op, const cx_type_t* want) {
  const cx_type_t *x = cx_v_otype(op, 0), *y = NULL;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  // transpose_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // transpose_c3
  CX_RETURN_IF_ERROR(cx_v_expect_result(vc, op, 0, want, NULL));
  // transpose_c4
  if (cx_v_is_per_axis(y)) {
    cx_v_ints_t perm;
    CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, permutation), true, &perm, NULL));
    if (!cx_v_is_per_axis(x))
      return cx_verify_error(
          op, "requires a per-axis quantized operand for a per-axis quantized result");
    if ((uint32_t)y->tensor.element->quant.axis >= perm.n ||
        perm.v[y->tensor.element->quant.axis] != x->tensor.element->quant.axis)
      return cx_verify_error(
          op, "operand quantization dimension must be permutation[result quantization dimension]");
  }
  return NULL;
}

cx_status_t cx_verify_shape(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t* const* inferred;
  CX_RETURN_IF_ERROR(cx_v_infer(vc, op, &inferred));
  const cx_type_t* want = inferred[0];
  switch (op->kind) {
    case CX_OP_IOTA:
      return verify_iota(vc, op);
    case CX_OP_BROADCAST_IN_DIM:
      return verify_broadcast_in_dim(vc, op);
    case CX_OP_RESHAPE:
      return verify_reshape(vc, op);
    case CX_OP_TRANSPOSE:
      return verify_transpose(vc, op, want);
    case CX_OP_REVERSE:
    case CX_OP_DYNAMIC_UPDATE_SLICE:
      // reverse_c1, dynamic_update_slice_c1
      if (!cx_v_types_compat(want, cx_v_rtype(op, 0)))
        return cx_verify_error(op, op->kind == CX_OP_REVERSE
                                       ? "requires the same type for all operands and results"
                                       : "requires the same type for operand and result");
      return NULL;
    case CX_OP_CONCATENATE:
      // concatenate_c5, concatenate_c6
      return cx_v_expect_same(vc, op, 0, want,
                              "requires the same element type for operands and result");
    case CX_OP_PAD:
      // pad_c1, pad_c4
      return cx_v_expect_same(
          vc, op, 0, want, "requires the same element type for operand, padding value and result");
    default:
      // broadcast; slice_c1, slice_c5; dynamic_slice_c1, dynamic_slice_c5
      return cx_v_expect_same(vc, op, 0, want,
                              "requires the same element type for operand and result");
  }
}

// Dynamic-shape ops: get_dimension_size, set_dimension_size, dynamic_iota,
// dynamic_reshape, dynamic_broadcast_in_dim, dynamic_pad, real_dynamic_slice.
// Their shape operands are 1-D integer (or index) tensors whose values are
// usually unknown statically; when a shape operand is produced by
// stablehlo.constant its values are used to check the result shape too.
#include "ir/verify_util.h"

// A 1-D integer or index tensor of static size; writes the size.
static cx_status_t shape_operand(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t i,
                                 const char* what, int64_t* out_size) {
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, i, &t));
  cx_elem_t k = cx_v_kind(t);
  if (cx_v_rank(t) != 1 || !(cx_v_is_int(t) || k == CX_ELEM_INDEX))
    return cx_verify_error(op, "%s must be a 1-dimensional tensor of integer or index values, but got '%s'",
                           what, cx_v_type_str(vc, t));
  *out_size = cx_v_dim(t, 0);
  return NULL;
}

static cx_status_t verify_get_dimension_size(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t d;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, dimension), true, 0, &d));
  // get_dimension_size_c1
  if (d < 0 || d >= (int64_t)cx_v_rank(x))
    return cx_verify_error(op, "requires dimension attribute in range [0, %u); found (%lld)",
                           cx_v_rank(x), (long long)d);
  if (cx_v_rank(y) != 0 || cx_v_kind(y) != CX_ELEM_SI32)
    return cx_verify_error(op, "result #0 must be a 0-dimensional tensor of i32, but got '%s'",
                           cx_v_type_str(vc, y));
  return NULL;
}

static cx_status_t verify_set_dimension_size(cx_verify_ctx_t* vc, cx_op_t* op) {
  // Not in the spec (a "dynamism" op bootstrapped from MHLO): the result is
  // the operand with dimension `dimension` resized to `size`.
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  const cx_type_t *x, *s, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &s));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t d;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, dimension), true, 0, &d));
  if (cx_v_rank(s) != 0 || cx_v_kind(s) != CX_ELEM_SI32)
    return cx_verify_error(op, "size operand must be a 0-dimensional tensor of i32, but got '%s'",
                           cx_v_type_str(vc, s));
  if (d < 0 || d >= (int64_t)cx_v_rank(x))
    return cx_verify_error(op, "requires dimension attribute in range [0, %u); found (%lld)",
                           cx_v_rank(x), (long long)d);
  if (!cx_v_elem_eq(x, y) || cx_v_rank(x) != cx_v_rank(y))
    return cx_verify_error(op, "requires the result to have the operand's element type and rank");
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < cx_v_rank(x); i++) dims[i] = cx_v_dim(x, i);
  cx_v_ints_t sv;
  dims[d] = cx_v_const_ints(vc, op->operands[1].value, &sv) && sv.n == 1 ? sv.v[0] : CX_V_DYN;
  return cx_v_expect_shape(vc, op, y, cx_v_rank(x), dims, "result");
}

static cx_status_t verify_dynamic_iota(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t* y;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t n, d;
  CX_RETURN_IF_ERROR(shape_operand(vc, op, 0, "output_shape", &n));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, iota_dimension), true, 0, &d));
  CX_RETURN_IF_ERROR(cx_v_check_elem(
      vc, op, y, CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR, "result #0"));
  // dynamic_iota_c2
  if (!cx_v_dims_compat(n, cx_v_rank(y)))
    return cx_verify_error(op, "output_shape has %lld elements, but the result has rank %u",
                           (long long)n, cx_v_rank(y));
  // dynamic_iota_c1
  if (d < 0 || d >= (int64_t)cx_v_rank(y))
    return cx_verify_error(op, "iota dimension %lld is out of bounds for rank %u", (long long)d,
                           cx_v_rank(y));
  cx_v_ints_t sv;
  if (cx_v_const_ints(vc, op->operands[0].value, &sv))
    return cx_v_expect_shape(vc, op, y, sv.n, sv.v, "result");
  return NULL;
}

static cx_status_t verify_dynamic_reshape(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t n;
  CX_RETURN_IF_ERROR(shape_operand(vc, op, 1, "output_shape", &n));
  // dynamic_reshape_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // dynamic_reshape_c3
  CX_RETURN_IF_ERROR(cx_v_check_reshape_axis(vc, op, x, y));
  // dynamic_reshape_c4
  if (!cx_v_dims_compat(n, cx_v_rank(y)))
    return cx_verify_error(op, "output_shape has %lld elements, but the result has rank %u",
                           (long long)n, cx_v_rank(y));
  // dynamic_reshape_c2 (when both sizes are static)
  int64_t nx = cx_v_num_elements(x), ny = cx_v_num_elements(y);
  if (nx >= 0 && ny >= 0 && nx != ny)
    return cx_verify_error(op, "number of output elements (%lld) doesn't match expected number of elements (%lld)",
                           (long long)ny, (long long)nx);
  cx_v_ints_t sv;
  if (cx_v_const_ints(vc, op->operands[1].value, &sv))
    return cx_v_expect_shape(vc, op, y, sv.n, sv.v, "result");
  return NULL;
}

static cx_status_t verify_dynamic_broadcast_in_dim(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t n;
  CX_RETURN_IF_ERROR(shape_operand(vc, op, 1, "output_dimensions", &n));
  cx_v_ints_t bd, ke, kn;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, broadcast_dimensions), true, &bd, NULL));
  CX_RETURN_IF_ERROR(
      cx_v_get_ints(vc, op, CX_V_NAME(vc, known_expanding_dimensions), false, &ke, NULL));
  CX_RETURN_IF_ERROR(
      cx_v_get_ints(vc, op, CX_V_NAME(vc, known_nonexpanding_dimensions), false, &kn, NULL));
  uint32_t rx = cx_v_rank(x), ry = cx_v_rank(y);
  // dynamic_broadcast_in_dim_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // dynamic_broadcast_in_dim_c2
  if (bd.n != rx)
    return cx_verify_error(op, "broadcast_dimensions size (%u) does not match operand rank (%u)",
                           bd.n, rx);
  if (ry < rx)
    return cx_verify_error(op, "result rank (%u) is less than operand rank (%u)", ry, rx);
  // dynamic_broadcast_in_dim_c3
  if (!cx_v_in_range(bd.v, bd.n, 0, ry))
    return cx_verify_error(op, "broadcast_dimensions %s contains a value out of range for result rank %u",
                           cx_v_ints_str(vc, bd.v, bd.n), ry);
  // dynamic_broadcast_in_dim_c4
  if (!cx_v_unique(vc, bd.v, bd.n))
    return cx_verify_error(op, "broadcast_dimensions should not have duplicates");
  // dynamic_broadcast_in_dim_c5
  for (uint32_t d = 0; d < rx; d++) {
    int64_t od = cx_v_dim(x, d), rd = cx_v_dim(y, (uint32_t)bd.v[d]);
    if (od != 1 && !cx_v_dims_compat(od, rd))
      return cx_verify_error(op, "size of operand dimension %u (%lld) is not compatible with size of result dimension %lld (%lld)",
                             d, (long long)od, (long long)bd.v[d], (long long)rd);
  }
  // dynamic_broadcast_in_dim_c6
  CX_RETURN_IF_ERROR(cx_v_check_broadcast_axis(vc, op, x, y, bd.v, bd.n));
  // dynamic_broadcast_in_dim_c7
  if (!cx_v_dims_compat(n, ry))
    return cx_verify_error(op, "output_dimensions has %lld elements, but the result has rank %u",
                           (long long)n, ry);
  // dynamic_broadcast_in_dim_c8 .. c10
  if (!cx_v_unique2(vc, ke.v, ke.n, kn.v, kn.n))
    return cx_verify_error(op, "known_expanding_dimensions and known_nonexpanding_dimensions must be disjoint and unique");
  if (!cx_v_in_range(ke.v, ke.n, 0, rx) || !cx_v_in_range(kn.v, kn.n, 0, rx))
    return cx_verify_error(op, "known_expanding_dimensions and known_nonexpanding_dimensions must be operand dimensions");
  cx_v_ints_t sv;
  if (cx_v_const_ints(vc, op->operands[1].value, &sv))
    return cx_v_expect_shape(vc, op, y, sv.n, sv.v, "result");
  return NULL;
}

static cx_status_t verify_dynamic_pad(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 5, 5));
  const cx_type_t *x, *pv, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &pv));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  uint32_t r = cx_v_rank(x);
  static const char* const names[3] = {"edge_padding_low", "edge_padding_high",
                                       "interior_padding"};
  cx_v_ints_t pads[3];
  bool known = true;
  for (uint32_t i = 0; i < 3; i++) {
    int64_t n;
    CX_RETURN_IF_ERROR(shape_operand(vc, op, 2 + i, names[i], &n));
    if (cx_v_otype(op, 2 + i) != cx_v_otype(op, 2))
      return cx_verify_error(op, "padding operands must have the same type");
    // dynamic_pad_c2
    if (!cx_v_dims_compat(n, r))
      return cx_verify_error(op, "%s has %lld elements, but the operand has rank %u", names[i],
                             (long long)n, r);
    known = known && cx_v_const_ints(vc, op->operands[2 + i].value, &pads[i]) && pads[i].n == r;
  }
  if (cx_v_rank(pv) != 0)
    return cx_verify_error(op, "padding value type should be a rank-0 tensor, is rank %u",
                           cx_v_rank(pv));
  // dynamic_pad_c1
  if (!cx_v_elem_eq(x, pv) || !cx_v_elem_eq(x, y))
    return cx_verify_error(op, "requires the same element type for operand, padding value and result");
  if (cx_v_rank(y) != r)
    return cx_verify_error(op, "result rank (%u) does not match operand rank (%u)", cx_v_rank(y), r);
  if (!known) return NULL;
  // dynamic_pad_c3, dynamic_pad_c4 (when the paddings are constants)
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) {
    int64_t d = cx_v_dim(x, i), lo = pads[0].v[i], hi = pads[1].v[i], in = pads[2].v[i], v;
    if (in < 0) return cx_verify_error(op, "interior padding cannot be negative: %lld", (long long)in);
    if (cx_v_dyn(d)) {
      dims[i] = CX_V_DYN;
      continue;
    }
    if (!cx_v_mul(d > 0 ? d - 1 : 0, in, &v) || !cx_v_add(v, d, &v) || !cx_v_add(v, lo, &v) ||
        !cx_v_add(v, hi, &v) || v < 0)
      return cx_verify_error(op, "padding results in an invalid size for dimension %u", i);
    dims[i] = v;
  }
  return cx_v_expect_shape(vc, op, y, r, dims, "result");
}

static cx_status_t verify_real_dynamic_slice(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 4, 4));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  uint32_t r = cx_v_rank(x);
  static const char* const names[3] = {"start_indices", "limit_indices", "strides"};
  cx_v_ints_t v[3];
  bool known = true;
  for (uint32_t i = 0; i < 3; i++) {
    int64_t n;
    CX_RETURN_IF_ERROR(shape_operand(vc, op, 1 + i, names[i], &n));
    if (cx_v_otype(op, 1 + i) != cx_v_otype(op, 1))
      return cx_verify_error(op, "start_indices, limit_indices and strides must have the same type");
    if (!cx_v_dims_compat(n, r))
      return cx_verify_error(op, "%s has %lld elements, but the operand has rank %u", names[i],
                             (long long)n, r);
    known = known && cx_v_const_ints(vc, op->operands[1 + i].value, &v[i]) && v[i].n == r;
  }
  if (!cx_v_elem_eq(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  if (cx_v_rank(y) != r)
    return cx_verify_error(op, "result rank (%u) does not match operand rank (%u)", cx_v_rank(y), r);
  if (!known) return NULL;
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) {
    int64_t st = v[0].v[i], lim = v[1].v[i], str = v[2].v[i], d = cx_v_dim(x, i);
    if (st < 0 || lim < st || (!cx_v_dyn(d) && lim > d) || str <= 0)
      return cx_verify_error(op, "has an invalid slice [%lld:%lld:%lld] in dimension %u",
                             (long long)st, (long long)lim, (long long)str, i);
    dims[i] = (lim - st) / str + ((lim - st) % str != 0);
  }
  return cx_v_expect_shape(vc, op, y, r, dims, "result");
}

cx_status_t cx_verify_dynamic_shape(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_GET_DIMENSION_SIZE: return verify_get_dimension_size(vc, op);
    case CX_OP_SET_DIMENSION_SIZE: return verify_set_dimension_size(vc, op);
    case CX_OP_DYNAMIC_IOTA: return verify_dynamic_iota(vc, op);
    case CX_OP_DYNAMIC_RESHAPE: return verify_dynamic_reshape(vc, op);
    case CX_OP_DYNAMIC_BROADCAST_IN_DIM: return verify_dynamic_broadcast_in_dim(vc, op);
    case CX_OP_DYNAMIC_PAD: return verify_dynamic_pad(vc, op);
    case CX_OP_REAL_DYNAMIC_SLICE: return verify_real_dynamic_slice(vc, op);
    default: return cx_verify_error(op, "is not a dynamic-shape op");
  }
}

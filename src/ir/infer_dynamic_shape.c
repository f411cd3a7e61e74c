// Shape functions of the dynamic-shape ops: get_dimension_size,
// set_dimension_size, dynamic_iota, dynamic_reshape,
// dynamic_broadcast_in_dim, dynamic_pad, real_dynamic_slice. Their shape
// operands are 1-D integer (or index) tensors. When a shape operand's value
// is known (given in the input, or the operand is a stablehlo.constant) the
// result shape follows from it; otherwise the result has dynamic dims of
// the rank the operand's length implies (NULL if that length is dynamic
// too).
#include "ir/infer_util.h"

// A 1-D integer or index tensor of static size; writes the size.
static cx_status_t shape_operand(const cx_infer_state_t* s, uint32_t i, const char* what,
                                 int64_t* out_size) {
  const cx_type_t* t;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, i, &t));
  cx_elem_t k = cx_v_kind(t);
  if (cx_v_rank(t) != 1 || !(cx_v_is_int(t) || k == CX_ELEM_INDEX))
    return cx_i_error(s, NULL,
                      "%s must be a 1-dimensional tensor of integer or index values, but got '%s'",
                      what, cx_i_type_str(s, t));
  *out_size = cx_v_dim(t, 0);
  return NULL;
}

// The result shape a shape operand holds: its values when known (they must
// be sizes), else `n` dynamic dims (*out_rank = -1 when n is dynamic too).
static cx_status_t shape_from_operand(const cx_infer_state_t* s, uint32_t i, int64_t n,
                                      const char* what, int64_t* dims, int64_t* out_rank) {
  cx_v_ints_t v;
  if (cx_i_const_ints(s, i, &v)) {
    if (v.n > CX_V_MAX_RANK) return cx_i_error(s, NULL, "%s has too many elements", what);
    for (uint32_t d = 0; d < v.n; d++) {
      if (v.v[d] < 0)
        return cx_i_error(s, NULL, "%s holds a negative size %lld", what, (long long)v.v[d]);
      dims[d] = v.v[d];
    }
    *out_rank = v.n;
    return NULL;
  }
  if (cx_v_dyn(n)) {
    *out_rank = -1;
    return NULL;
  }
  if (n > CX_V_MAX_RANK) return cx_i_error(s, NULL, "%s has too many elements", what);
  for (int64_t d = 0; d < n; d++) dims[d] = CX_DYNAMIC_DIM;
  *out_rank = n;
  return NULL;
}

cx_status_t cx_infer_get_dimension_size(cx_infer_state_t* s) {
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  int64_t d;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, dimension), true, 0, &d));
  if (d < 0 || d >= (int64_t)cx_v_rank(x))
    return cx_i_error(s, "get_dimension_size_c1",
                      "requires dimension attribute in range [0, %u); found (%lld)", cx_v_rank(x),
                      (long long)d);
  const cx_type_t* i32 = cx_type_element(s->ctx, CX_ELEM_SI32);
  return i32 ? cx_i_result_tensor(s, i32, 0, NULL, NULL) : CX_OOM();
}

cx_status_t cx_infer_set_dimension_size(cx_infer_state_t* s) {
  // Not in the spec (a "dynamism" op bootstrapped from MHLO): the result is
  // the operand with dimension `dimension` resized to `size`. As StableHLO
  // infers it, a constant size equal to the dim's static size (or bound)
  // keeps the dim static; any other size makes it dynamic, bounded by the
  // operand's size.
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t *x, *sz;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &sz));
  int64_t d;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, dimension), true, 0, &d));
  if (cx_v_rank(sz) != 0 || cx_v_kind(sz) != CX_ELEM_SI32)
    return cx_i_error(s, NULL, "size operand must be a 0-dimensional tensor of i32, but got '%s'",
                      cx_i_type_str(s, sz));
  uint32_t r = cx_v_rank(x);
  if (d < 0 || d >= (int64_t)r)
    return cx_i_error(s, NULL, "requires dimension attribute in range [0, %u); found (%lld)", r,
                      (long long)d);
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t* xb = NULL;
  cx_i_bounds(x, &xb);
  for (uint32_t i = 0; i < r; i++) {
    dims[i] = cx_v_dim(x, i);
    bounds[i] = xb ? xb[i] : CX_DYNAMIC_DIM;
  }
  if (!cx_v_dyn(dims[d])) bounds[d] = dims[d];
  dims[d] = CX_DYNAMIC_DIM;
  cx_v_ints_t v;
  if (cx_i_const_ints(s, 1, &v) && v.n == 1 && v.v[0] == bounds[d]) {
    dims[d] = v.v[0];
    bounds[d] = CX_DYNAMIC_DIM;
  }
  return cx_i_result_tensor(s, x->tensor.element, r, dims, bounds);
}

cx_status_t cx_infer_dynamic_iota(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  int64_t n, d, rank;
  CX_RETURN_IF_ERROR(shape_operand(s, 0, "output_shape", &n));
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, iota_dimension), true, 0, &d));
  int64_t dims[CX_V_MAX_RANK];
  CX_RETURN_IF_ERROR(shape_from_operand(s, 0, n, "output_shape", dims, &rank));
  if (rank < 0) return cx_i_result(s, NULL);
  // dynamic_iota_c1
  if (d < 0 || d >= rank)
    return cx_i_error(s, "dynamic_iota_c1", "iota dimension %lld is out of bounds for rank %lld",
                      (long long)d, (long long)rank);
  // dynamic_iota_c2; the element type is the result's.
  return cx_i_result_tensor(s, cx_i_none(s), (uint32_t)rank, dims, NULL);
}

cx_status_t cx_infer_dynamic_reshape(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  int64_t n, rank;
  CX_RETURN_IF_ERROR(shape_operand(s, 1, "output_shape", &n));
  int64_t dims[CX_V_MAX_RANK];
  CX_RETURN_IF_ERROR(shape_from_operand(s, 1, n, "output_shape", dims, &rank));
  if (rank < 0) return cx_i_result(s, NULL);
  // dynamic_reshape_c2, when the operand's size and output_shape are known
  int64_t nx = cx_v_num_elements(x), ny = 1;
  for (int64_t i = 0; i < rank && ny >= 0; i++)
    if (cx_v_dyn(dims[i]) || !cx_v_mul(ny, dims[i], &ny)) ny = -1;
  if (nx >= 0 && ny >= 0 && nx != ny)
    return cx_i_error(
        s, "dynamic_reshape_c2",
        "number of output elements (%lld) doesn't match expected number of elements (%lld)",
        (long long)ny, (long long)nx);
  // dynamic_reshape_c1 (up to per-axis quantization parameters), c4
  return cx_i_result_tensor(s, x->tensor.element, (uint32_t)rank, dims, NULL);
}

cx_status_t cx_infer_dynamic_broadcast_in_dim(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  int64_t n, rank;
  CX_RETURN_IF_ERROR(shape_operand(s, 1, "output_dimensions", &n));
  cx_v_ints_t bd, ke, kn;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, broadcast_dimensions), true, &bd, NULL));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, known_expanding_dimensions), false, &ke, NULL));
  CX_RETURN_IF_ERROR(
      cx_i_get_ints(s, CX_I_NAME(s, known_nonexpanding_dimensions), false, &kn, NULL));
  uint32_t rx = cx_v_rank(x);
  // dynamic_broadcast_in_dim_c2
  if (bd.n != rx)
    return cx_i_error(s, "dynamic_broadcast_in_dim_c2",
                      "broadcast_dimensions size (%u) does not match operand rank (%u)", bd.n, rx);
  // dynamic_broadcast_in_dim_c4
  if (!cx_i_unique(s, bd.v, bd.n))
    return cx_i_error(s, "dynamic_broadcast_in_dim_c4",
                      "broadcast_dimensions should not have duplicates");
  // dynamic_broadcast_in_dim_c8 .. c10
  if (!cx_i_unique2(s, ke.v, ke.n, kn.v, kn.n))
    return cx_i_error(
        s, "dynamic_broadcast_in_dim_c8",
        "known_expanding_dimensions and known_nonexpanding_dimensions must be disjoint and unique");
  if (!cx_v_in_range(ke.v, ke.n, 0, rx) || !cx_v_in_range(kn.v, kn.n, 0, rx))
    return cx_i_error(
        s, "dynamic_broadcast_in_dim_c9",
        "known_expanding_dimensions and known_nonexpanding_dimensions must be operand dimensions");
  int64_t dims[CX_V_MAX_RANK];
  CX_RETURN_IF_ERROR(shape_from_operand(s, 1, n, "output_dimensions", dims, &rank));
  if (rank < 0) return cx_i_result(s, NULL);
  if (rank < (int64_t)rx)
    return cx_i_error(s, NULL, "result rank (%lld) is less than operand rank (%u)", (long long)rank,
                      rx);
  // dynamic_broadcast_in_dim_c3
  if (!cx_v_in_range(bd.v, bd.n, 0, rank))
    return cx_i_error(s, "dynamic_broadcast_in_dim_c3",
                      "broadcast_dimensions %s contains a value out of range for result rank %lld",
                      cx_i_ints_str(s, bd.v, bd.n), (long long)rank);
  // dynamic_broadcast_in_dim_c5: a static operand dim other than 1 is the
  // result's.
  for (uint32_t d = 0; d < rx; d++) {
    int64_t od = cx_v_dim(x, d), *rd = &dims[bd.v[d]];
    if (cx_v_dyn(od) || od == 1) continue;
    if (!cx_v_dims_compat(od, *rd))
      return cx_i_error(s, "dynamic_broadcast_in_dim_c5",
                        "size of operand dimension %u (%lld) is not compatible with size of result "
                        "dimension %lld (%lld)",
                        d, (long long)od, (long long)bd.v[d], (long long)*rd);
    *rd = od;
  }
  // dynamic_broadcast_in_dim_c1 (up to per-axis quantization parameters)
  return cx_i_result_tensor(s, x->tensor.element, (uint32_t)rank, dims, NULL);
}

cx_status_t cx_infer_dynamic_pad(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 5, 5));
  const cx_type_t *x, *pv;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &pv));
  uint32_t r = cx_v_rank(x);
  static const char* const names[3] = {"edge_padding_low", "edge_padding_high", "interior_padding"};
  cx_v_ints_t pads[3];
  bool known = true;
  for (uint32_t i = 0; i < 3; i++) {
    int64_t n;
    CX_RETURN_IF_ERROR(shape_operand(s, 2 + i, names[i], &n));
    if (cx_i_otype(s, 2 + i) != cx_i_otype(s, 2))
      return cx_i_error(s, NULL, "padding operands must have the same type");
    // dynamic_pad_c2
    if (!cx_v_dims_compat(n, r))
      return cx_i_error(s, "dynamic_pad_c2", "%s has %lld elements, but the operand has rank %u",
                        names[i], (long long)n, r);
    known = known && cx_i_const_ints(s, 2 + i, &pads[i]) && pads[i].n == r;
  }
  if (cx_v_rank(pv) != 0)
    return cx_i_error(s, NULL, "padding value type should be a rank-0 tensor, is rank %u",
                      cx_v_rank(pv));
  // dynamic_pad_c1
  if (!cx_v_elem_eq(x, pv))
    return cx_i_error(s, "dynamic_pad_c1",
                      "requires the same element type for operand, padding value and result");
  // dynamic_pad_c3, dynamic_pad_c4 (when the paddings are known)
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) {
    dims[i] = CX_DYNAMIC_DIM;
    if (!known) continue;
    int64_t d = cx_v_dim(x, i), lo = pads[0].v[i], hi = pads[1].v[i], in = pads[2].v[i], v;
    if (in < 0)
      return cx_i_error(s, "dynamic_pad_c3", "interior padding cannot be negative: %lld",
                        (long long)in);
    if (cx_v_dyn(d)) continue;
    if (!cx_v_mul(d > 0 ? d - 1 : 0, in, &v) || !cx_v_add(v, d, &v) || !cx_v_add(v, lo, &v) ||
        !cx_v_add(v, hi, &v) || v < 0)
      return cx_i_error(s, "dynamic_pad_c4", "padding results in an invalid size for dimension %u",
                        i);
    dims[i] = v;
  }
  return cx_i_result_tensor(s, x->tensor.element, r, dims, NULL);
}

cx_status_t cx_infer_real_dynamic_slice(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 4, 4));
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  uint32_t r = cx_v_rank(x);
  static const char* const names[3] = {"start_indices", "limit_indices", "strides"};
  cx_v_ints_t v[3];
  bool known = true;
  for (uint32_t i = 0; i < 3; i++) {
    int64_t n;
    CX_RETURN_IF_ERROR(shape_operand(s, 1 + i, names[i], &n));
    if (cx_i_otype(s, 1 + i) != cx_i_otype(s, 1))
      return cx_i_error(s, "real_dynamic_slice_c3",
                        "start_indices, limit_indices and strides must have the same type");
    if (!cx_v_dims_compat(n, r))
      return cx_i_error(s, "real_dynamic_slice_c2",
                        "%s has %lld elements, but the operand has rank %u", names[i], (long long)n,
                        r);
    known = known && cx_i_const_ints(s, 1 + i, &v[i]) && v[i].n == r;
  }
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) {
    dims[i] = CX_DYNAMIC_DIM;
    if (!known) continue;
    int64_t st = v[0].v[i], lim = v[1].v[i], str = v[2].v[i], d = cx_v_dim(x, i);
    if (st < 0 || lim < st || (!cx_v_dyn(d) && lim > d) || str <= 0)
      return cx_i_error(s, "real_dynamic_slice_c4",
                        "has an invalid slice [%lld:%lld:%lld] in dimension %u", (long long)st,
                        (long long)lim, (long long)str, i);
    dims[i] = (lim - st) / str + ((lim - st) % str != 0);
  }
  // real_dynamic_slice_c1, real_dynamic_slice_c5
  return cx_i_result_tensor(s, x->tensor.element, r, dims, NULL);
}

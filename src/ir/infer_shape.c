// Shape functions of the static shape manipulations: iota,
// broadcast_in_dim, broadcast (legacy), reshape, transpose, reverse, slice,
// concatenate, pad, dynamic_slice, dynamic_update_slice (spec sections of
// the same names). Bounds of dynamic operand dims carry over as StableHLO
// infers them (transpose permutes them, pad pads them, concatenate adds
// them).
//
// iota, broadcast_in_dim and reshape produce the shape of their result
// type (nothing else determines it): their results are given, and the
// verifier checks them against the operand (verify_shape.c).
#include "ir/infer_util.h"

cx_status_t cx_infer_iota(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 0, 0));
  int64_t d;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, iota_dimension), true, 0, &d));
  return cx_i_results_given(s, 1);
}

cx_status_t cx_infer_broadcast_in_dim(cx_infer_state_t* s) {
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  cx_v_ints_t bd;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, broadcast_dimensions), true, &bd, NULL));
  if (bd.n != cx_v_rank(x))
    return cx_i_error(s, "broadcast_in_dim_c2",
                      "broadcast_dimensions size (%u) does not match operand rank (%u)", bd.n,
                      cx_v_rank(x));
  if (!cx_i_unique(s, bd.v, bd.n))
    return cx_i_error(s, "broadcast_in_dim_c4", "broadcast_dimensions should not have duplicates");
  return cx_i_results_given(s, 1);
}

cx_status_t cx_infer_broadcast(cx_infer_state_t* s) {
  // Legacy op (not in the spec): result shape = broadcast_sizes ++ shape(operand).
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  cx_v_ints_t sizes;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, broadcast_sizes), true, &sizes, NULL));
  uint32_t r = sizes.n + cx_v_rank(x);
  if (r > CX_V_MAX_RANK) return cx_i_error(s, NULL, "result rank %u is too large", r);
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t* xb = NULL;
  cx_i_bounds(x, &xb);
  for (uint32_t i = 0; i < sizes.n; i++) {
    if (sizes.v[i] < 0) return cx_i_error(s, NULL, "broadcast_sizes must be non-negative");
    dims[i] = sizes.v[i];
    bounds[i] = CX_DYNAMIC_DIM;
  }
  for (uint32_t i = 0; i < cx_v_rank(x); i++) {
    dims[sizes.n + i] = cx_v_dim(x, i);
    bounds[sizes.n + i] = xb ? xb[i] : CX_DYNAMIC_DIM;
  }
  return cx_i_result_tensor(s, x->tensor.element, r, dims, bounds);
}

cx_status_t cx_infer_reshape(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, NULL));
  return cx_i_results_given(s, 1);
}

cx_status_t cx_infer_transpose(cx_infer_state_t* s) {
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  cx_v_ints_t perm;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, permutation), true, &perm, NULL));
  uint32_t r = cx_v_rank(x);
  // transpose_c2
  if (perm.n != r || !cx_v_in_range(perm.v, perm.n, 0, r) || !cx_i_unique(s, perm.v, perm.n))
    return cx_i_error(s, "transpose_c2", "permutation %s is not a permutation of [0, %u)",
                      cx_i_ints_str(s, perm.v, perm.n), r);
  // transpose_c3
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t* xb = NULL;
  cx_i_bounds(x, &xb);
  for (uint32_t i = 0; i < r; i++) {
    dims[i] = cx_v_dim(x, (uint32_t)perm.v[i]);
    bounds[i] = xb ? xb[perm.v[i]] : CX_DYNAMIC_DIM;
  }
  return cx_i_result_tensor(s, x->tensor.element, r, dims, bounds);
}

cx_status_t cx_infer_reverse(cx_infer_state_t* s) {
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  cx_v_ints_t dims;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, dimensions), true, &dims, NULL));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  // reverse_c2
  if (!cx_i_unique(s, dims.v, dims.n))
    return cx_i_error(s, "reverse_c2", "dimensions should be unique, but got %s",
                      cx_i_ints_str(s, dims.v, dims.n));
  // reverse_c3
  if (!cx_v_in_range(dims.v, dims.n, 0, cx_v_rank(x)))
    return cx_i_error(s, "reverse_c3", "all dimensions should be in [0, %u), but got %s",
                      cx_v_rank(x), cx_i_ints_str(s, dims.v, dims.n));
  // reverse_c1
  return cx_i_result(s, x);
}

cx_status_t cx_infer_slice(cx_infer_state_t* s) {
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  cx_v_ints_t st, lim, str;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, start_indices), true, &st, NULL));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, limit_indices), true, &lim, NULL));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, strides), true, &str, NULL));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  // slice_c2
  uint32_t r = cx_v_rank(x);
  if (st.n != r || lim.n != r || str.n != r)
    return cx_i_error(s, "slice_c2",
                      "the number of start_indices (%u), limit_indices (%u) and strides (%u) must "
                      "each equal the operand rank (%u)",
                      st.n, lim.n, str.n, r);
  const int64_t* xb = NULL;
  cx_i_bounds(x, &xb);
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) {
    int64_t d = cx_v_dim(x, i), b = xb ? xb[i] : CX_DYNAMIC_DIM;
    // slice_c3
    if (st.v[i] < 0)
      return cx_i_error(s, "slice_c3", "negative start index %lld in dimension %u",
                        (long long)st.v[i], i);
    if (lim.v[i] < st.v[i])
      return cx_i_error(s, "slice_c3",
                        "start index %lld is larger than limit index %lld in dimension %u",
                        (long long)st.v[i], (long long)lim.v[i], i);
    if (!cx_v_dyn(d) && lim.v[i] > d)
      return cx_i_error(s, "slice_c3",
                        "limit index %lld is larger than dimension size %lld in dimension %u",
                        (long long)lim.v[i], (long long)d, i);
    if (cx_v_dyn(d) && !cx_v_dyn(b) && lim.v[i] > b)
      return cx_i_error(s, "slice_c3",
                        "limit index %lld is larger than dimension bound %lld in dimension %u",
                        (long long)lim.v[i], (long long)b, i);
    // slice_c4
    if (str.v[i] <= 0)
      return cx_i_error(s, "slice_c4", "stride must be positive, but got %lld in dimension %u",
                        (long long)str.v[i], i);
    // slice_c5: ceil((limit - start) / stride)
    int64_t span = lim.v[i] - st.v[i];
    dims[i] = span / str.v[i] + (span % str.v[i] != 0);
  }
  // slice_c1
  return cx_i_result_tensor(s, x->tensor.element, r, dims, NULL);
}

// The size and bound of a concatenated dim (StableHLO's
// inferConcatenatedDimAndBound): static sizes add up; a dynamic size is
// bounded by the sum of the static sizes and bounds if all are known.
static void concat_dim(int64_t a, int64_t ab, int64_t b, int64_t bb, int64_t* out,
                       int64_t* out_bound) {
  *out = *out_bound = CX_DYNAMIC_DIM;
  if (!cx_v_dyn(a) && !cx_v_dyn(b)) {
    if (!cx_v_add(a, b, out)) *out = CX_DYNAMIC_DIM;
    return;
  }
  int64_t x = cx_v_dyn(a) ? ab : a, y = cx_v_dyn(b) ? bb : b;
  if (!cx_v_dyn(x) && !cx_v_dyn(y) && !cx_v_add(x, y, out_bound)) *out_bound = CX_DYNAMIC_DIM;
}

cx_status_t cx_infer_concatenate(cx_infer_state_t* s) {
  // concatenate_c3
  uint32_t n = cx_i_num_operands(s);
  if (n < 1) return cx_i_error(s, "concatenate_c3", "expects at least one operand");
  int64_t dim;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, dimension), true, 0, &dim));
  const cx_type_t* x0;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x0));
  uint32_t r = cx_v_rank(x0);
  // concatenate_c4
  if (dim < 0 || dim >= (int64_t)r)
    return cx_i_error(s, "concatenate_c4", "dimension %lld is out of range [0, %u)", (long long)dim,
                      r);
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t* b0 = NULL;
  cx_i_bounds(x0, &b0);
  for (uint32_t i = 0; i < r; i++) {
    dims[i] = cx_v_dim(x0, i);
    bounds[i] = b0 ? b0[i] : CX_DYNAMIC_DIM;
  }
  for (uint32_t k = 1; k < n; k++) {
    const cx_type_t* x;
    CX_RETURN_IF_ERROR(cx_i_tensor(s, k, &x));
    // concatenate_c1
    if (!cx_v_elem_eq(x, x0))
      return cx_i_error(s, "concatenate_c1", "requires the same element type for all operands");
    // concatenate_c2
    if (cx_v_rank(x) != r)
      return cx_i_error(s, "concatenate_c2", "operands (0) and (%u) do not match rank", k);
    const int64_t* xb = NULL;
    cx_i_bounds(x, &xb);
    for (uint32_t i = 0; i < r; i++) {
      int64_t d = cx_v_dim(x, i), b = xb ? xb[i] : CX_DYNAMIC_DIM;
      if (i == (uint32_t)dim) {
        concat_dim(dims[i], bounds[i], d, b, &dims[i], &bounds[i]);
      } else if (!cx_v_dims_compat(d, cx_v_dim(x0, i)) ||
                 !cx_i_merge_dim(dims[i], bounds[i], d, b, &dims[i], &bounds[i])) {
        return cx_i_error(s, "concatenate_c2",
                          "shapes of operand (0) and (%u) are not compatible at non-concat index "
                          "%u: '%s' != '%s'",
                          k, i, cx_i_type_str(s, x0), cx_i_type_str(s, x));
      }
    }
  }
  // concatenate_c5, concatenate_c6
  return cx_i_result_tensor(s, x0->tensor.element, r, dims, bounds);
}

// The padded size (or bound) of one dim: dim + lo + max(dim - 1, 0) *
// interior + hi; false on overflow.
static bool padded(int64_t d, int64_t lo, int64_t hi, int64_t in, int64_t* out) {
  int64_t v;
  return cx_v_mul(d > 0 ? d - 1 : 0, in, &v) && cx_v_add(v, d, &v) && cx_v_add(v, lo, &v) &&
         cx_v_add(v, hi, out);
}

cx_status_t cx_infer_pad(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t *x, *pv;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &pv));
  cx_v_ints_t lo, hi, in;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, edge_padding_low), true, &lo, NULL));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, edge_padding_high), true, &hi, NULL));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, interior_padding), true, &in, NULL));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  if (cx_v_rank(pv) != 0)
    return cx_i_error(s, NULL, "padding value type should be a rank-0 tensor, is rank %u",
                      cx_v_rank(pv));
  // pad_c1
  if (!cx_v_elem_eq(x, pv))
    return cx_i_error(s, "pad_c1",
                      "requires the same element type for operand, padding value and result");
  // pad_c2
  uint32_t r = cx_v_rank(x);
  if (lo.n != r || hi.n != r || in.n != r)
    return cx_i_error(s, "pad_c2",
                      "edge_padding_low (%u), edge_padding_high (%u) and interior_padding (%u) "
                      "must each have the operand rank (%u) entries",
                      lo.n, hi.n, in.n, r);
  const int64_t* xb = NULL;
  cx_i_bounds(x, &xb);
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) {
    // pad_c3
    if (in.v[i] < 0)
      return cx_i_error(s, "pad_c3", "interior padding cannot be negative: %lld",
                        (long long)in.v[i]);
    // pad_c4 (for a dynamic dim, on its bound)
    int64_t d = cx_v_dim(x, i), b = xb ? xb[i] : CX_DYNAMIC_DIM, v;
    dims[i] = bounds[i] = CX_DYNAMIC_DIM;
    int64_t size_or_bound = cx_v_dyn(d) ? b : d;
    if (cx_v_dyn(size_or_bound)) continue;
    if (!padded(size_or_bound, lo.v[i], hi.v[i], in.v[i], &v))
      return cx_i_error(s, "pad_c4", "padded size of dimension %u overflows", i);
    if (v < 0)
      return cx_i_error(s, "pad_c4", "padding results in negative %s for dimension %u",
                        cx_v_dyn(d) ? "bound" : "size", i);
    (cx_v_dyn(d) ? bounds : dims)[i] = v;
  }
  return cx_i_result_tensor(s, x->tensor.element, r, dims, bounds);
}

// Start indices of dynamic_slice / dynamic_update_slice: rank-0 integer
// tensors, all of one type (dynamic_slice_c3, dynamic_update_slice_c5).
static cx_status_t check_start_indices(const cx_infer_state_t* s, uint32_t first,
                                       const char* label) {
  const cx_type_t* t0 = NULL;
  for (uint32_t i = first; i < cx_i_num_operands(s); i++) {
    const cx_type_t* t;
    CX_RETURN_IF_ERROR(cx_i_tensor(s, i, &t));
    if (cx_v_rank(t) != 0 || !cx_v_is_int(t))
      return cx_i_error(
          s, label,
          "start indices must be 0-dimensional tensors of integer type, but operand #%u is '%s'", i,
          cx_i_type_str(s, t));
    if (t0 && t != t0)
      return cx_i_error(s, label, "start indices must have the same type, but got '%s' and '%s'",
                        cx_i_type_str(s, t0), cx_i_type_str(s, t));
    t0 = t;
  }
  return NULL;
}

cx_status_t cx_infer_dynamic_slice(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, -1));
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  cx_v_ints_t sizes;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, slice_sizes), true, &sizes, NULL));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  // dynamic_slice_c2
  uint32_t r = cx_v_rank(x), nidx = cx_i_num_operands(s) - 1;
  if (nidx != r || sizes.n != r)
    return cx_i_error(s, "dynamic_slice_c2",
                      "has %u start indices and %u slice sizes, but the operand has rank %u", nidx,
                      sizes.n, r);
  // dynamic_slice_c3
  CX_RETURN_IF_ERROR(check_start_indices(s, 1, "dynamic_slice_c3"));
  // dynamic_slice_c4
  for (uint32_t i = 0; i < r; i++) {
    int64_t d = cx_v_dim(x, i);
    if (sizes.v[i] < 0)
      return cx_i_error(s, "dynamic_slice_c4", "has negative size index to dynamic slice: %lld",
                        (long long)sizes.v[i]);
    if (!cx_v_dyn(d) && sizes.v[i] > d)
      return cx_i_error(
          s, "dynamic_slice_c4",
          "has slice size %lld greater than dimension size %lld in dimension %u of operand",
          (long long)sizes.v[i], (long long)d, i);
  }
  // dynamic_slice_c1, dynamic_slice_c5
  return cx_i_result_tensor(s, x->tensor.element, r, sizes.v, NULL);
}

cx_status_t cx_infer_dynamic_update_slice(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, -1));
  const cx_type_t *x, *u;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &u));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  // dynamic_update_slice_c2
  if (!cx_v_elem_eq(u, x))
    return cx_i_error(s, "dynamic_update_slice_c2",
                      "requires the same element type for update and operand");
  // dynamic_update_slice_c3
  uint32_t r = cx_v_rank(x), nidx = cx_i_num_operands(s) - 2;
  if (cx_v_rank(u) != r)
    return cx_i_error(s, "dynamic_update_slice_c3",
                      "update rank (%u) does not match operand rank (%u)", cx_v_rank(u), r);
  // dynamic_update_slice_c4
  if (nidx != r)
    return cx_i_error(s, "dynamic_update_slice_c4",
                      "has %u start indices, but the operand has rank %u", nidx, r);
  // dynamic_update_slice_c5
  CX_RETURN_IF_ERROR(check_start_indices(s, 2, "dynamic_update_slice_c5"));
  // dynamic_update_slice_c6
  for (uint32_t i = 0; i < r; i++) {
    int64_t ud = cx_v_dim(u, i), od = cx_v_dim(x, i);
    if (!cx_v_dyn(ud) && !cx_v_dyn(od) && ud > od)
      return cx_i_error(s, "dynamic_update_slice_c6",
                        "expects update dimension %u (%lld) to be at most the operand's (%lld)", i,
                        (long long)ud, (long long)od);
  }
  // dynamic_update_slice_c1
  return cx_i_result(s, x);
}

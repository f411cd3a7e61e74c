// Static shape manipulation: iota, broadcast_in_dim, broadcast (legacy),
// reshape, transpose, reverse, slice, concatenate, pad, dynamic_slice,
// dynamic_update_slice (spec sections of the same names). Result shapes are
// inferred and compared under the dynamism rules of verify_util.h.
#include <string.h>

#include "ir/verify_util.h"

static cx_status_t verify_iota(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 0, 0));
  const cx_type_t* y;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t d;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, iota_dimension), true, 0, &d));
  CX_RETURN_IF_ERROR(cx_v_check_elem(
      vc, op, y, CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX | CX_V_QUANT_TENSOR, "result #0"));
  // iota_c1
  if (d < 0 || d >= (int64_t)cx_v_rank(y))
    return cx_verify_error(op, "iota dimension %lld is out of bounds for rank %u",
                           (long long)d, cx_v_rank(y));
  return NULL;
}

static cx_status_t verify_broadcast_in_dim(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  cx_v_ints_t bd;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, broadcast_dimensions), true, &bd, NULL));
  // broadcast_in_dim_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // broadcast_in_dim_c2
  if (bd.n != cx_v_rank(x))
    return cx_verify_error(op, "broadcast_dimensions size (%u) does not match operand rank (%u)",
                           bd.n, cx_v_rank(x));
  // broadcast_in_dim_c3
  for (uint32_t i = 0; i < bd.n; i++)
    if (bd.v[i] < 0 || bd.v[i] >= (int64_t)cx_v_rank(y))
      return cx_verify_error(op, "broadcast_dimensions contains invalid value %lld for result with rank %u",
                             (long long)bd.v[i], cx_v_rank(y));
  // broadcast_in_dim_c4
  if (!cx_v_unique(vc, bd.v, bd.n))
    return cx_verify_error(op, "broadcast_dimensions should not have duplicates");
  // broadcast_in_dim_c5
  for (uint32_t d = 0; d < bd.n; d++) {
    int64_t od = cx_v_dim(x, d), rd = cx_v_dim(y, (uint32_t)bd.v[d]);
    if (od != 1 && !cx_v_dims_compat(od, rd))
      return cx_verify_error(op, "size of operand dimension %u (%lld) is not equal to 1 or size of result dimension %lld (%lld)",
                             d, (long long)od, (long long)bd.v[d], (long long)rd);
  }
  // broadcast_in_dim_c6
  return cx_v_check_broadcast_axis(vc, op, x, y, bd.v, bd.n);
}

static cx_status_t verify_broadcast(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  cx_v_ints_t sizes;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, broadcast_sizes), true, &sizes, NULL));
  // Legacy op (not in the spec): result shape = broadcast_sizes ++ shape(operand).
  if (!cx_v_elem_eq(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  uint32_t r = sizes.n + cx_v_rank(x);
  if (r > CX_V_MAX_RANK) return cx_verify_error(op, "result rank %u is too large", r);
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < sizes.n; i++) {
    if (sizes.v[i] < 0) return cx_verify_error(op, "broadcast_sizes must be non-negative");
    dims[i] = sizes.v[i];
  }
  for (uint32_t i = 0; i < cx_v_rank(x); i++) dims[sizes.n + i] = cx_v_dim(x, i);
  return cx_v_expect_shape(vc, op, y, r, dims, "result");
}

static cx_status_t verify_reshape(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  // reshape_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // reshape_c2 (statically checkable only when both shapes are static)
  int64_t nx = cx_v_num_elements(x), ny = cx_v_num_elements(y);
  if (nx >= 0 && ny >= 0 && nx != ny)
    return cx_verify_error(op, "number of output elements (%lld) doesn't match expected number of elements (%lld)",
                           (long long)ny, (long long)nx);
  // reshape_c3
  return cx_v_check_reshape_axis(vc, op, x, y);
}

static cx_status_t verify_transpose(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  cx_v_ints_t perm;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, permutation), true, &perm, NULL));
  // transpose_c1
  if (!cx_v_elem_eq_modulo_axis(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // transpose_c2
  uint32_t r = cx_v_rank(x);
  if (perm.n != r || !cx_v_in_range(perm.v, perm.n, 0, r) || !cx_v_unique(vc, perm.v, perm.n))
    return cx_verify_error(op, "permutation %s is not a permutation of [0, %u)",
                           cx_v_ints_str(vc, perm.v, perm.n), r);
  // transpose_c3
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) dims[i] = cx_v_dim(x, (uint32_t)perm.v[i]);
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, r, dims, "result"));
  // transpose_c4
  if (cx_v_is_per_axis(y)) {
    if (!cx_v_is_per_axis(x))
      return cx_verify_error(op, "requires a per-axis quantized operand for a per-axis quantized result");
    if ((uint32_t)y->tensor.element->quant.axis >= r ||
        perm.v[y->tensor.element->quant.axis] != x->tensor.element->quant.axis)
      return cx_verify_error(op, "operand quantization dimension must be permutation[result quantization dimension]");
  }
  return NULL;
}

static cx_status_t verify_reverse(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  cx_v_ints_t dims;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, dimensions), true, &dims, NULL));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  // reverse_c1
  if (!cx_v_types_compat(x, y))
    return cx_verify_error(op, "requires the same type for all operands and results");
  // reverse_c2
  if (!cx_v_unique(vc, dims.v, dims.n))
    return cx_verify_error(op, "dimensions should be unique, but got %s",
                           cx_v_ints_str(vc, dims.v, dims.n));
  // reverse_c3
  if (!cx_v_in_range(dims.v, dims.n, 0, cx_v_rank(y)))
    return cx_verify_error(op, "all dimensions should be in [0, %u), but got %s", cx_v_rank(y),
                           cx_v_ints_str(vc, dims.v, dims.n));
  return NULL;
}

static cx_status_t verify_slice(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  cx_v_ints_t st, lim, str;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, start_indices), true, &st, NULL));
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, limit_indices), true, &lim, NULL));
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, strides), true, &str, NULL));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  // slice_c1
  if (!cx_v_elem_eq(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // slice_c2
  uint32_t r = cx_v_rank(x);
  if (st.n != r || lim.n != r || str.n != r)
    return cx_verify_error(op, "the number of start_indices (%u), limit_indices (%u) and strides (%u) must each equal the operand rank (%u)",
                           st.n, lim.n, str.n, r);
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) {
    int64_t d = cx_v_dim(x, i);
    // slice_c3
    if (st.v[i] < 0)
      return cx_verify_error(op, "negative start index %lld in dimension %u", (long long)st.v[i], i);
    if (lim.v[i] < st.v[i])
      return cx_verify_error(op, "start index %lld is larger than limit index %lld in dimension %u",
                             (long long)st.v[i], (long long)lim.v[i], i);
    if (!cx_v_dyn(d) && lim.v[i] > d)
      return cx_verify_error(op, "limit index %lld is larger than dimension size %lld in dimension %u",
                             (long long)lim.v[i], (long long)d, i);
    // slice_c4
    if (str.v[i] <= 0)
      return cx_verify_error(op, "stride must be positive, but got %lld in dimension %u",
                             (long long)str.v[i], i);
    // slice_c5: ceil((limit - start) / stride)
    int64_t span = lim.v[i] - st.v[i];
    dims[i] = span / str.v[i] + (span % str.v[i] != 0);
  }
  return cx_v_expect_shape(vc, op, y, r, dims, "result");
}

static cx_status_t verify_concatenate(cx_verify_ctx_t* vc, cx_op_t* op) {
  // concatenate_c3
  if (op->num_operands < 1) return cx_verify_error(op, "expects at least one operand");
  const cx_type_t* y;
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t dim;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, dimension), true, 0, &dim));
  const cx_type_t* x0;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x0));
  uint32_t r = cx_v_rank(x0);
  // concatenate_c4
  if (dim < 0 || dim >= (int64_t)r)
    return cx_verify_error(op, "dimension %lld is out of range [0, %u)", (long long)dim, r);
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) dims[i] = cx_v_dim(x0, i);
  for (uint32_t k = 1; k < op->num_operands; k++) {
    const cx_type_t* x;
    CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, k, &x));
    // concatenate_c1
    if (!cx_v_elem_eq(x, x0))
      return cx_verify_error(op, "requires the same element type for all operands");
    // concatenate_c2
    if (cx_v_rank(x) != r)
      return cx_verify_error(op, "operands (0) and (%u) do not match rank", k);
    for (uint32_t i = 0; i < r; i++) {
      int64_t d = cx_v_dim(x, i);
      if (i == (uint32_t)dim) {
        if (cx_v_dyn(d) || cx_v_dyn(dims[i])) dims[i] = CX_V_DYN;
        else if (!cx_v_add(dims[i], d, &dims[i]))
          return cx_verify_error(op, "concatenated dimension size overflows");
      } else {
        if (!cx_v_dims_compat(d, dims[i]))
          return cx_verify_error(op, "shapes of operand (0) and (%u) are not compatible at non-concat index %u: '%s' != '%s'",
                                 k, i, cx_v_type_str(vc, x0), cx_v_type_str(vc, x));
        if (cx_v_dyn(dims[i])) dims[i] = d;
      }
    }
  }
  // concatenate_c5
  if (!cx_v_elem_eq(y, x0))
    return cx_verify_error(op, "requires the same element type for operands and result");
  // concatenate_c6
  return cx_v_expect_shape(vc, op, y, r, dims, "result");
}

static cx_status_t verify_pad(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  const cx_type_t *x, *pv, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &pv));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  cx_v_ints_t lo, hi, in;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, edge_padding_low), true, &lo, NULL));
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, edge_padding_high), true, &hi, NULL));
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, interior_padding), true, &in, NULL));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  if (cx_v_rank(pv) != 0)
    return cx_verify_error(op, "padding value type should be a rank-0 tensor, is rank %u",
                           cx_v_rank(pv));
  // pad_c1
  if (!cx_v_elem_eq(x, pv) || !cx_v_elem_eq(x, y))
    return cx_verify_error(op, "requires the same element type for operand, padding value and result");
  // pad_c2
  uint32_t r = cx_v_rank(x);
  if (lo.n != r || hi.n != r || in.n != r)
    return cx_verify_error(op, "edge_padding_low (%u), edge_padding_high (%u) and interior_padding (%u) must each have the operand rank (%u) entries",
                           lo.n, hi.n, in.n, r);
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) {
    // pad_c3
    if (in.v[i] < 0)
      return cx_verify_error(op, "interior padding cannot be negative: %lld", (long long)in.v[i]);
    // pad_c4: dim + lo + max(dim - 1, 0) * interior + hi
    int64_t d = cx_v_dim(x, i);
    if (cx_v_dyn(d)) {
      dims[i] = CX_V_DYN;
      continue;
    }
    int64_t gaps = d > 0 ? d - 1 : 0, v;
    if (!cx_v_mul(gaps, in.v[i], &v) || !cx_v_add(v, d, &v) || !cx_v_add(v, lo.v[i], &v) ||
        !cx_v_add(v, hi.v[i], &v))
      return cx_verify_error(op, "padded size of dimension %u overflows", i);
    if (v < 0)
      return cx_verify_error(op, "padding results in negative size for dimension %u", i);
    dims[i] = v;
  }
  return cx_v_expect_shape(vc, op, y, r, dims, "result");
}

// Start indices of dynamic_slice / dynamic_update_slice: rank-0 integer
// tensors, all of one type (dynamic_slice_c3, dynamic_update_slice_c5).
static cx_status_t check_start_indices(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t first) {
  const cx_type_t* t0 = NULL;
  for (uint32_t i = first; i < op->num_operands; i++) {
    const cx_type_t* t;
    CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, i, &t));
    if (cx_v_rank(t) != 0 || !cx_v_is_int(t))
      return cx_verify_error(op, "start indices must be 0-dimensional tensors of integer type, but operand #%u is '%s'",
                             i, cx_v_type_str(vc, t));
    if (t0 && t != t0)
      return cx_verify_error(op, "start indices must have the same type, but got '%s' and '%s'",
                             cx_v_type_str(vc, t0), cx_v_type_str(vc, t));
    t0 = t;
  }
  return NULL;
}

static cx_status_t verify_dynamic_slice(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  cx_v_ints_t sizes;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, slice_sizes), true, &sizes, NULL));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  // dynamic_slice_c1
  if (!cx_v_elem_eq(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  // dynamic_slice_c2
  uint32_t r = cx_v_rank(x);
  if (op->num_operands - 1 != r || sizes.n != r)
    return cx_verify_error(op, "has %u start indices and %u slice sizes, but the operand has rank %u",
                           op->num_operands - 1, sizes.n, r);
  // dynamic_slice_c3
  CX_RETURN_IF_ERROR(check_start_indices(vc, op, 1));
  // dynamic_slice_c4
  for (uint32_t i = 0; i < r; i++) {
    int64_t d = cx_v_dim(x, i);
    if (sizes.v[i] < 0)
      return cx_verify_error(op, "has negative size index to dynamic slice: %lld",
                             (long long)sizes.v[i]);
    if (!cx_v_dyn(d) && sizes.v[i] > d)
      return cx_verify_error(op, "has slice size %lld greater than dimension size %lld in dimension %u of operand",
                             (long long)sizes.v[i], (long long)d, i);
  }
  // dynamic_slice_c5
  return cx_v_expect_shape(vc, op, y, r, sizes.v, "result");
}

static cx_status_t verify_dynamic_update_slice(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, -1));
  const cx_type_t *x, *u, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &u));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  // dynamic_update_slice_c1
  if (!cx_v_types_compat(x, y))
    return cx_verify_error(op, "requires the same type for operand and result");
  // dynamic_update_slice_c2
  if (!cx_v_elem_eq(u, x))
    return cx_verify_error(op, "requires the same element type for update and operand");
  // dynamic_update_slice_c3
  uint32_t r = cx_v_rank(x);
  if (cx_v_rank(u) != r)
    return cx_verify_error(op, "update rank (%u) does not match operand rank (%u)", cx_v_rank(u), r);
  // dynamic_update_slice_c4
  if (op->num_operands - 2 != r)
    return cx_verify_error(op, "has %u start indices, but the operand has rank %u",
                           op->num_operands - 2, r);
  // dynamic_update_slice_c5
  CX_RETURN_IF_ERROR(check_start_indices(vc, op, 2));
  // dynamic_update_slice_c6
  for (uint32_t i = 0; i < r; i++) {
    int64_t ud = cx_v_dim(u, i), od = cx_v_dim(x, i);
    if (!cx_v_dyn(ud) && !cx_v_dyn(od) && ud > od)
      return cx_verify_error(op, "expects update dimension %u (%lld) to be at most the operand's (%lld)",
                             i, (long long)ud, (long long)od);
  }
  return NULL;
}

cx_status_t cx_verify_shape(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_IOTA: return verify_iota(vc, op);
    case CX_OP_BROADCAST_IN_DIM: return verify_broadcast_in_dim(vc, op);
    case CX_OP_BROADCAST: return verify_broadcast(vc, op);
    case CX_OP_RESHAPE: return verify_reshape(vc, op);
    case CX_OP_TRANSPOSE: return verify_transpose(vc, op);
    case CX_OP_REVERSE: return verify_reverse(vc, op);
    case CX_OP_SLICE: return verify_slice(vc, op);
    case CX_OP_CONCATENATE: return verify_concatenate(vc, op);
    case CX_OP_PAD: return verify_pad(vc, op);
    case CX_OP_DYNAMIC_SLICE: return verify_dynamic_slice(vc, op);
    case CX_OP_DYNAMIC_UPDATE_SLICE: return verify_dynamic_update_slice(vc, op);
    default: return cx_verify_error(op, "is not a shape op");
  }
}

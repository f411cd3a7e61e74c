// Reductions and maps: reduce, reduce_window, select_and_scatter, map
// (spec sections of the same names), including their region signatures.
#include "ir/verify_util.h"

// Variadic ops with more inputs than this are rejected as unsupported (the
// per-input element types are held in fixed arrays).
#define MAX_INPUTS 64

static cx_status_t verify_reduce(cx_verify_ctx_t* vc, cx_op_t* op) {
  // Operands: inputs..., init_values... (as many of each).
  if (op->num_operands < 2 || op->num_operands % 2)
    return cx_verify_error(op, "expects N inputs and N init values (N >= 1), but got %u operands",
                           op->num_operands);
  uint32_t n = op->num_operands / 2;
  if (n > MAX_INPUTS) return cx_verify_error(op, "cxla supports at most %d inputs", MAX_INPUTS);
  // reduce_c3
  CX_RETURN_IF_ERROR(cx_v_num_results(op, n, n));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  cx_v_ints_t dims;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, dimensions), true, &dims, NULL));
  const cx_type_t* x0 = cx_v_otype(op, 0);
  const cx_type_t* elems[MAX_INPUTS];
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t *x = cx_v_otype(op, i), *init = cx_v_otype(op, n + i);
    CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    // reduce_c1
    if (!cx_v_shapes_compat(x, x0))
      return cx_verify_error(op, "expects all inputs to have compatible shapes. Shape at input-index %u is not compatible with shape at input-index 0",
                             i);
    if (cx_v_rank(init) != 0)
      return cx_verify_error(op, "init value #%u must be a 0-dimensional tensor, but got '%s'", i,
                             cx_v_type_str(vc, init));
    // reduce_c2
    if (!cx_v_elem_eq(x, init))
      return cx_verify_error(op, "input #%u element type '%s' differs from its init value's '%s'",
                             i, cx_v_type_str(vc, x->tensor.element),
                             cx_v_type_str(vc, init->tensor.element));
    elems[i] = x->tensor.element;
  }
  uint32_t r = cx_v_rank(x0);
  // reduce_c4
  if (!cx_v_in_range(dims.v, dims.n, 0, r))
    return cx_verify_error(op, "dimensions %s must be in [0, %u)", cx_v_ints_str(vc, dims.v, dims.n), r);
  // reduce_c5
  if (!cx_v_unique(vc, dims.v, dims.n))
    return cx_verify_error(op, "dimensions should not have duplicates, got %s",
                           cx_v_ints_str(vc, dims.v, dims.n));
  // reduce_c6
  const cx_type_t* acc[MAX_INPUTS];
  CX_RETURN_IF_ERROR(cx_v_reducer(vc, op, 0, "body", n, elems, acc));
  // reduce_c7: the input shape without the reduced dimensions.
  int64_t out[CX_V_MAX_RANK];
  uint32_t k = 0;
  for (uint32_t d = 0; d < r; d++)
    if (!cx_v_contains(dims.v, dims.n, d)) out[k++] = cx_v_dim(x0, d);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* y = cx_v_rtype(op, i);
    CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, k, out, "result"));
    // reduce_c8
    if (y->tensor.element != acc[i])
      return cx_verify_error(op, "result #%u element type '%s' differs from the body's '%s'", i,
                             cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, acc[i]));
  }
  return NULL;
}

// Reads an optional window attribute of `n` entries, defaulting to `def`.
static cx_status_t window_attr(cx_verify_ctx_t* vc, const cx_op_t* op, const char* name,
                               uint32_t n, int64_t def, bool required, int64_t* out,
                               bool* present) {
  cx_v_ints_t v;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, name, required, &v, present));
  if (!*present) {
    for (uint32_t i = 0; i < n; i++) out[i] = def;
    return NULL;
  }
  if (v.n != n)
    return cx_verify_error(op, "%s must have %u entries (one per input dimension), but has %u",
                           name, n, v.n);
  for (uint32_t i = 0; i < n; i++) {
    if (v.v[i] <= 0)
      return cx_verify_error(op, "%s must be positive, but got %s", name,
                             cx_v_ints_str(vc, v.v, v.n));
    out[i] = v.v[i];
  }
  return NULL;
}

// padding: a [rank, 2] tensor; defaults to zeros.
static cx_status_t padding_attr(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t n, int64_t* lo,
                                int64_t* hi) {
  cx_v_ints_t p;
  bool present;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, padding), false, &p, &present));
  for (uint32_t i = 0; i < n; i++) lo[i] = hi[i] = 0;
  if (!present) return NULL;
  // An empty padding attribute (dense<> : tensor<0xi64>) means no padding.
  if (p.n == 0 && n == 0) return NULL;
  if (p.rank != 2 || p.dims[0] != n || p.dims[1] != 2)
    return cx_verify_error(op, "expects padding to have shape [%u, 2]", n);
  for (uint32_t i = 0; i < n; i++) {
    lo[i] = p.v[2 * i];
    hi[i] = p.v[2 * i + 1];
  }
  return NULL;
}

// num_windows of reduce_window_c15 / select_and_scatter_c2 for one dim.
static bool num_windows(int64_t in, int64_t base_dil, int64_t lo, int64_t hi, int64_t win,
                        int64_t win_dil, int64_t stride, int64_t* out) {
  if (cx_v_dyn(in)) {
    *out = CX_V_DYN;
    return true;
  }
  int64_t dilated = 0, padded, dwin;
  if (in > 0 && (!cx_v_mul(in - 1, base_dil, &dilated) || !cx_v_add(dilated, 1, &dilated)))
    return false;
  if (!cx_v_add(dilated, lo, &padded) || !cx_v_add(padded, hi, &padded)) return false;
  if (!cx_v_mul(win - 1, win_dil, &dwin) || !cx_v_add(dwin, 1, &dwin)) return false;
  if (padded <= 0 || dwin > padded) *out = 0;
  else *out = (padded - dwin) / stride + 1;
  return true;
}

static cx_status_t verify_reduce_window(cx_verify_ctx_t* vc, cx_op_t* op) {
  if (op->num_operands < 2 || op->num_operands % 2)
    return cx_verify_error(op, "expects N inputs and N init values (N >= 1), but got %u operands",
                           op->num_operands);
  uint32_t n = op->num_operands / 2;
  if (n > MAX_INPUTS) return cx_verify_error(op, "cxla supports at most %d inputs", MAX_INPUTS);
  // reduce_window_c1
  CX_RETURN_IF_ERROR(cx_v_num_results(op, n, n));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  const cx_type_t* x0 = cx_v_otype(op, 0);
  uint32_t r = cx_v_rank(x0);
  const cx_type_t* elems[MAX_INPUTS];
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t *x = cx_v_otype(op, i), *init = cx_v_otype(op, n + i);
    CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    // reduce_window_c2
    if (!cx_v_shapes_compat(x, x0))
      return cx_verify_error(op, "expects all inputs to have compatible shapes. Shape at input-index %u is not compatible with shape at input-index 0",
                             i);
    if (cx_v_rank(init) != 0)
      return cx_verify_error(op, "init value #%u must be a 0-dimensional tensor, but got '%s'", i,
                             cx_v_type_str(vc, init));
    // reduce_window_c3
    if (!cx_v_elem_eq(x, init))
      return cx_verify_error(op, "input #%u element type '%s' differs from its init value's '%s'",
                             i, cx_v_type_str(vc, x->tensor.element),
                             cx_v_type_str(vc, init->tensor.element));
    elems[i] = x->tensor.element;
  }
  int64_t wd[CX_V_MAX_RANK], ws[CX_V_MAX_RANK], bdil[CX_V_MAX_RANK], wdil[CX_V_MAX_RANK];
  int64_t lo[CX_V_MAX_RANK], hi[CX_V_MAX_RANK];
  bool present;
  // reduce_window_c4, reduce_window_c5
  CX_RETURN_IF_ERROR(
      window_attr(vc, op, CX_V_NAME(vc, window_dimensions), r, 1, true, wd, &present));
  // reduce_window_c6, reduce_window_c7
  CX_RETURN_IF_ERROR(
      window_attr(vc, op, CX_V_NAME(vc, window_strides), r, 1, false, ws, &present));
  // reduce_window_c8, reduce_window_c9
  CX_RETURN_IF_ERROR(
      window_attr(vc, op, CX_V_NAME(vc, base_dilations), r, 1, false, bdil, &present));
  // reduce_window_c10, reduce_window_c11
  CX_RETURN_IF_ERROR(
      window_attr(vc, op, CX_V_NAME(vc, window_dilations), r, 1, false, wdil, &present));
  // reduce_window_c12
  CX_RETURN_IF_ERROR(padding_attr(vc, op, r, lo, hi));
  // reduce_window_c13
  const cx_type_t* acc[MAX_INPUTS];
  CX_RETURN_IF_ERROR(cx_v_reducer(vc, op, 0, "body", n, elems, acc));
  // reduce_window_c15
  int64_t out[CX_V_MAX_RANK];
  for (uint32_t d = 0; d < r; d++)
    if (!num_windows(cx_v_dim(x0, d), bdil[d], lo[d], hi[d], wd[d], wdil[d], ws[d], &out[d]))
      return cx_verify_error(op, "window computation overflows in dimension %u", d);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* y = cx_v_rtype(op, i);
    // reduce_window_c14, reduce_window_c15
    CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, r, out, "result"));
    // reduce_window_c16
    if (y->tensor.element != acc[i])
      return cx_verify_error(op, "result #%u element type '%s' differs from the body's '%s'", i,
                             cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, acc[i]));
  }
  return NULL;
}

static cx_status_t verify_select_and_scatter(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 3, 3));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 2));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  const cx_type_t *x = cx_v_otype(op, 0), *src = cx_v_otype(op, 1), *init = cx_v_otype(op, 2);
  const cx_type_t* y = cx_v_rtype(op, 0);
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  uint32_t r = cx_v_rank(x);
  // select_and_scatter_c1
  if (!cx_v_elem_eq(x, src))
    return cx_verify_error(op, "requires the same element type for operand and source");
  // select_and_scatter_c3
  if (cx_v_rank(init) != 0 || !cx_v_elem_eq(init, x))
    return cx_verify_error(op, "init_value must be a 0-dimensional tensor of the operand's element type, but got '%s'",
                           cx_v_type_str(vc, init));
  int64_t wd[CX_V_MAX_RANK], ws[CX_V_MAX_RANK], lo[CX_V_MAX_RANK], hi[CX_V_MAX_RANK];
  bool present;
  // select_and_scatter_c4, select_and_scatter_c5
  CX_RETURN_IF_ERROR(
      window_attr(vc, op, CX_V_NAME(vc, window_dimensions), r, 1, false, wd, &present));
  // select_and_scatter_c6, select_and_scatter_c7
  CX_RETURN_IF_ERROR(
      window_attr(vc, op, CX_V_NAME(vc, window_strides), r, 1, false, ws, &present));
  // select_and_scatter_c8
  CX_RETURN_IF_ERROR(padding_attr(vc, op, r, lo, hi));
  // select_and_scatter_c2
  int64_t windows[CX_V_MAX_RANK];
  for (uint32_t d = 0; d < r; d++)
    if (!num_windows(cx_v_dim(x, d), 1, lo[d], hi[d], wd[d], 1, ws[d], &windows[d]))
      return cx_verify_error(op, "window computation overflows in dimension %u", d);
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, src, r, windows, "source"));
  // select_and_scatter_c9: select : (tensor<E>, tensor<E>) -> tensor<i1>
  cx_block_t* b;
  cx_op_t* ret;
  CX_RETURN_IF_ERROR(cx_v_single_block(op, 0, "select", &b));
  CX_RETURN_IF_ERROR(cx_v_block_return(op, b, "select", &ret));
  const cx_type_t* scalar = cx_v_scalar_of(vc, x->tensor.element);
  if (b->num_args != 2 || !cx_v_types_compat(b->args[0]->type, scalar) ||
      !cx_v_types_compat(b->args[1]->type, scalar))
    return cx_verify_error(op, "expects the select region to take two arguments of type '%s'",
                           cx_v_type_str(vc, scalar));
  if (ret->num_operands != 1 || !cx_type_is_tensor(cx_v_otype(ret, 0)) ||
      cx_v_rank(cx_v_otype(ret, 0)) != 0 || !cx_v_is_bool(cx_v_otype(ret, 0)))
    return cx_verify_error(op, "expects the select region to return a single 0-dimensional tensor of i1");
  // select_and_scatter_c10
  const cx_type_t* elem = x->tensor.element;
  const cx_type_t* acc;
  CX_RETURN_IF_ERROR(cx_v_reducer(vc, op, 1, "scatter", 1, &elem, &acc));
  // select_and_scatter_c11
  if (!cx_v_shapes_compat(x, y))
    return cx_verify_error(op, "requires the same shape for operand and result");
  // select_and_scatter_c12
  if (y->tensor.element != acc)
    return cx_verify_error(op, "result element type '%s' differs from the scatter region's '%s'",
                           cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, acc));
  return NULL;
}

static cx_status_t verify_map(cx_verify_ctx_t* vc, cx_op_t* op) {
  // map_c2
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, -1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  cx_v_ints_t dims;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, dimensions), true, &dims, NULL));
  const cx_type_t *x0 = cx_v_otype(op, 0), *y = cx_v_rtype(op, 0);
  // map_c1
  for (uint32_t i = 0; i < op->num_operands; i++) {
    CX_RETURN_IF_ERROR(
        cx_v_check_elem(vc, op, cx_v_otype(op, i), CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    if (!cx_v_shapes_compat(cx_v_otype(op, i), x0))
      return cx_verify_error(op, "requires the same shape for all operands and results");
  }
  if (!cx_v_shapes_compat(y, x0))
    return cx_verify_error(op, "requires the same shape for all operands and results");
  // map_c3
  bool iota = dims.n == cx_v_rank(x0);
  for (uint32_t i = 0; iota && i < dims.n; i++) iota = dims.v[i] == i;
  if (!iota)
    return cx_verify_error(op, "requires monotonically increasing dimension numbers [0, %u), but got %s",
                           cx_v_rank(x0), cx_v_ints_str(vc, dims.v, dims.n));
  // map_c4: computation : (tensor<E0>, ..., tensor<EN-1>) -> tensor<E'>
  cx_block_t* b;
  cx_op_t* ret;
  CX_RETURN_IF_ERROR(cx_v_single_block(op, 0, "computation", &b));
  CX_RETURN_IF_ERROR(cx_v_block_return(op, b, "computation", &ret));
  if (b->num_args != op->num_operands)
    return cx_verify_error(op, "expects number of operands to match the arity of map computation, but got: %u and %u",
                           op->num_operands, b->num_args);
  for (uint32_t i = 0; i < b->num_args; i++) {
    const cx_type_t* want = cx_v_scalar_of(vc, cx_v_otype(op, i)->tensor.element);
    if (!cx_v_types_compat(b->args[i]->type, want))
      return cx_verify_error(op, "computation argument #%u must be '%s', but got '%s'", i,
                             cx_v_type_str(vc, want), cx_v_type_str(vc, b->args[i]->type));
  }
  const cx_type_t* want = cx_v_scalar_of(vc, y->tensor.element);
  if (ret->num_operands != 1 || !cx_v_types_compat(cx_v_otype(ret, 0), want))
    return cx_verify_error(op, "computation must return a single value of type '%s'",
                           cx_v_type_str(vc, want));
  return NULL;
}

cx_status_t cx_verify_reduce(cx_verify_ctx_t* vc, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_REDUCE: return verify_reduce(vc, op);
    case CX_OP_REDUCE_WINDOW: return verify_reduce_window(vc, op);
    case CX_OP_SELECT_AND_SCATTER: return verify_select_and_scatter(vc, op);
    case CX_OP_MAP: return verify_map(vc, op);
    default: return cx_verify_error(op, "is not a reduction op");
  }
}

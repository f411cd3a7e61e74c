// Shape functions of the reductions and maps: reduce, reduce_window,
// select_and_scatter, map (spec sections of the same names), including the
// signatures of their regions (the result element types are the body's).
// reduce drops the reduced dims (keeping the others' bounds); reduce_window
// gives the number of windows per dim (and per bound); select_and_scatter
// and map keep the operand's shape.
#include "ir/infer_util.h"

// Per-input element type arrays of variadic ops, in scratch memory: the
// spec puts no bound on the number of inputs (reduce_c1 only asks for N >= 1),
// and neither does StableHLO's inference.
static const cx_type_t** type_array(const cx_infer_state_t* s, uint32_t n) {
  return cx_arena_alloc(s->scratch, (size_t)(n ? n : 1) * sizeof(const cx_type_t*),
                        _Alignof(const cx_type_t*));
}

// The N inputs and N init values of reduce and reduce_window: compatible
// input shapes, rank-0 inits of the inputs' element types. Writes N and the
// inputs' element types.
static cx_status_t inputs_and_inits(const cx_infer_state_t* s, const char* c1, const char* c2,
                                    const char* c3, uint32_t* out_n, const cx_type_t*** out_elems) {
  uint32_t nops = cx_i_num_operands(s);
  if (nops < 2 || nops % 2)
    return cx_i_error(s, NULL, "expects N inputs and N init values (N >= 1), but got %u operands",
                      nops);
  uint32_t n = nops / 2;
  const cx_type_t** elems = type_array(s, n);
  if (!elems) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  const cx_type_t* x0 = cx_i_otype(s, 0);
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t *x = cx_i_otype(s, i), *init = cx_i_otype(s, n + i);
    CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    if (!cx_v_shapes_compat(x, x0))
      return cx_i_error(s, c1,
                        "expects all inputs to have compatible shapes. Shape at input-index %u is "
                        "not compatible with shape at input-index 0",
                        i);
    if (cx_v_rank(init) != 0)
      return cx_i_error(s, c2, "init value #%u must be a 0-dimensional tensor, but got '%s'", i,
                        cx_i_type_str(s, init));
    if (!cx_v_elem_eq(x, init))
      return cx_i_error(s, c3, "input #%u element type '%s' differs from its init value's '%s'", i,
                        cx_i_type_str(s, x->tensor.element),
                        cx_i_type_str(s, init->tensor.element));
    elems[i] = x->tensor.element;
  }
  *out_n = n;
  *out_elems = elems;
  return NULL;
}

cx_status_t cx_infer_reduce(cx_infer_state_t* s) {
  uint32_t n = 0;
  const cx_type_t** elems = NULL;
  // reduce_c1, reduce_c2 (the init values' rank is reduce_c6's signature)
  CX_RETURN_IF_ERROR(inputs_and_inits(s, "reduce_c1", "reduce_c6", "reduce_c2", &n, &elems));
  cx_v_ints_t dims;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, dimensions), true, &dims, NULL));
  const cx_type_t* x0 = cx_i_otype(s, 0);
  uint32_t r = cx_v_rank(x0);
  if (!cx_v_in_range(dims.v, dims.n, 0, r))
    return cx_i_error(s, "reduce_c4", "dimensions %s must be in [0, %u)",
                      cx_i_ints_str(s, dims.v, dims.n), r);
  if (!cx_i_unique(s, dims.v, dims.n))
    return cx_i_error(s, "reduce_c5", "dimensions should not have duplicates, got %s",
                      cx_i_ints_str(s, dims.v, dims.n));
  // reduce_c6
  const cx_type_t** acc = type_array(s, n);
  if (!acc) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_i_reducer(s, 0, "body", n, elems, acc));
  // reduce_c7: the input shape (and bounds) without the reduced dims;
  // reduce_c8: the body's element types.
  int64_t out[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t* xb = NULL;
  cx_i_bounds(x0, &xb);
  uint32_t k = 0;
  for (uint32_t d = 0; d < r; d++) {
    if (cx_v_contains(dims.v, dims.n, d)) continue;
    bounds[k] = xb ? xb[d] : CX_DYNAMIC_DIM;
    out[k++] = cx_v_dim(x0, d);
  }
  for (uint32_t i = 0; i < n; i++)
    CX_RETURN_IF_ERROR(cx_i_result_tensor(s, acc[i], k, out, bounds));
  return NULL;
}

// Reads an optional window attribute of `n` entries, defaulting to `def`.
static cx_status_t window_attr(const cx_infer_state_t* s, const char* name, uint32_t n, int64_t def,
                               bool required, int64_t* out, bool* present) {
  cx_v_ints_t v;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, name, required, &v, present));
  if (!*present) {
    for (uint32_t i = 0; i < n; i++) out[i] = def;
    return NULL;
  }
  if (v.n != n)
    return cx_i_error(s, NULL, "%s must have %u entries (one per input dimension), but has %u",
                      name, n, v.n);
  for (uint32_t i = 0; i < n; i++) {
    if (v.v[i] <= 0)
      return cx_i_error(s, NULL, "%s must be positive, but got %s", name,
                        cx_i_ints_str(s, v.v, v.n));
    out[i] = v.v[i];
  }
  return NULL;
}

// padding: a [rank, 2] tensor; defaults to zeros.
static cx_status_t padding_attr(const cx_infer_state_t* s, uint32_t n, int64_t* lo, int64_t* hi) {
  cx_v_ints_t p;
  bool present;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, padding), false, &p, &present));
  for (uint32_t i = 0; i < n; i++) lo[i] = hi[i] = 0;
  if (!present) return NULL;
  // An empty padding attribute (dense<> : tensor<0xi64>) means no padding.
  if (p.n == 0 && n == 0) return NULL;
  if (p.rank != 2 || p.dims[0] != n || p.dims[1] != 2)
    return cx_i_error(s, NULL, "expects padding to have shape [%u, 2]", n);
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
  if (padded <= 0 || dwin > padded)
    *out = 0;
  else
    *out = (padded - dwin) / stride + 1;
  return true;
}

// The number of windows of every dim of `dims` (CX_DYNAMIC_DIM stays).
static cx_status_t windows_of(const cx_infer_state_t* s, const char* label, uint32_t r,
                              const int64_t* dims, const int64_t* bdil, const int64_t* lo,
                              const int64_t* hi, const int64_t* wd, const int64_t* wdil,
                              const int64_t* ws, int64_t* out) {
  for (uint32_t d = 0; d < r; d++)
    if (!num_windows(dims[d], bdil ? bdil[d] : 1, lo[d], hi[d], wd[d], wdil ? wdil[d] : 1, ws[d],
                     &out[d]))
      return cx_i_error(s, label, "window computation overflows in dimension %u", d);
  return NULL;
}

cx_status_t cx_infer_reduce_window(cx_infer_state_t* s) {
  uint32_t n = 0;
  const cx_type_t** elems = NULL;
  // reduce_window_c2, reduce_window_c3
  CX_RETURN_IF_ERROR(
      inputs_and_inits(s, "reduce_window_c2", "reduce_window_c13", "reduce_window_c3", &n, &elems));
  const cx_type_t* x0 = cx_i_otype(s, 0);
  uint32_t r = cx_v_rank(x0);
  int64_t wd[CX_V_MAX_RANK], ws[CX_V_MAX_RANK], bdil[CX_V_MAX_RANK], wdil[CX_V_MAX_RANK];
  int64_t lo[CX_V_MAX_RANK], hi[CX_V_MAX_RANK];
  bool present;
  // reduce_window_c4, reduce_window_c5
  CX_RETURN_IF_ERROR(window_attr(s, CX_I_NAME(s, window_dimensions), r, 1, true, wd, &present));
  // reduce_window_c6, reduce_window_c7
  CX_RETURN_IF_ERROR(window_attr(s, CX_I_NAME(s, window_strides), r, 1, false, ws, &present));
  // reduce_window_c8, reduce_window_c9
  CX_RETURN_IF_ERROR(window_attr(s, CX_I_NAME(s, base_dilations), r, 1, false, bdil, &present));
  // reduce_window_c10, reduce_window_c11
  CX_RETURN_IF_ERROR(window_attr(s, CX_I_NAME(s, window_dilations), r, 1, false, wdil, &present));
  // reduce_window_c12
  CX_RETURN_IF_ERROR(padding_attr(s, r, lo, hi));
  // reduce_window_c13
  const cx_type_t** acc = type_array(s, n);
  if (!acc) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_i_reducer(s, 0, "body", n, elems, acc));
  // reduce_window_c14 .. reduce_window_c16: the number of windows per dim
  // (and per bound of a dynamic dim), the body's element types.
  int64_t out[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  CX_RETURN_IF_ERROR(
      windows_of(s, "reduce_window_c15", r, x0->tensor.dims, bdil, lo, hi, wd, wdil, ws, out));
  const int64_t* xb = NULL;
  bool bounded = cx_i_bounds(x0, &xb);
  if (bounded)
    CX_RETURN_IF_ERROR(
        windows_of(s, "reduce_window_c15", r, xb, bdil, lo, hi, wd, wdil, ws, bounds));
  for (uint32_t i = 0; i < n; i++)
    CX_RETURN_IF_ERROR(cx_i_result_tensor(s, acc[i], r, out, bounded ? bounds : NULL));
  return NULL;
}

cx_status_t cx_infer_select_and_scatter(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 3, 3));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 2));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  const cx_type_t *x = cx_i_otype(s, 0), *src = cx_i_otype(s, 1), *init = cx_i_otype(s, 2);
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  uint32_t r = cx_v_rank(x);
  if (!cx_v_elem_eq(x, src))
    return cx_i_error(s, "select_and_scatter_c1",
                      "requires the same element type for operand and source");
  if (cx_v_rank(init) != 0 || !cx_v_elem_eq(init, x))
    return cx_i_error(
        s, "select_and_scatter_c3",
        "init_value must be a 0-dimensional tensor of the operand's element type, but got '%s'",
        cx_i_type_str(s, init));
  int64_t wd[CX_V_MAX_RANK], ws[CX_V_MAX_RANK], lo[CX_V_MAX_RANK], hi[CX_V_MAX_RANK];
  bool present;
  // select_and_scatter_c4, select_and_scatter_c5
  CX_RETURN_IF_ERROR(window_attr(s, CX_I_NAME(s, window_dimensions), r, 1, false, wd, &present));
  // select_and_scatter_c6, select_and_scatter_c7
  CX_RETURN_IF_ERROR(window_attr(s, CX_I_NAME(s, window_strides), r, 1, false, ws, &present));
  // select_and_scatter_c8
  CX_RETURN_IF_ERROR(padding_attr(s, r, lo, hi));
  // select_and_scatter_c2: source is shaped like the windows.
  int64_t windows[CX_V_MAX_RANK];
  CX_RETURN_IF_ERROR(windows_of(s, "select_and_scatter_c2", r, x->tensor.dims, NULL, lo, hi, wd,
                                NULL, ws, windows));
  if (!cx_v_shape_matches(src, r, windows))
    return cx_i_error(s, "select_and_scatter_c2",
                      "inferred shape '%s' is incompatible with source type '%s'",
                      cx_i_dims_str(s, r, windows), cx_i_type_str(s, src));
  // select_and_scatter_c9: select : (tensor<E>, tensor<E>) -> tensor<i1>
  cx_i_region_t sel;
  CX_RETURN_IF_ERROR(cx_i_region(s, 0, "select", &sel));
  const cx_type_t* scalar = cx_type_tensor(s->ctx, x->tensor.element, 0, NULL, NULL);
  if (!scalar) return CX_OOM();
  if (cx_i_region_num_args(&sel) != 2 || !cx_v_types_compat(cx_i_region_arg(&sel, 0), scalar) ||
      !cx_v_types_compat(cx_i_region_arg(&sel, 1), scalar))
    return cx_i_error(s, "select_and_scatter_c9",
                      "expects the select region to take two arguments of type '%s'",
                      cx_i_type_str(s, scalar));
  const cx_type_t* ret = cx_i_region_num_results(&sel) == 1 ? cx_i_region_result(&sel, 0) : NULL;
  if (!cx_type_is_tensor(ret) || cx_v_rank(ret) != 0 || !cx_v_is_bool(ret))
    return cx_i_error(s, "select_and_scatter_c9",
                      "expects the select region to return a single 0-dimensional tensor of i1");
  // select_and_scatter_c10
  const cx_type_t* elem = x->tensor.element;
  const cx_type_t* acc;
  CX_RETURN_IF_ERROR(cx_i_reducer(s, 1, "scatter", 1, &elem, &acc));
  // select_and_scatter_c11, select_and_scatter_c12
  const cx_type_t* y = cx_tensor_with_element(s->ctx, x, acc);
  return y ? cx_i_result(s, y) : CX_OOM();
}

cx_status_t cx_infer_map(cx_infer_state_t* s) {
  // map_c2
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, -1));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  cx_v_ints_t dims;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, dimensions), true, &dims, NULL));
  uint32_t nops = cx_i_num_operands(s);
  const cx_type_t* shape = cx_i_otype(s, 0);
  // map_c1
  for (uint32_t i = 0; i < nops; i++) {
    const cx_type_t* x = cx_i_otype(s, i);
    CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    if (!cx_v_shapes_compat(x, shape))
      return cx_i_error(s, "map_c1", "requires the same shape for all operands and results");
    shape = cx_i_most_specific(s, shape, x, NULL);
    if (!shape) return CX_OOM();
  }
  // map_c3
  uint32_t r = cx_v_rank(shape);
  bool iota = dims.n == r;
  for (uint32_t i = 0; iota && i < dims.n; i++) iota = dims.v[i] == i;
  if (!iota)
    return cx_i_error(s, "map_c3",
                      "requires monotonically increasing dimension numbers [0, %u), but got %s", r,
                      cx_i_ints_str(s, dims.v, dims.n));
  // map_c4: computation : (tensor<E0>, ..., tensor<EN-1>) -> tensor<E'>
  cx_i_region_t b;
  CX_RETURN_IF_ERROR(cx_i_region(s, 0, "computation", &b));
  if (cx_i_region_num_args(&b) != nops)
    return cx_i_error(
        s, "map_c4",
        "expects number of operands to match the arity of map computation, but got: %u and %u",
        nops, cx_i_region_num_args(&b));
  for (uint32_t i = 0; i < nops; i++) {
    const cx_type_t* want = cx_type_tensor(s->ctx, cx_i_otype(s, i)->tensor.element, 0, NULL, NULL);
    if (!want) return CX_OOM();
    if (!cx_v_types_compat(cx_i_region_arg(&b, i), want))
      return cx_i_error(s, "map_c4", "computation argument #%u must be '%s', but got '%s'", i,
                        cx_i_type_str(s, want), cx_i_type_str(s, cx_i_region_arg(&b, i)));
  }
  const cx_type_t* ret = cx_i_region_num_results(&b) == 1 ? cx_i_region_result(&b, 0) : NULL;
  if (!cx_type_is_tensor(ret) || cx_v_rank(ret) != 0)
    return cx_i_error(s, "map_c4", "computation must return a single 0-dimensional tensor");
  // map_c4: the result has the operands' shape and the computation's element type.
  const cx_type_t* y = cx_tensor_with_element(s->ctx, shape, ret->tensor.element);
  return y ? cx_i_result(s, y) : CX_OOM();
}

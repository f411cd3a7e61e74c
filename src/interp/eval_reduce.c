// The REDUCE family: reduce, reduce_window, select_and_scatter and map.
//
// Each runs its body region once per element on rank-0 tensors (through
// cx_region_runner_t). The spec leaves the reduction schedule
// implementation-defined; like the reference interpreter we fold left in
// row-major order starting from the init value:
//   acc = init; for each element x (lexicographic order): acc = body(acc, x)
// which makes results reproducible (and bit-identical to the reference for
// non-associative float sums). reduce_window pads with the init values, as
// the spec's formula does, so padded positions take part in the fold.
//
// Bodies may take a wider element type than the inputs (the spec's
// "promotable" reductions, e.g. bf16 inputs summed in f32): elements are
// converted to the body's argument types and the results have the declared
// result element types. Quantized inputs reach the body as stored integers of
// their quant type; the body's own ops dequantize/quantize as the spec says.
#include <stdlib.h>
#include <string.h>

#include "interp/eval_shape.h"
#include "support/checked.h"

// Repeated calls of the op's first region (nin arguments, nout results)
// with the scratch arrays that describe each call's values.
typedef struct region_call {
  cx_region_runner_t runner;
  cx_elem_t* in_elems;
  const void** in_ptrs;
  cx_elem_t* out_elems;
  void** out_ptrs;
  cx_allocator_t allocator;
} region_call_t;

static void region_call_free(region_call_t* b) {
  cx_free(b->allocator, b->in_elems);
  cx_free(b->allocator, b->in_ptrs);
  cx_free(b->allocator, b->out_elems);
  cx_free(b->allocator, b->out_ptrs);
  cx_region_runner_destroy(&b->runner);
}

static cx_status_t region_call_init(cx_eval_t* ev, const cx_op_t* op, uint32_t nin, uint32_t nout,
                                    region_call_t* b) {
  CX_RETURN_IF_ERROR(cx_region_runner_init(&b->runner, ev, op, &op->regions[0], nin, nout));
  cx_allocator_t a = b->allocator = ev->allocator;
  b->in_elems = cx_calloc(a, nin ? nin : 1, sizeof(cx_elem_t));
  b->in_ptrs = cx_calloc(a, nin ? nin : 1, sizeof(void*));
  b->out_elems = cx_calloc(a, nout ? nout : 1, sizeof(cx_elem_t));
  b->out_ptrs = cx_calloc(a, nout ? nout : 1, sizeof(void*));
  if (!b->in_elems || !b->in_ptrs || !b->out_elems || !b->out_ptrs) {
    region_call_free(b);
    return CX_OOM();
  }
  return NULL;
}

// reduce's and reduce_window's body: (accumulators..., inputs...) ->
// accumulators, the accumulators being the results' elements.
static cx_status_t reduction_init(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                  cx_tensor_t** results, uint32_t N, region_call_t* b) {
  CX_RETURN_IF_ERROR(region_call_init(ev, op, 2 * N, N, b));
  for (uint32_t i = 0; i < N; i++) {
    b->in_elems[i] = b->out_elems[i] = results[i]->elem;
    b->in_elems[N + i] = args[i]->elem;
  }
  return NULL;
}

// Checks that the N inputs have one shape (their dynamic dims are known
// only now; the rest the verifier checked: rank-0 init values, compatible
// input types); creates the N results with the given shape, each filled
// with its init value converted to the declared result element type.
static cx_status_t make_results(const cx_op_t* op, cx_tensor_t* const* inputs,
                                cx_tensor_t* const* inits, uint32_t n, uint32_t rank,
                                const int64_t* dims, cx_tensor_t** results) {
  CX_RETURN_IF_ERROR(cx_eval_expect_same_shapes(op, inputs, n));
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* element;
    CX_RETURN_IF_ERROR(cx_eval_result_element(op, i, CX_ELEM_INVALID, &element));
    CX_RETURN_IF_ERROR(
        cx_eval_wrap(op, cx_tensor_create(inputs[0]->allocator, element, rank, dims, &results[i])));
    cx_tensor_t* r = results[i];
    if (r->num_elements == 0) continue;
    cx_eval_convert_scalar(inits[i]->elem, inits[i]->data, r->elem, r->data);
    for (int64_t j = 1; j < r->num_elements; j++) memcpy(cx_tensor_at(r, j), r->data, r->esize);
  }
  return NULL;
}

// ----------------------------------------------------------------------------
// reduce.

static cx_status_t eval_reduce(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               cx_tensor_t** results) {
  // Verified (infer_reduce.c): N inputs, N init values and N results; the
  // dimensions are in range and unique; the body's signature.
  const uint32_t N = op->num_results;
  const cx_tensor_t* x = args[0];
  int64_t rdims[CX_MAX_RANK];
  uint32_t nr;
  CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_dimensions, CX_MAX_RANK, rdims, &nr));
  bool reduced[CX_MAX_RANK] = {false};
  for (uint32_t i = 0; i < nr; i++) reduced[rdims[i]] = true;
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = 0;
  for (uint32_t d = 0; d < x->rank; d++)
    if (!reduced[d]) dims[rank++] = x->dims[d];
  CX_RETURN_IF_ERROR(make_results(op, args, args + N, N, rank, dims, results));

  // Input element -> result offset: kept dims use the result's strides.
  int64_t rstr[CX_MAX_RANK], step[CX_MAX_RANK];
  cx_strides(rank, dims, rstr);
  for (uint32_t d = 0, k = 0; d < x->rank; d++) step[d] = reduced[d] ? 0 : rstr[k++];

  region_call_t b;
  CX_RETURN_IF_ERROR(reduction_init(ev, op, args, results, N, &b));
  cx_status_t st = NULL;
  int64_t idx[CX_MAX_RANK] = {0};
  for (int64_t j = 0; j < x->num_elements && !st; j++) {
    int64_t off = 0;
    for (uint32_t d = 0; d < x->rank; d++) off += idx[d] * step[d];
    for (uint32_t i = 0; i < N; i++) {
      b.out_ptrs[i] = cx_tensor_at(results[i], off);
      b.in_ptrs[i] = b.out_ptrs[i];
      b.in_ptrs[N + i] = cx_tensor_at(args[i], j);
    }
    st = cx_region_runner_run(&b.runner, b.in_elems, b.in_ptrs, b.out_elems, b.out_ptrs);
    cx_next_index(x->rank, x->dims, idx);
  }
  region_call_free(&b);
  return st;
}

// ----------------------------------------------------------------------------
// Window attributes shared by reduce_window and select_and_scatter.

typedef struct window {
  uint32_t rank;
  int64_t dims[CX_MAX_RANK];
  int64_t strides[CX_MAX_RANK];
  int64_t base_dilations[CX_MAX_RANK];
  int64_t window_dilations[CX_MAX_RANK];
  int64_t lo[CX_MAX_RANK];
  int64_t hi[CX_MAX_RANK];
} window_t;

// The spec's result shape: windows that fit in the padded, dilated input.
static cx_status_t window_result_dims(const cx_op_t* op, const window_t* w,
                                      const int64_t* input_dims, int64_t* out) {
  for (uint32_t d = 0; d < w->rank; d++) {
    int64_t n = input_dims[d], dilated = 0, padded, win, t;
    // The verifier checks these for the ops' attributes; the window of
    // stablehlo.dynamic_reduce_window comes from operand values.
    if (w->dims[d] < 1 || w->strides[d] < 1 || w->base_dilations[d] < 1 ||
        w->window_dilations[d] < 1)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "window of dimension %u: size %lld, stride %lld, base dilation %lld "
                           "and window dilation %lld must all be positive",
                           d, (long long)w->dims[d], (long long)w->strides[d],
                           (long long)w->base_dilations[d], (long long)w->window_dilations[d]);
    if (n > 0 && (!cx_mul_i64(n - 1, w->base_dilations[d], &dilated) || ++dilated <= 0))
      return cx_eval_error(op, CX_OUT_OF_RANGE, "dilated dimension %u overflows", d);
    if (!cx_add_i64(dilated, w->lo[d], &padded) || !cx_add_i64(padded, w->hi[d], &padded) ||
        !cx_mul_i64(w->dims[d] - 1, w->window_dilations[d], &win) || !cx_add_i64(win, 1, &win))
      return cx_eval_error(op, CX_OUT_OF_RANGE, "window arithmetic overflows in dimension %u", d);
    if (padded < 0)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "padding makes dimension %u negative", d);
    // Window positions are computed as index * stride + offset - lo; these
    // bounds keep that sum far from int64 overflow for any valid result.
    if (padded > INT64_MAX / 4 || w->lo[d] < -(INT64_MAX / 4))
      return cx_eval_error(op, CX_OUT_OF_RANGE, "padding of dimension %u is too large", d);
    t = (padded == 0 || win > padded) ? 0 : (padded - win) / w->strides[d] + 1;
    out[d] = t;
  }
  return NULL;
}

// The window attributes of reduce_window (with dilations) or
// select_and_scatter over operand x, and the result shape they give.
static cx_status_t read_window(cx_eval_t* ev, const cx_op_t* op, const cx_tensor_t* x,
                               bool dilations, window_t* w, int64_t* out_dims) {
  const uint32_t rank = x->rank;
  // Verified (infer_reduce.c): one positive entry per dim in each window
  // attribute, padding of shape [rank, 2] (reduce_window_c4 ..
  // reduce_window_c12, select_and_scatter_c4 .. select_and_scatter_c8).
  // A stand-in op for dynamic_reduce_window carries operand values instead:
  // window_result_dims checks that they are positive.
  w->rank = rank;
  if (cx_op_attr(op, ev->interp->ctx->names[CX_NAME_window_dimensions])) {
    uint32_t n;
    CX_RETURN_IF_ERROR(
        cx_eval_get_ints(ev, op, CX_NAME_window_dimensions, CX_MAX_RANK, w->dims, &n));
  } else {
    for (uint32_t d = 0; d < rank; d++) w->dims[d] = 1;  // select_and_scatter's default
  }
  CX_RETURN_IF_ERROR(cx_eval_get_ints_or(ev, op, CX_NAME_window_strides, rank, w->strides));
  if (dilations) {
    CX_RETURN_IF_ERROR(
        cx_eval_get_ints_or(ev, op, CX_NAME_base_dilations, rank, w->base_dilations));
    CX_RETURN_IF_ERROR(
        cx_eval_get_ints_or(ev, op, CX_NAME_window_dilations, rank, w->window_dilations));
  } else {
    for (uint32_t d = 0; d < rank; d++) w->base_dilations[d] = w->window_dilations[d] = 1;
  }
  int64_t pad[2 * CX_MAX_RANK];
  CX_RETURN_IF_ERROR(cx_eval_get_ints_or(ev, op, CX_NAME_padding, 2 * rank, pad));
  for (uint32_t d = 0; d < rank; d++) {
    w->lo[d] = pad[2 * d];
    w->hi[d] = pad[2 * d + 1];
  }
  return window_result_dims(op, w, x->dims, out_dims);
}

// ----------------------------------------------------------------------------
// reduce_window.

static cx_status_t eval_reduce_window(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                      cx_tensor_t** results) {
  // Verified (infer_reduce.c): N inputs, N init values, N results, a body.
  const uint32_t N = op->num_results;
  const cx_tensor_t* x = args[0];
  const uint32_t R = x->rank;
  window_t w;
  int64_t dims[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(read_window(ev, op, x, true, &w, dims));
  // The verifier matched the window attributes with the result types; the
  // window of a dynamic_reduce_window stand-in comes from operand values, so
  // its result shape is checked here against the declared one and the budget.
  for (uint32_t i = 0; i < N; i++) {
    const cx_type_t* t = op->results[i].type;
    if (!cx_type_is_tensor(t) || t->tensor.rank != R) continue;
    for (uint32_t d = 0; d < R; d++)
      if (t->tensor.dims[d] != CX_DYNAMIC_DIM && t->tensor.dims[d] != dims[d])
        return cx_eval_error(op, CX_INVALID_ARGUMENT,
                             "the window gives result #%u %lld elements in dimension %u, but its "
                             "type declares %lld",
                             i, (long long)dims[d], d, (long long)t->tensor.dims[d]);
  }
  CX_RETURN_IF_ERROR(cx_eval_check_size(ev, op, x->esize, R, dims));
  CX_RETURN_IF_ERROR(make_results(op, args, args + N, N, R, dims, results));

  region_call_t b;
  CX_RETURN_IF_ERROR(reduction_init(ev, op, args, results, N, &b));
  cx_status_t st = NULL;
  int64_t xstr[CX_MAX_RANK];
  cx_strides(R, x->dims, xstr);
  int64_t ridx[CX_MAX_RANK] = {0};
  for (int64_t j = 0; j < results[0]->num_elements && !st; j++) {
    for (uint32_t i = 0; i < N; i++) {
      b.out_ptrs[i] = cx_tensor_at(results[i], j);
      b.in_ptrs[i] = b.out_ptrs[i];
    }
    int64_t widx[CX_MAX_RANK] = {0};
    do {
      // Position in the padded, base-dilated input; holes and edges hold
      // the init value.
      int64_t off = 0;
      bool real = true;
      for (uint32_t d = 0; d < R && real; d++) {
        int64_t p = ridx[d] * w.strides[d] + widx[d] * w.window_dilations[d] - w.lo[d];
        if (p < 0 || p % w.base_dilations[d] != 0 || p / w.base_dilations[d] >= x->dims[d])
          real = false;
        else
          off += (p / w.base_dilations[d]) * xstr[d];
      }
      for (uint32_t i = 0; i < N; i++)
        b.in_ptrs[N + i] = real ? cx_tensor_at(args[i], off) : args[N + i]->data;
      for (uint32_t i = 0; i < N; i++)
        b.in_elems[N + i] = real ? args[i]->elem : args[N + i]->elem;
      st = cx_region_runner_run(&b.runner, b.in_elems, b.in_ptrs, b.out_elems, b.out_ptrs);
    } while (!st && cx_next_index(R, w.dims, widx));
    cx_next_index(R, dims, ridx);
  }
  region_call_free(&b);
  return st;
}

// ----------------------------------------------------------------------------
// select_and_scatter.
//
// For each source element, the window it came from (positions outside the
// operand, i.e. in the padding, are skipped) is scanned in row-major order;
// the first element is selected, and each later one replaces the selection
// when select(selected, current) is false. Then
//   result[selected] = scatter(result[selected], source_value)
// with result starting as init_value everywhere: the spec's
// reduce([source values selecting that index], [init_value], scatter).
// A window with no operand element (all padding) scatters nothing (the spec
// leaves this case open).

static cx_status_t eval_select_and_scatter(cx_eval_t* ev, const cx_op_t* op,
                                           cx_tensor_t* const* args, cx_tensor_t** results) {
  // Verified (infer_reduce.c): operand, source and a rank-0 init_value;
  // the two regions' signatures. The source's shape depends on the
  // operand's dynamic dims and is checked here.
  const cx_tensor_t* x = args[0];
  const cx_tensor_t* src = args[1];
  const uint32_t R = x->rank;
  window_t w;
  int64_t wdims[CX_MAX_RANK];
  CX_RETURN_IF_ERROR(read_window(ev, op, x, false, &w, wdims));
  if (src->rank != R || memcmp(src->dims, wdims, R * sizeof(int64_t)) != 0)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "source must have the shape of the operand's windows");
  cx_tensor_t* const inputs[1] = {args[0]};
  CX_RETURN_IF_ERROR(make_results(op, inputs, &args[2], 1, R, x->dims, results));
  cx_tensor_t* r = results[0];

  cx_region_runner_t sel, sct;
  CX_RETURN_IF_ERROR(cx_region_runner_init(&sel, ev, op, &op->regions[0], 2, 1));
  cx_status_t st = cx_region_runner_init(&sct, ev, op, &op->regions[1], 2, 1);
  if (st) {
    cx_region_runner_destroy(&sel);
    return st;
  }
  int64_t xstr[CX_MAX_RANK];
  cx_strides(R, x->dims, xstr);
  const cx_elem_t sel_in[2] = {x->elem, x->elem}, sel_out[1] = {CX_ELEM_I1};
  const cx_elem_t sct_in[2] = {r->elem, src->elem}, sct_out[1] = {r->elem};
  int64_t sidx[CX_MAX_RANK] = {0};
  for (int64_t j = 0; j < src->num_elements && !st; j++, cx_next_index(R, src->dims, sidx)) {
    int64_t widx[CX_MAX_RANK] = {0};
    int64_t selected = -1;
    do {
      int64_t off = 0;
      bool inside = true;
      for (uint32_t d = 0; d < R && inside; d++) {
        int64_t p = sidx[d] * w.strides[d] + widx[d] - w.lo[d];
        if (p < 0 || p >= x->dims[d])
          inside = false;
        else
          off += p * xstr[d];
      }
      if (!inside) continue;
      if (selected < 0) {
        selected = off;
        continue;
      }
      uint8_t keep = 0;
      const void* in[2] = {cx_tensor_at(x, selected), cx_tensor_at(x, off)};
      void* out[1] = {&keep};
      st = cx_region_runner_run(&sel, sel_in, in, sel_out, out);
      if (!st && !keep) selected = off;
    } while (!st && cx_next_index(R, w.dims, widx));
    if (st || selected < 0) continue;
    const void* in[2] = {cx_tensor_at(r, selected), cx_tensor_at(src, j)};
    void* out[1] = {cx_tensor_at(r, selected)};
    st = cx_region_runner_run(&sct, sct_in, in, sct_out, out);
  }
  cx_region_runner_destroy(&sel);
  cx_region_runner_destroy(&sct);
  return st;
}

// ----------------------------------------------------------------------------
// map.

static cx_status_t eval_map(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  // Verified (infer_reduce.c): inputs, one result and a computation
  // region; dimensions = [0, ..., rank - 1] (map_c3).
  const uint32_t N = op->num_operands;
  const cx_tensor_t* x = args[0];
  CX_RETURN_IF_ERROR(cx_eval_expect_same_shapes(op, args, N));
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, CX_ELEM_INVALID, &element));
  CX_RETURN_IF_ERROR(
      cx_eval_wrap(op, cx_tensor_create(ev->allocator, element, x->rank, x->dims, &results[0])));
  cx_tensor_t* r = results[0];
  region_call_t b;
  CX_RETURN_IF_ERROR(region_call_init(ev, op, N, 1, &b));
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < N; i++) b.in_elems[i] = args[i]->elem;
  b.out_elems[0] = r->elem;
  for (int64_t j = 0; j < r->num_elements && !st; j++) {
    for (uint32_t i = 0; i < N; i++) b.in_ptrs[i] = cx_tensor_at(args[i], j);
    b.out_ptrs[0] = cx_tensor_at(r, j);
    st = cx_region_runner_run(&b.runner, b.in_elems, b.in_ptrs, b.out_elems, b.out_ptrs);
  }
  region_call_free(&b);
  return st;
}

// cx_eval_family_REDUCE: its ops by kind.
CX_EVAL_FAMILY_ROWS(REDUCE, "REDUCE", false,
    CX_EVAL_ANY_OPERANDS(CX_OP_REDUCE, eval_reduce),
    CX_EVAL_ANY_OPERANDS(CX_OP_REDUCE_WINDOW, eval_reduce_window),
    CX_EVAL_ANY_OPERANDS(CX_OP_SELECT_AND_SCATTER, eval_select_and_scatter),
    CX_EVAL_ANY_OPERANDS(CX_OP_MAP, eval_map))

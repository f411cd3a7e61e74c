// The GATHER_SCATTER family: gather, dynamic_gather, scatter and
// torch_index_select.
//
// gather and scatter follow the spec's index formulas literally (StableHLO
// spec, "gather" and "scatter"), including the batching dimensions
// (operand_batching_dims / start_indices_batching_dims and their scatter
// counterparts) and index_vector_dim == rank(indices), which means every
// index vector has one implicit trailing element. Gather clamps each start
// index into [0, dim - slice_size]; scatter does not clamp and skips updates
// whose full result index is out of bounds. The scatter schedule is the
// row-major order of the update index space (the reference interpreter's),
// so non-commutative update computations with repeated indices give a
// deterministic answer. indices_are_sorted and unique_indices are promises
// an implementation may exploit; the interpreter ignores them and is correct
// either way.
//
// The verifier (infer_gather_scatter.c) checked the dimension numbers
// against the operand types; before touching data, what only the values'
// shapes tell (dynamic dims, dynamic_gather's slice_sizes) is checked here,
// so a mismatch is a clear error rather than an out-of-bounds read.
#include <stdlib.h>
#include <string.h>

#include "interp/eval_shape.h"
#include "support/checked.h"

// The position of v in l, or -1.
static int64_t index_in(cx_i64_list_t l, int64_t v) {
  for (uint32_t i = 0; i < l.len; i++)
    if (l.data[i] == v) return i;
  return -1;
}

static bool contains(cx_i64_list_t l, int64_t v) { return index_in(l, v) >= 0; }

static cx_status_t check_indices_tensor(const cx_op_t* op, const cx_tensor_t* t, const char* what) {
  if (t->kind != CX_VALUE_TENSOR || !cx_elem_is_integer(t->elem) || t->elem == CX_ELEM_I1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s must be a tensor of integers", what);
  return NULL;
}

// Splits the multi-index idx of a gather result or scatter update element:
// a dimension d that runs over the start indices (to_indices[d] >= 0) adds to
// the returned offset of its index vector in the indices tensor (strides
// istr); any other is an offset into operand dimension to_operand[d], added
// into operand_index.
static int64_t split_index(int64_t n, const int64_t* idx, const int64_t* to_indices,
                           const int64_t* to_operand, const int64_t* istr,
                           int64_t* operand_index) {
  int64_t ioff = 0;
  for (int64_t d = 0; d < n; d++) {
    if (to_indices[d] >= 0)
      ioff += idx[d] * istr[to_indices[d]];
    else
      operand_index[to_operand[d]] += idx[d];
  }
  return ioff;
}

// ----------------------------------------------------------------------------
// gather.

static cx_status_t gather(const cx_op_t* op, const cx_tensor_t* x, const cx_tensor_t* ind,
                          const cx_gather_dims_t* g, const int64_t* slice_sizes,
                          uint32_t num_slice_sizes, const cx_type_t* element, cx_tensor_t** out) {
  // Verified (infer_gather_scatter.c): the dimension numbers are in range,
  // unique, sorted where the spec says so, and cover the operand
  // (gather_c1 .. gather_c19). What depends on the sizes of dynamic dims or
  // on dynamic_gather's slice_sizes value is checked here.
  const int64_t R = x->rank, S = ind->rank, ivd = g->index_vector_dim;
  const int64_t vec_len = ivd < S ? ind->dims[ivd] : 1;
  if (num_slice_sizes != R)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "slice_sizes has %u entries but the operand has rank %lld",
                         num_slice_sizes, (long long)R);
  if (g->start_index_map.len != vec_len)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "start_index_map has %u entries but index vectors have %lld",
                         g->start_index_map.len, (long long)vec_len);
  for (uint32_t i = 0; i < g->operand_batching_dims.len; i++) {
    int64_t od = g->operand_batching_dims.data[i], sd = g->start_indices_batching_dims.data[i];
    if (x->dims[od] != ind->dims[sd])
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "batching dimension %lld of the operand has size %lld but dimension "
                           "%lld of start_indices has %lld",
                           (long long)od, (long long)x->dims[od], (long long)sd,
                           (long long)ind->dims[sd]);
  }
  for (int64_t d = 0; d < R; d++) {
    if (slice_sizes[d] < 0 || slice_sizes[d] > x->dims[d])
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "slice_sizes[%lld] = %lld is outside [0, %lld]",
                           (long long)d, (long long)slice_sizes[d], (long long)x->dims[d]);
    if ((contains(g->collapsed_slice_dims, d) || contains(g->operand_batching_dims, d)) &&
        slice_sizes[d] > 1)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "slice size of collapsed or batching dimension %lld must be <= 1",
                           (long long)d);
  }
  // Offset dims of the result take the operand dims that are neither
  // collapsed nor batching, in order; the other result dims are the batch
  // dims of start_indices (all but index_vector_dim), in order.
  int64_t offset_operand_dims[CX_MAX_RANK];
  uint32_t num_offset = 0;
  for (int64_t d = 0; d < R; d++)
    if (!contains(g->collapsed_slice_dims, d) && !contains(g->operand_batching_dims, d))
      offset_operand_dims[num_offset++] = d;
  const int64_t batch_rank = ivd < S ? S - 1 : S;
  const int64_t rank = batch_rank + num_offset;
  if (rank > CX_MAX_RANK)
    return cx_eval_error(op, CX_UNIMPLEMENTED, "result rank %lld exceeds %d", (long long)rank,
                         CX_MAX_RANK);

  int64_t dims[CX_MAX_RANK];
  // For result dim r: the operand dim it offsets (or -1), or the
  // start_indices dim it indexes (or -1).
  int64_t r_operand[CX_MAX_RANK], r_indices[CX_MAX_RANK];
  int64_t indices_to_result[CX_MAX_RANK + 1];
  for (int64_t d = 0; d <= S && d <= CX_MAX_RANK; d++) indices_to_result[d] = -1;
  uint32_t next_offset = 0, next_batch = 0;
  for (int64_t r = 0; r < rank; r++) {
    r_operand[r] = r_indices[r] = -1;
    int64_t k = index_in(g->offset_dims, r);
    if (k >= 0) {
      // offset_dims need not be sorted for this mapping: the k-th entry of
      // offset_dims (in its own order) takes the k-th offset operand dim.
      r_operand[r] = offset_operand_dims[k];
      dims[r] = slice_sizes[r_operand[r]];
      next_offset++;
    } else {
      int64_t sd = next_batch < ivd ? next_batch : next_batch + 1;
      r_indices[r] = sd;
      indices_to_result[sd] = r;
      dims[r] = ind->dims[sd];
      next_batch++;
    }
  }
  (void)next_offset;

  cx_tensor_t* t;
  CX_RETURN_IF_ERROR(
      cx_eval_wrap(op, cx_tensor_create(x->allocator, element, (uint32_t)rank, dims, &t)));
  int64_t xstr[CX_MAX_RANK], istr[CX_MAX_RANK];
  cx_strides((uint32_t)R, x->dims, xstr);
  cx_strides((uint32_t)S, ind->dims, istr);
  const int64_t vec_stride = ivd < S ? istr[ivd] : 0;
  int64_t idx[CX_MAX_RANK] = {0};
  for (int64_t i = 0; i < t->num_elements; i++) {
    int64_t operand_index[CX_MAX_RANK] = {0};
    int64_t ioff = split_index(rank, idx, r_indices, r_operand, istr, operand_index);
    for (uint32_t k = 0; k < g->start_index_map.len; k++) {
      int64_t d = g->start_index_map.data[k];
      int64_t v = cx_eval_load_index(ind, ioff + (int64_t)k * vec_stride);
      int64_t hi = x->dims[d] - slice_sizes[d];
      operand_index[d] += v < 0 ? 0 : v > hi ? hi : v;
    }
    for (uint32_t k = 0; k < g->operand_batching_dims.len; k++)
      operand_index[g->operand_batching_dims.data[k]] +=
          idx[indices_to_result[g->start_indices_batching_dims.data[k]]];
    int64_t off = 0;
    for (int64_t d = 0; d < R; d++) {
      // Only degenerate slices (a collapsed dim of slice size 0) get here.
      if (operand_index[d] < 0 || operand_index[d] >= x->dims[d]) {
        cx_tensor_release(t);
        return cx_eval_error(op, CX_OUT_OF_RANGE,
                             "gathers from index %lld of operand dimension %lld (size %lld)",
                             (long long)operand_index[d], (long long)d, (long long)x->dims[d]);
      }
      off += operand_index[d] * xstr[d];
    }
    memcpy(cx_tensor_at(t, i), cx_tensor_at(x, off), t->esize);
    cx_next_index((uint32_t)rank, dims, idx);
  }
  *out = t;
  return NULL;
}

static const cx_gather_dims_t* gather_dims_attr(cx_eval_t* ev, const cx_op_t* op) {
  const cx_attr_t* a = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_dimension_numbers]);
  return a && a->kind == CX_ATTR_GATHER ? &a->gather : NULL;
}

static cx_status_t eval_gather(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               cx_tensor_t** results) {
  bool dynamic = op->kind == CX_OP_DYNAMIC_GATHER;
  const cx_gather_dims_t* g = gather_dims_attr(ev, op);  // verified
  int64_t sizes[CX_MAX_RANK];
  uint32_t n;
  if (dynamic) {
    const cx_tensor_t* s = args[2];
    if (s->kind != CX_VALUE_TENSOR || s->rank != 1 || !cx_elem_is_integer(s->elem) ||
        s->dims[0] > CX_MAX_RANK)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "slice_sizes must be a 1-dimensional integer tensor");
    n = (uint32_t)s->dims[0];
    for (uint32_t i = 0; i < n; i++) sizes[i] = cx_eval_load_index(s, i);
  } else {
    CX_RETURN_IF_ERROR(cx_eval_get_ints(ev, op, CX_NAME_slice_sizes, CX_MAX_RANK, sizes, &n));
  }
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, args[0]->elem, &element));
  return gather(op, args[0], args[1], g, sizes, n, element, &results[0]);
}

// ----------------------------------------------------------------------------
// torch_index_select: result = operand.dims[:dim] ++ index.dims[batch_dims:]
// ++ operand.dims[dim+1:]; the first batch_dims dims are shared by operand
// and index. Negative dim / batch_dims count from the end (as in PyTorch and
// TensorFlow). An index outside [0, dim size) is an error: the op has no
// clamping semantics to fall back on.
static cx_status_t eval_torch_index_select(cx_eval_t* ev, const cx_op_t* op,
                                           cx_tensor_t* const* args, cx_tensor_t** results) {
  if (op->num_operands != 2 || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "has the wrong number of operands or results");
  const cx_tensor_t* x = args[0];
  const cx_tensor_t* ind = args[1];
  CX_RETURN_IF_ERROR(cx_eval_expect_tensor(op, x, "operand"));
  CX_RETURN_IF_ERROR(check_indices_tensor(op, ind, "index"));
  // 'dim' is not a well-known name (names.def): find it by spelling.
  const cx_attr_t* dim_attr = NULL;
  for (uint32_t i = 0; i < op->num_attrs; i++)
    if (strcmp(op->attrs[i].name, "dim") == 0) dim_attr = op->attrs[i].value;
  if (!dim_attr || dim_attr->kind != CX_ATTR_INTEGER)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs an integer 'dim' attribute");
  int64_t dim = dim_attr->integer, bd;
  CX_RETURN_IF_ERROR(cx_eval_get_int(ev, op, CX_NAME_batch_dims, &bd));
  if (dim < 0) dim += x->rank;
  if (bd < 0) bd += ind->rank;
  if (dim < 0 || dim >= (int64_t)x->rank || bd < 0 || bd > (int64_t)ind->rank || bd > dim)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "dim or batch_dims is out of range");
  for (int64_t d = 0; d < bd; d++)
    if (x->dims[d] != ind->dims[d])
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "batch dimension %lld differs between operand and index", (long long)d);
  const int64_t nidx = ind->rank - bd;
  const int64_t rank = x->rank - 1 + nidx;
  if (rank > CX_MAX_RANK)
    return cx_eval_error(op, CX_UNIMPLEMENTED, "result rank exceeds %d", CX_MAX_RANK);
  int64_t dims[CX_MAX_RANK];
  for (int64_t d = 0; d < dim; d++) dims[d] = x->dims[d];
  for (int64_t d = 0; d < nidx; d++) dims[dim + d] = ind->dims[bd + d];
  for (int64_t d = dim + 1; d < (int64_t)x->rank; d++) dims[d - 1 + nidx] = x->dims[d];
  const cx_type_t* element;
  CX_RETURN_IF_ERROR(cx_eval_result_element(op, 0, x->elem, &element));
  cx_tensor_t* t;
  CX_RETURN_IF_ERROR(
      cx_eval_wrap(op, cx_tensor_create(ev->allocator, element, (uint32_t)rank, dims, &t)));
  int64_t xstr[CX_MAX_RANK], istr[CX_MAX_RANK];
  cx_strides(x->rank, x->dims, xstr);
  cx_strides(ind->rank, ind->dims, istr);
  int64_t idx[CX_MAX_RANK] = {0};
  for (int64_t i = 0; i < t->num_elements; i++) {
    int64_t ioff = 0, off = 0;
    for (int64_t d = 0; d < bd; d++) ioff += idx[d] * istr[d];
    for (int64_t d = 0; d < nidx; d++) ioff += idx[dim + d] * istr[bd + d];
    int64_t v = cx_eval_load_index(ind, ioff);
    if (v < 0 || v >= x->dims[dim]) {
      cx_tensor_release(t);
      return cx_eval_error(op, CX_OUT_OF_RANGE, "index %lld is out of range [0, %lld)",
                           (long long)v, (long long)x->dims[dim]);
    }
    for (int64_t d = 0; d < dim; d++) off += idx[d] * xstr[d];
    off += v * xstr[dim];
    for (int64_t d = dim + 1; d < (int64_t)x->rank; d++) off += idx[d - 1 + nidx] * xstr[d];
    memcpy(cx_tensor_at(t, i), cx_tensor_at(x, off), t->esize);
    cx_next_index((uint32_t)rank, dims, idx);
  }
  results[0] = t;
  return NULL;
}

// ----------------------------------------------------------------------------
// scatter.

static cx_status_t eval_scatter(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                cx_tensor_t** results) {
  // Verified (infer_gather_scatter.c): N inputs, scatter_indices and N
  // updates; the dimension numbers are in range, unique and cover the
  // inputs and updates (scatter_c2, scatter_c7 .. scatter_c22); the update
  // computation's signature. What depends on the sizes of dynamic dims is
  // checked here.
  const uint32_t N = (op->num_operands - 1) / 2;
  const cx_attr_t* a = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_scatter_dimension_numbers]);
  const cx_scatter_dims_t* sd = &a->scatter;
  cx_tensor_t* const* inputs = args;
  const cx_tensor_t* ind = args[N];
  cx_tensor_t* const* updates = args + N + 1;
  for (uint32_t i = 0; i < N; i++) {
    if (memcmp(inputs[i]->dims, inputs[0]->dims, inputs[0]->rank * sizeof(int64_t)) != 0 ||
        updates[i]->rank != updates[0]->rank ||
        memcmp(updates[i]->dims, updates[0]->dims, updates[0]->rank * sizeof(int64_t)) != 0)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "all inputs (and all updates) must have the same shape");
  }
  const cx_tensor_t* x = inputs[0];
  const cx_tensor_t* u = updates[0];
  const int64_t R = x->rank, S = ind->rank, U = u->rank, ivd = sd->index_vector_dim;
  const int64_t vec_len = ivd < S ? ind->dims[ivd] : 1;
  if (sd->scatter_dims_to_operand_dims.len != vec_len)
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "scatter_dims_to_operand_dims has %u entries but index vectors have %lld",
                         sd->scatter_dims_to_operand_dims.len, (long long)vec_len);
  // Window dims of the input: neither inserted nor batching, in order.
  int64_t window_input_dims[CX_MAX_RANK];
  uint32_t num_window = 0;
  for (int64_t d = 0; d < R; d++)
    if (!contains(sd->inserted_window_dims, d) && !contains(sd->input_batching_dims, d))
      window_input_dims[num_window++] = d;
  // For update dim e: the input dim it moves along (window) or the
  // scatter_indices dim it indexes (scatter dims).
  int64_t e_input[CX_MAX_RANK], e_indices[CX_MAX_RANK], indices_to_update[CX_MAX_RANK + 1];
  for (int64_t d = 0; d <= S && d <= CX_MAX_RANK; d++) indices_to_update[d] = -1;
  uint32_t next_scatter = 0;
  for (int64_t e = 0; e < U; e++) {
    e_input[e] = e_indices[e] = -1;
    int64_t k = index_in(sd->update_window_dims, e);
    if (k >= 0) {
      e_input[e] = window_input_dims[k];
      if (u->dims[e] > x->dims[e_input[e]])
        return cx_eval_error(op, CX_INVALID_ARGUMENT,
                             "update window dimension %lld (size %lld) exceeds input dimension "
                             "%lld (size %lld)",
                             (long long)e, (long long)u->dims[e], (long long)e_input[e],
                             (long long)x->dims[e_input[e]]);
    } else {
      int64_t s = next_scatter < ivd ? next_scatter : next_scatter + 1;
      e_indices[e] = s;
      indices_to_update[s] = e;
      if (u->dims[e] != ind->dims[s])
        return cx_eval_error(op, CX_INVALID_ARGUMENT,
                             "update dimension %lld has size %lld but scatter_indices dimension "
                             "%lld has %lld",
                             (long long)e, (long long)u->dims[e], (long long)s,
                             (long long)ind->dims[s]);
      next_scatter++;
    }
  }

  // Results start as copies of the inputs in the declared result element
  // types (which may be wider: the spec lets the update computation work in
  // a promoted type).
  cx_status_t st = NULL;
  for (uint32_t i = 0; i < N && !st; i++) {
    const cx_type_t* element;
    st = cx_eval_result_element(op, i, CX_ELEM_INVALID, &element);
    if (!st)
      st =
          cx_eval_wrap(op, cx_tensor_create(ev->allocator, element, x->rank, x->dims, &results[i]));
    if (st) break;
    cx_tensor_t* r = results[i];
    if (r->elem == inputs[i]->elem) {
      if (r->nbytes) memcpy(r->data, inputs[i]->data, r->nbytes);
    } else {
      for (int64_t j = 0; j < r->num_elements; j++)
        cx_eval_convert_scalar(inputs[i]->elem, cx_tensor_at(inputs[i], j), r->elem,
                               cx_tensor_at(r, j));
    }
  }
  cx_region_runner_t runner;
  bool have_runner = false;
  if (!st) {
    st = cx_region_runner_init(&runner, ev, op, &op->regions[0], 2 * N, N);
    have_runner = !st;
  }
  cx_elem_t* elems = cx_calloc(ev->allocator, 2 * N, sizeof(cx_elem_t));
  const void** in_ptrs = cx_calloc(ev->allocator, 2 * N, sizeof(void*));
  void** out_ptrs = cx_calloc(ev->allocator, N, sizeof(void*));
  if (!st && (!elems || !in_ptrs || !out_ptrs)) st = CX_OOM();
  if (!st) {
    for (uint32_t i = 0; i < N; i++) {
      elems[i] = results[i]->elem;
      elems[N + i] = updates[i]->elem;
    }
    int64_t xstr[CX_MAX_RANK], istr[CX_MAX_RANK];
    cx_strides((uint32_t)R, x->dims, xstr);
    cx_strides((uint32_t)S, ind->dims, istr);
    const int64_t vec_stride = ivd < S ? istr[ivd] : 0;
    int64_t idx[CX_MAX_RANK] = {0};
    for (int64_t j = 0; j < u->num_elements && !st; j++, cx_next_index((uint32_t)U, u->dims, idx)) {
      int64_t result_index[CX_MAX_RANK] = {0};
      int64_t ioff = split_index(U, idx, e_indices, e_input, istr, result_index);
      for (uint32_t k = 0; k < sd->scatter_dims_to_operand_dims.len; k++) {
        int64_t v = cx_eval_load_index(ind, ioff + (int64_t)k * vec_stride);
        int64_t* slot = &result_index[sd->scatter_dims_to_operand_dims.data[k]];
        // Saturate rather than overflow: such an index is out of bounds anyway.
        if (!cx_add_i64(*slot, v, slot)) *slot = v < 0 ? INT64_MIN : INT64_MAX;
      }
      for (uint32_t k = 0; k < sd->input_batching_dims.len; k++)
        result_index[sd->input_batching_dims.data[k]] +=
            idx[indices_to_update[sd->scatter_indices_batching_dims.data[k]]];
      int64_t off = 0;
      bool inside = true;
      for (int64_t d = 0; d < R; d++) {
        if (result_index[d] < 0 || result_index[d] >= x->dims[d]) {
          inside = false;
          break;
        }
        off += result_index[d] * xstr[d];
      }
      if (!inside) continue;  // the spec skips out-of-bounds updates
      for (uint32_t i = 0; i < N; i++) {
        out_ptrs[i] = cx_tensor_at(results[i], off);
        in_ptrs[i] = out_ptrs[i];
        in_ptrs[N + i] = cx_tensor_at(updates[i], j);
      }
      st = cx_region_runner_run(&runner, elems, in_ptrs, elems, out_ptrs);
    }
  }
  if (have_runner) cx_region_runner_destroy(&runner);
  cx_free(ev->allocator, elems);
  cx_free(ev->allocator, in_ptrs);
  cx_free(ev->allocator, out_ptrs);
  return st;
}

// cx_eval_family_GATHER_SCATTER: its ops by kind.
CX_EVAL_FAMILY_ROWS(GATHER_SCATTER, "GATHER_SCATTER", false,
    CX_EVAL_ANY_OPERANDS(CX_OP_GATHER, eval_gather),
    CX_EVAL_ANY_OPERANDS(CX_OP_DYNAMIC_GATHER, eval_gather),
    CX_EVAL_ANY_OPERANDS(CX_OP_SCATTER, eval_scatter),
    CX_EVAL_ANY_OPERANDS(CX_OP_TORCH_INDEX_SELECT, eval_torch_index_select))

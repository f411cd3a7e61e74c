// Shape functions of gather, dynamic_gather, scatter and the legacy
// torch_index_select. The labels are those of the spec with batching
// dimensions (gather_c1 .. gather_c23, scatter_c1 .. scatter_c25; RFC "Add
// batching dims to stablehlo.gather and stablehlo.scatter"). Gather's batch
// dims come from start_indices (with their bounds), its offset dims from
// slice_sizes (dynamic for dynamic_gather when they are unknown); scatter's
// results have the inputs' shapes and the update computation's element
// types.
#include "ir/infer_util.h"

// The constraints gather and scatter share on the window dims the operand
// drops (gather's collapsed_slice_dims, scatter's inserted_window_dims) and
// on the batching dims: gather_c6-c8, c10-c11, c13-c17 and scatter_c9-c18,
// in that order in `labels`.
typedef struct batching_names {
  const char* labels[10];
  const char* window;  // collapsed_slice_dims, inserted_window_dims
  const char* x;       // operand, input: <x>_batching_dims
  const char* idx;     // start, scatter: <idx>_indices_batching_dims
} batching_names_t;

static const batching_names_t kGatherNames = {
    {"gather_c6", "gather_c7", "gather_c8", "gather_c10", "gather_c11", "gather_c13", "gather_c14",
     "gather_c15", "gather_c16", "gather_c17"},
    "collapsed_slice_dims",
    "operand",
    "start"};
static const batching_names_t kScatterNames = {
    {"scatter_c9", "scatter_c10", "scatter_c11", "scatter_c12", "scatter_c13", "scatter_c14",
     "scatter_c15", "scatter_c16", "scatter_c17", "scatter_c18"},
    "inserted_window_dims",
    "input",
    "scatter"};

// wd: the window dims; xbd, ibd: the operand's and the indices' batching
// dims; x, idx: the operand's and the indices' types.
static cx_status_t check_batching(cx_infer_state_t* s, const batching_names_t* n, cx_i64_list_t wd,
                                  cx_i64_list_t xbd, cx_i64_list_t ibd, const cx_type_t* x,
                                  const cx_type_t* idx, int64_t ivd) {
  uint32_t rx = cx_v_rank(x), ri = cx_v_rank(idx);
  const char* const* l = n->labels;
  // gather_c6, scatter_c9
  if (!cx_i_unique2(s, wd.data, wd.len, xbd.data, xbd.len))
    return cx_i_error(s, l[0], "expects %s and %s_batching_dims to be unique, got: %s and %s",
                      n->window, n->x, cx_i_list_str(s, wd), cx_i_list_str(s, xbd));
  // gather_c7, scatter_c10
  if (!cx_v_sorted(wd.data, wd.len))
    return cx_i_error(s, l[1], "expects %s to be sorted, got: %s", n->window, cx_i_list_str(s, wd));
  // gather_c8, scatter_c11
  if (!cx_v_in_range(wd.data, wd.len, 0, rx))
    return cx_i_error(s, l[2], "%s %s must be in [0, %u)", n->window, cx_i_list_str(s, wd), rx);
  // gather_c10, scatter_c12
  if (!cx_v_sorted(xbd.data, xbd.len))
    return cx_i_error(s, l[3], "expects %s_batching_dims to be sorted, got: %s", n->x,
                      cx_i_list_str(s, xbd));
  // gather_c11, scatter_c13
  if (!cx_v_in_range(xbd.data, xbd.len, 0, rx))
    return cx_i_error(s, l[4], "%s_batching_dims %s must be in [0, %u)", n->x,
                      cx_i_list_str(s, xbd), rx);
  // gather_c13, scatter_c14
  if (!cx_i_unique(s, ibd.data, ibd.len))
    return cx_i_error(s, l[5], "expects %s_indices_batching_dims to not repeat, got: %s", n->idx,
                      cx_i_list_str(s, ibd));
  // gather_c14, scatter_c15
  if (!cx_v_in_range(ibd.data, ibd.len, 0, ri))
    return cx_i_error(s, l[6], "%s_indices_batching_dims %s must be in [0, %u)", n->idx,
                      cx_i_list_str(s, ibd), ri);
  // gather_c15, scatter_c16
  if (cx_v_contains(ibd.data, ibd.len, ivd))
    return cx_i_error(s, l[7],
                      "expects %s_indices_batching_dims to not contain index_vector_dim %lld",
                      n->idx, (long long)ivd);
  // gather_c16, scatter_c17
  if (xbd.len != ibd.len)
    return cx_i_error(s, l[8],
                      "%s_batching_dims and %s_indices_batching_dims should have the same size",
                      n->x, n->idx);
  // gather_c17, scatter_c18
  for (uint32_t i = 0; i < xbd.len; i++) {
    int64_t a = cx_v_dim(x, (uint32_t)xbd.data[i]), b = cx_v_dim(idx, (uint32_t)ibd.data[i]);
    if (!cx_v_dims_compat(a, b))
      return cx_i_error(s, l[9],
                        "%s batching dimension %lld has size %lld, but %s indices batching "
                        "dimension %lld has size %lld",
                        n->x, (long long)xbd.data[i], (long long)a, n->idx, (long long)ibd.data[i],
                        (long long)b);
  }
  return NULL;
}

// gather and dynamic_gather. `sizes` holds slice_sizes when they are known
// statically (NULL for dynamic_gather with a non-constant slice_sizes
// operand, in which case their count is `nsizes` when known, or -1).
static cx_status_t check_gather(cx_infer_state_t* s, const cx_type_t* x, const cx_type_t* idx,
                                const cx_gather_dims_t* g, const int64_t* sizes, int64_t nsizes) {
  uint32_t rx = cx_v_rank(x), ri = cx_v_rank(idx);
  int64_t ivd = g->index_vector_dim;
  cx_i64_list_t od = g->offset_dims, cd = g->collapsed_slice_dims;
  cx_i64_list_t obd = g->operand_batching_dims, sibd = g->start_indices_batching_dims;
  cx_i64_list_t sim = g->start_index_map;
  if (!cx_v_is_int(idx))
    return cx_i_error(s, NULL, "start_indices must be a tensor of integer values, but got '%s'",
                      cx_i_type_str(s, idx));
  // gather_c1
  if ((uint64_t)od.len + cd.len + obd.len != rx)
    return cx_i_error(s, "gather_c1",
                      "offset_dims size (%u) plus collapse_slice_dims size (%u) plus "
                      "operand_batching_dims size (%u) is not equal to operand rank (%u)",
                      od.len, cd.len, obd.len, rx);
  // gather_c2
  if (ivd < 0 || ivd > (int64_t)ri)
    return cx_i_error(s, "gather_c2",
                      "index_vector_dim %lld is out of bounds for start indices with rank %u",
                      (long long)ivd, ri);
  // gather_c3
  int64_t index_len = ivd < (int64_t)ri ? cx_v_dim(idx, (uint32_t)ivd) : 1;
  if (!cx_v_dims_compat(index_len, sim.len))
    return cx_i_error(s, "gather_c3",
                      "start_index_map size (%u) is not equal to size of index dimension (%lld) of "
                      "start_indices (%lld)",
                      sim.len, (long long)ivd, (long long)index_len);
  // gather_c4
  if (!cx_i_unique(s, od.data, od.len) || !cx_v_sorted(od.data, od.len))
    return cx_i_error(s, "gather_c4", "expects offset_dims to be sorted and unique, got: %s",
                      cx_i_list_str(s, od));
  CX_RETURN_IF_ERROR(check_batching(s, &kGatherNames, cd, obd, sibd, x, idx, ivd));
  // gather_c18
  if (!cx_i_unique2(s, sim.data, sim.len, obd.data, obd.len))
    return cx_i_error(
        s, "gather_c18",
        "expects start_index_map and operand_batching_dims to be unique, got: %s and %s",
        cx_i_list_str(s, sim), cx_i_list_str(s, obd));
  // gather_c19
  if (!cx_v_in_range(sim.data, sim.len, 0, rx))
    return cx_i_error(s, "gather_c19", "start_index_map %s must be in [0, %u)",
                      cx_i_list_str(s, sim), rx);
  // gather_c20
  if (nsizes >= 0 && nsizes != rx)
    return cx_i_error(s, "gather_c20", "slice_sizes size (%lld) not equal to operand rank (%u)",
                      (long long)nsizes, rx);
  if (sizes) {
    for (uint32_t i = 0; i < rx; i++) {
      // gather_c21
      int64_t d = cx_v_dim(x, i);
      if (sizes[i] < 0 || (!cx_v_dyn(d) && sizes[i] > d))
        return cx_i_error(
            s, "gather_c21",
            "slice size (%lld) is out of bounds for operand dimension (%lld) at index %u",
            (long long)sizes[i], (long long)d, i);
    }
    // gather_c9, gather_c12
    for (uint32_t i = 0; i < cd.len; i++)
      if (sizes[cd.data[i]] > 1)
        return cx_i_error(s, "gather_c9",
                          "slice_sizes collapsed dimension %lld should <= 1 but got %lld",
                          (long long)cd.data[i], (long long)sizes[cd.data[i]]);
    for (uint32_t i = 0; i < obd.len; i++)
      if (sizes[obd.data[i]] > 1)
        return cx_i_error(s, "gather_c12",
                          "slice_sizes batching dimension %lld should <= 1 but got %lld",
                          (long long)obd.data[i], (long long)sizes[obd.data[i]]);
  }
  // gather_c22: batch dims come from start_indices (without index_vector_dim),
  // offset dims from slice_sizes (without collapsed and batching dims).
  uint32_t nbatch = ri - (ivd < (int64_t)ri ? 1 : 0);
  uint32_t rank = nbatch + od.len;
  // gather_c5
  if (!cx_v_in_range(od.data, od.len, 0, rank))
    return cx_i_error(s, "gather_c5", "offset_dims %s must be in [0, %u)", cx_i_list_str(s, od),
                      rank);
  if (rank > CX_V_MAX_RANK) return cx_i_error(s, NULL, "result rank %u is too large", rank);
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t* ib = NULL;
  cx_i_bounds(idx, &ib);
  uint32_t bi = 0, si = 0;
  for (uint32_t d = 0; d < rank; d++) {
    bounds[d] = CX_DYNAMIC_DIM;
    if (cx_v_contains(od.data, od.len, d)) {
      while (si < rx &&
             (cx_v_contains(cd.data, cd.len, si) || cx_v_contains(obd.data, obd.len, si)))
        si++;
      dims[d] = sizes && si < rx ? sizes[si] : CX_V_DYN;
      si++;
    } else {
      if (bi == (uint32_t)ivd) bi++;
      dims[d] = bi < ri ? cx_v_dim(idx, bi) : CX_V_DYN;
      if (ib && bi < ri) bounds[d] = ib[bi];
      bi++;
    }
  }
  // gather_c23
  return cx_i_result_tensor(s, x->tensor.element, rank, dims, bounds);
}

cx_status_t cx_infer_gather(cx_infer_state_t* s) {
  bool dynamic = s->kind == CX_OP_DYNAMIC_GATHER;
  CX_RETURN_IF_ERROR(cx_i_count(s, dynamic ? 3 : 2, dynamic ? 3 : 2));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 0));
  const cx_type_t *x, *idx;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &idx));
  const cx_attr_t* dn;
  bool sorted;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, CX_I_NAME(s, dimension_numbers), CX_ATTR_GATHER, true, &dn));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, indices_are_sorted), false, false, &sorted));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  if (!dynamic) {
    cx_v_ints_t ss;
    CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, slice_sizes), true, &ss, NULL));
    return check_gather(s, x, idx, &dn->gather, ss.v, ss.n);
  }
  // dynamic_gather: slice_sizes is an operand, a 1-D integer tensor whose
  // value shapes the result's offset dims when it is known.
  const cx_type_t* st;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 2, &st));
  if (cx_v_rank(st) != 1 || !cx_v_is_int(st))
    return cx_i_error(s, NULL,
                      "slice_sizes must be a 1-dimensional tensor of integer values, but got '%s'",
                      cx_i_type_str(s, st));
  cx_v_ints_t ss;
  if (cx_i_const_ints(s, 2, &ss)) return check_gather(s, x, idx, &dn->gather, ss.v, ss.n);
  int64_t n = cx_v_dim(st, 0);
  return check_gather(s, x, idx, &dn->gather, NULL, cx_v_dyn(n) ? -1 : n);
}

cx_status_t cx_infer_scatter(cx_infer_state_t* s) {
  // Operands: inputs..., scatter_indices, updates... (same number of inputs
  // and updates).
  if (cx_i_num_operands(s) < 3 || cx_i_num_operands(s) % 2 == 0)
    return cx_i_error(
        s, NULL, "expects N inputs, scatter_indices and N updates (N >= 1), but got %u operands",
        cx_i_num_operands(s));
  uint32_t n = (cx_i_num_operands(s) - 1) / 2;
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  const cx_attr_t* dn;
  bool flag;
  CX_RETURN_IF_ERROR(
      cx_i_get_kind(s, CX_I_NAME(s, scatter_dimension_numbers), CX_ATTR_SCATTER, true, &dn));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, indices_are_sorted), false, false, &flag));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, unique_indices), false, false, &flag));
  const cx_scatter_dims_t* sd = &dn->scatter;
  const cx_type_t* x0 = cx_i_otype(s, 0);
  const cx_type_t* idx = cx_i_otype(s, n);
  const cx_type_t* u0 = cx_i_otype(s, n + 1);
  uint32_t rx = cx_v_rank(x0), ri = cx_v_rank(idx), ru = cx_v_rank(u0);
  cx_i64_list_t uwd = sd->update_window_dims, iwd = sd->inserted_window_dims;
  cx_i64_list_t ibd = sd->input_batching_dims, sibd = sd->scatter_indices_batching_dims;
  cx_i64_list_t sdod = sd->scatter_dims_to_operand_dims;
  int64_t ivd = sd->index_vector_dim;
  if (!cx_v_is_int(idx))
    return cx_i_error(s, NULL, "scatter_indices must be a tensor of integer values, but got '%s'",
                      cx_i_type_str(s, idx));
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t *x = cx_i_otype(s, i), *u = cx_i_otype(s, n + 1 + i);
    CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    // scatter_c1
    if (!cx_v_shapes_compat(x, x0))
      return cx_i_error(s, "scatter_c1", "not all inputs have the same shape");
    // scatter_c3
    if (!cx_v_shapes_compat(u, u0))
      return cx_i_error(s, "scatter_c3", "not all updates have the same shape");
    // scatter_c6
    if (!cx_v_elem_eq(u, x))
      return cx_i_error(s, "scatter_c6",
                        "update #%u element type '%s' does not match input #%u element type '%s'",
                        i, cx_i_type_str(s, u->tensor.element), i,
                        cx_i_type_str(s, x->tensor.element));
  }
  // scatter_c2
  if ((uint64_t)uwd.len + iwd.len + ibd.len != rx)
    return cx_i_error(
        s, "scatter_c2",
        "expects scatter dimension numbers to cover the input rank: update_window_dims size (%u) + "
        "inserted_window_dims size (%u) + input_batching_dims size (%u) != %u",
        uwd.len, iwd.len, ibd.len, rx);
  // scatter_c7
  if (!cx_i_unique(s, uwd.data, uwd.len) || !cx_v_sorted(uwd.data, uwd.len))
    return cx_i_error(s, "scatter_c7",
                      "expects update_window_dims to be sorted and unique, got: %s",
                      cx_i_list_str(s, uwd));
  // scatter_c8
  if (!cx_v_in_range(uwd.data, uwd.len, 0, ru))
    return cx_i_error(s, "scatter_c8", "update_window_dims %s must be in [0, %u)",
                      cx_i_list_str(s, uwd), ru);
  CX_RETURN_IF_ERROR(check_batching(s, &kScatterNames, iwd, ibd, sibd, x0, idx, ivd));
  // scatter_c22
  if (ivd < 0 || ivd > (int64_t)ri)
    return cx_i_error(s, "scatter_c22",
                      "index_vector_dim %lld is out of bounds for scatter indices with rank %u",
                      (long long)ivd, ri);
  // scatter_c19
  int64_t index_len = ivd < (int64_t)ri ? cx_v_dim(idx, (uint32_t)ivd) : 1;
  if (!cx_v_dims_compat(index_len, sdod.len))
    return cx_i_error(s, "scatter_c19",
                      "scatter_dims_to_operand_dims size (%u) is not equal to the size of index "
                      "dimension %lld of scatter_indices (%lld)",
                      sdod.len, (long long)ivd, (long long)index_len);
  // scatter_c20
  if (!cx_i_unique2(s, sdod.data, sdod.len, ibd.data, ibd.len))
    return cx_i_error(
        s, "scatter_c20",
        "expects scatter_dims_to_operand_dims and input_batching_dims to be unique, got: %s and %s",
        cx_i_list_str(s, sdod), cx_i_list_str(s, ibd));
  // scatter_c21
  if (!cx_v_in_range(sdod.data, sdod.len, 0, rx))
    return cx_i_error(s, "scatter_c21", "scatter_dims_to_operand_dims %s must be in [0, %u)",
                      cx_i_list_str(s, sdod), rx);
  // scatter_c4: updates = scatter dims (indices without index_vector_dim) at
  // the non-window axes, window sizes (<= the input's non-inserted,
  // non-batching dims) at update_window_dims.
  uint32_t nscatter = ri - (ivd < (int64_t)ri ? 1 : 0);
  if (ru != nscatter + uwd.len)
    return cx_i_error(s, "scatter_c4", "expects updates tensor must be of rank %u, but got %u",
                      nscatter + uwd.len, ru);
  uint32_t bi = 0, wi = 0;
  for (uint32_t d = 0; d < ru; d++) {
    int64_t ud = cx_v_dim(u0, d);
    if (cx_v_contains(uwd.data, uwd.len, d)) {
      while (wi < rx &&
             (cx_v_contains(iwd.data, iwd.len, wi) || cx_v_contains(ibd.data, ibd.len, wi)))
        wi++;
      int64_t xd = wi < rx ? cx_v_dim(x0, wi) : CX_V_DYN;
      if (!cx_v_dyn(ud) && !cx_v_dyn(xd) && ud > xd)
        return cx_i_error(
            s, "scatter_c4",
            "expects bounds of the window dimensions of updates to not exceed the bounds of the "
            "corresponding dimensions of operand; for dimension %u, %lld > %lld",
            d, (long long)ud, (long long)xd);
      wi++;
    } else {
      if (bi == (uint32_t)ivd) bi++;
      int64_t id = bi < ri ? cx_v_dim(idx, bi) : CX_V_DYN;
      if (!cx_v_dims_compat(ud, id))
        return cx_i_error(
            s, "scatter_c4",
            "expects bounds of the scatter dimensions of updates to be same as the bounds of the "
            "corresponding dimensions of scatter indices; for dimension %u, %lld != %lld",
            d, (long long)ud, (long long)id);
      bi++;
    }
  }
  // scatter_c23
  // No bound on the number of inputs (as in StableHLO): per-input arrays in
  // scratch memory.
  const cx_type_t** in_elems = cx_arena_alloc(
      s->scratch, 2 * (size_t)(n ? n : 1) * sizeof(const cx_type_t*), _Alignof(const cx_type_t*));
  if (!in_elems) return CX_OOM();
  const cx_type_t** acc = in_elems + (n ? n : 1);
  for (uint32_t i = 0; i < n; i++) in_elems[i] = cx_i_otype(s, i)->tensor.element;
  CX_RETURN_IF_ERROR(cx_i_reducer(s, 0, "update_computation", n, in_elems, acc));
  // scatter_c24, scatter_c25: each input's shape, the computation's
  // element types.
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* y = cx_tensor_with_element(s->ctx, cx_i_otype(s, i), acc[i]);
    if (!y) return CX_OOM();
    CX_RETURN_IF_ERROR(cx_i_result(s, y));
  }
  return NULL;
}

cx_status_t cx_infer_torch_index_select(cx_infer_state_t* s) {
  // Legacy op (not in the spec): result = operand[:dim] ++ index[batch_dims:]
  // ++ operand[dim+1:], with the first batch_dims dims shared.
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 0));
  const cx_type_t *x, *idx;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &x));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &idx));
  int64_t dim, bd;
  const char* dim_name = cx_intern(s->ctx, "dim", 3);
  if (!dim_name) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_i_get_int(s, dim_name, true, 0, &dim));
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, batch_dims), true, 0, &bd));
  uint32_t rx = cx_v_rank(x), ri = cx_v_rank(idx);
  if (!cx_v_is_int(idx))
    return cx_i_error(s, NULL, "index must be a tensor of integer values, but got '%s'",
                      cx_i_type_str(s, idx));
  if (dim < 0 || dim >= (int64_t)rx)
    return cx_i_error(s, NULL, "dim %lld is out of range for operand rank %u", (long long)dim, rx);
  if (bd < 0 || bd > (int64_t)ri || bd > dim)
    return cx_i_error(s, NULL, "batch_dims %lld must be in [0, min(rank(index) = %u, dim = %lld)]",
                      (long long)bd, ri, (long long)dim);
  for (uint32_t i = 0; i < (uint32_t)bd; i++)
    if (!cx_v_dims_compat(cx_v_dim(x, i), cx_v_dim(idx, i)))
      return cx_i_error(s, NULL, "batch dimension %u differs between operand and index", i);
  uint32_t rank = (uint32_t)dim + (ri - (uint32_t)bd) + (rx - (uint32_t)dim - 1);
  if (rank > CX_V_MAX_RANK) return cx_i_error(s, NULL, "result rank %u is too large", rank);
  int64_t dims[CX_V_MAX_RANK];
  uint32_t k = 0;
  for (uint32_t i = 0; i < (uint32_t)dim; i++) dims[k++] = cx_v_dim(x, i);
  for (uint32_t i = (uint32_t)bd; i < ri; i++) dims[k++] = cx_v_dim(idx, i);
  for (uint32_t i = (uint32_t)dim + 1; i < rx; i++) dims[k++] = cx_v_dim(x, i);
  return cx_i_result_tensor(s, x->tensor.element, rank, dims, NULL);
}

// gather, dynamic_gather, scatter and the legacy torch_index_select. The
// labels are those of the spec with batching dimensions (gather_c1 ..
// gather_c23, scatter_c1 .. scatter_c25; RFC "Add batching dims to
// stablehlo.gather and stablehlo.scatter").
#include "ir/verify_util.h"

static const char* list_str(cx_verify_ctx_t* vc, cx_i64_list_t l) {
  return cx_v_ints_str(vc, l.data, l.len);
}

// gather and dynamic_gather. `sizes` holds slice_sizes when they are known
// statically (NULL for dynamic_gather with a non-constant slice_sizes
// operand, in which case their count is `nsizes` when known, or -1).
static cx_status_t check_gather(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* x,
                                const cx_type_t* idx, const cx_gather_dims_t* g,
                                const int64_t* sizes, int64_t nsizes, const cx_type_t* y) {
  uint32_t rx = cx_v_rank(x), ri = cx_v_rank(idx), ry = cx_v_rank(y);
  int64_t ivd = g->index_vector_dim;
  cx_i64_list_t od = g->offset_dims, cd = g->collapsed_slice_dims;
  cx_i64_list_t obd = g->operand_batching_dims, sibd = g->start_indices_batching_dims;
  cx_i64_list_t sim = g->start_index_map;
  if (!cx_v_is_int(idx))
    return cx_verify_error(op, "start_indices must be a tensor of integer values, but got '%s'",
                           cx_v_type_str(vc, idx));
  // gather_c1
  if ((uint64_t)od.len + cd.len + obd.len != rx)
    return cx_verify_error(op, "offset_dims size (%u) plus collapse_slice_dims size (%u) plus operand_batching_dims size (%u) is not equal to operand rank (%u)",
                           od.len, cd.len, obd.len, rx);
  // gather_c2
  if (ivd < 0 || ivd > (int64_t)ri)
    return cx_verify_error(op, "index_vector_dim %lld is out of bounds for start indices with rank %u",
                           (long long)ivd, ri);
  // gather_c3
  int64_t index_len = ivd < (int64_t)ri ? cx_v_dim(idx, (uint32_t)ivd) : 1;
  if (!cx_v_dims_compat(index_len, sim.len))
    return cx_verify_error(op, "start_index_map size (%u) is not equal to size of index dimension (%lld) of start_indices (%lld)",
                           sim.len, (long long)ivd, (long long)index_len);
  // gather_c4
  if (!cx_v_unique(vc, od.data, od.len) || !cx_v_sorted(od.data, od.len))
    return cx_verify_error(op, "expects offset_dims to be sorted and unique, got: %s",
                           list_str(vc, od));
  // gather_c6
  if (!cx_v_unique2(vc, cd.data, cd.len, obd.data, obd.len))
    return cx_verify_error(op, "expects collapsed_slice_dims and operand_batching_dims to be unique, got: %s and %s",
                           list_str(vc, cd), list_str(vc, obd));
  // gather_c7
  if (!cx_v_sorted(cd.data, cd.len))
    return cx_verify_error(op, "expects collapsed_slice_dims to be sorted, got: %s", list_str(vc, cd));
  // gather_c8
  if (!cx_v_in_range(cd.data, cd.len, 0, rx))
    return cx_verify_error(op, "collapsed_slice_dims %s must be in [0, %u)", list_str(vc, cd), rx);
  // gather_c10
  if (!cx_v_sorted(obd.data, obd.len))
    return cx_verify_error(op, "expects operand_batching_dims to be sorted, got: %s",
                           list_str(vc, obd));
  // gather_c11
  if (!cx_v_in_range(obd.data, obd.len, 0, rx))
    return cx_verify_error(op, "operand_batching_dims %s must be in [0, %u)", list_str(vc, obd), rx);
  // gather_c13
  if (!cx_v_unique(vc, sibd.data, sibd.len))
    return cx_verify_error(op, "expects start_indices_batching_dims to not repeat, got: %s",
                           list_str(vc, sibd));
  // gather_c14
  if (!cx_v_in_range(sibd.data, sibd.len, 0, ri))
    return cx_verify_error(op, "start_indices_batching_dims %s must be in [0, %u)",
                           list_str(vc, sibd), ri);
  // gather_c15
  if (cx_v_contains(sibd.data, sibd.len, ivd))
    return cx_verify_error(op, "expects start_indices_batching_dims to not contain index_vector_dim %lld",
                           (long long)ivd);
  // gather_c16
  if (obd.len != sibd.len)
    return cx_verify_error(op, "operand_batching_dims and start_indices_batching_dims should have the same size");
  // gather_c17
  for (uint32_t i = 0; i < obd.len; i++) {
    int64_t a = cx_v_dim(x, (uint32_t)obd.data[i]), b = cx_v_dim(idx, (uint32_t)sibd.data[i]);
    if (!cx_v_dims_compat(a, b))
      return cx_verify_error(op, "operand batching dimension %lld has size %lld, but start indices batching dimension %lld has size %lld",
                             (long long)obd.data[i], (long long)a, (long long)sibd.data[i],
                             (long long)b);
  }
  // gather_c18
  if (!cx_v_unique2(vc, sim.data, sim.len, obd.data, obd.len))
    return cx_verify_error(op, "expects start_index_map and operand_batching_dims to be unique, got: %s and %s",
                           list_str(vc, sim), list_str(vc, obd));
  // gather_c19
  if (!cx_v_in_range(sim.data, sim.len, 0, rx))
    return cx_verify_error(op, "start_index_map %s must be in [0, %u)", list_str(vc, sim), rx);
  // gather_c20
  if (nsizes >= 0 && nsizes != rx)
    return cx_verify_error(op, "slice_sizes size (%lld) not equal to operand rank (%u)",
                           (long long)nsizes, rx);
  if (sizes) {
    for (uint32_t i = 0; i < rx; i++) {
      // gather_c21
      int64_t d = cx_v_dim(x, i);
      if (sizes[i] < 0 || (!cx_v_dyn(d) && sizes[i] > d))
        return cx_verify_error(op, "slice size (%lld) is out of bounds for operand dimension (%lld) at index %u",
                               (long long)sizes[i], (long long)d, i);
    }
    // gather_c9, gather_c12
    for (uint32_t i = 0; i < cd.len; i++)
      if (sizes[cd.data[i]] > 1)
        return cx_verify_error(op, "slice_sizes collapsed dimension %lld should <= 1 but got %lld",
                               (long long)cd.data[i], (long long)sizes[cd.data[i]]);
    for (uint32_t i = 0; i < obd.len; i++)
      if (sizes[obd.data[i]] > 1)
        return cx_verify_error(op, "slice_sizes batching dimension %lld should <= 1 but got %lld",
                               (long long)obd.data[i], (long long)sizes[obd.data[i]]);
  }
  // gather_c22: batch dims come from start_indices (without index_vector_dim),
  // offset dims from slice_sizes (without collapsed and batching dims).
  uint32_t nbatch = ri - (ivd < (int64_t)ri ? 1 : 0);
  uint32_t rank = nbatch + od.len;
  // gather_c5
  if (!cx_v_in_range(od.data, od.len, 0, ry))
    return cx_verify_error(op, "offset_dims %s must be in [0, %u)", list_str(vc, od), ry);
  if (rank > CX_V_MAX_RANK) return cx_verify_error(op, "result rank %u is too large", rank);
  int64_t dims[CX_V_MAX_RANK];
  uint32_t bi = 0, oi = 0, si = 0;
  for (uint32_t d = 0; d < rank; d++) {
    if (cx_v_contains(od.data, od.len, d)) {
      while (si < rx && (cx_v_contains(cd.data, cd.len, si) || cx_v_contains(obd.data, obd.len, si)))
        si++;
      dims[d] = sizes && si < rx ? sizes[si] : CX_V_DYN;
      si++;
      oi++;
    } else {
      if (bi == (uint32_t)ivd) bi++;
      dims[d] = bi < ri ? cx_v_dim(idx, bi) : CX_V_DYN;
      bi++;
    }
  }
  (void)oi;
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, rank, dims, "result"));
  // gather_c23
  if (!cx_v_elem_eq(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  return NULL;
}

static cx_status_t verify_gather(cx_verify_ctx_t* vc, cx_op_t* op) {
  bool dynamic = op->kind == CX_OP_DYNAMIC_GATHER;
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, dynamic ? 3 : 2, dynamic ? 3 : 2));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_type_t *x, *idx, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &idx));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  const cx_attr_t* dn;
  bool sorted;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, dimension_numbers), CX_ATTR_GATHER, true, &dn));
  CX_RETURN_IF_ERROR(
      cx_v_get_bool(vc, op, CX_V_NAME(vc, indices_are_sorted), false, false, &sorted));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "operand #0"));
  if (!dynamic) {
    cx_v_ints_t ss;
    CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, slice_sizes), true, &ss, NULL));
    return check_gather(vc, op, x, idx, &dn->gather, ss.v, ss.n, y);
  }
  // dynamic_gather: slice_sizes is an operand, a 1-D integer tensor.
  const cx_type_t* st;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 2, &st));
  if (cx_v_rank(st) != 1 || !cx_v_is_int(st))
    return cx_verify_error(op, "slice_sizes must be a 1-dimensional tensor of integer values, but got '%s'",
                           cx_v_type_str(vc, st));
  cx_v_ints_t ss;
  if (cx_v_const_ints(vc, op->operands[2].value, &ss))
    return check_gather(vc, op, x, idx, &dn->gather, ss.v, ss.n, y);
  int64_t n = cx_v_dim(st, 0);
  return check_gather(vc, op, x, idx, &dn->gather, NULL, cx_v_dyn(n) ? -1 : n, y);
}

static cx_status_t verify_scatter(cx_verify_ctx_t* vc, cx_op_t* op) {
  // Operands: inputs..., scatter_indices, updates... (same number of inputs
  // and updates).
  if (op->num_operands < 3 || op->num_operands % 2 == 0)
    return cx_verify_error(op, "expects N inputs, scatter_indices and N updates (N >= 1), but got %u operands",
                           op->num_operands);
  uint32_t n = (op->num_operands - 1) / 2;
  CX_RETURN_IF_ERROR(cx_v_num_results(op, n, n));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  const cx_attr_t* dn;
  bool flag;
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, scatter_dimension_numbers),
                                   CX_ATTR_SCATTER, true, &dn));
  CX_RETURN_IF_ERROR(
      cx_v_get_bool(vc, op, CX_V_NAME(vc, indices_are_sorted), false, false, &flag));
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, unique_indices), false, false, &flag));
  const cx_scatter_dims_t* s = &dn->scatter;
  const cx_type_t* x0 = cx_v_otype(op, 0);
  const cx_type_t* idx = cx_v_otype(op, n);
  const cx_type_t* u0 = cx_v_otype(op, n + 1);
  uint32_t rx = cx_v_rank(x0), ri = cx_v_rank(idx), ru = cx_v_rank(u0);
  cx_i64_list_t uwd = s->update_window_dims, iwd = s->inserted_window_dims;
  cx_i64_list_t ibd = s->input_batching_dims, sibd = s->scatter_indices_batching_dims;
  cx_i64_list_t sdod = s->scatter_dims_to_operand_dims;
  int64_t ivd = s->index_vector_dim;
  if (!cx_v_is_int(idx))
    return cx_verify_error(op, "scatter_indices must be a tensor of integer values, but got '%s'",
                           cx_v_type_str(vc, idx));
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t *x = cx_v_otype(op, i), *u = cx_v_otype(op, n + 1 + i);
    CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, CX_V_ANY & ~CX_V_QUANT_AXIS, "input"));
    // scatter_c1
    if (!cx_v_shapes_compat(x, x0))
      return cx_verify_error(op, "not all inputs have the same shape");
    // scatter_c3
    if (!cx_v_shapes_compat(u, u0))
      return cx_verify_error(op, "not all updates have the same shape");
    // scatter_c6
    if (!cx_v_elem_eq(u, x))
      return cx_verify_error(op, "update #%u element type '%s' does not match input #%u element type '%s'",
                             i, cx_v_type_str(vc, u->tensor.element), i,
                             cx_v_type_str(vc, x->tensor.element));
  }
  // scatter_c2
  if ((uint64_t)uwd.len + iwd.len + ibd.len != rx)
    return cx_verify_error(op, "expects scatter dimension numbers to cover the input rank: update_window_dims size (%u) + inserted_window_dims size (%u) + input_batching_dims size (%u) != %u",
                           uwd.len, iwd.len, ibd.len, rx);
  // scatter_c7
  if (!cx_v_unique(vc, uwd.data, uwd.len) || !cx_v_sorted(uwd.data, uwd.len))
    return cx_verify_error(op, "expects update_window_dims to be sorted and unique, got: %s",
                           list_str(vc, uwd));
  // scatter_c8
  if (!cx_v_in_range(uwd.data, uwd.len, 0, ru))
    return cx_verify_error(op, "update_window_dims %s must be in [0, %u)", list_str(vc, uwd), ru);
  // scatter_c9
  if (!cx_v_unique2(vc, iwd.data, iwd.len, ibd.data, ibd.len))
    return cx_verify_error(op, "expects inserted_window_dims and input_batching_dims to be unique, got: %s and %s",
                           list_str(vc, iwd), list_str(vc, ibd));
  // scatter_c10
  if (!cx_v_sorted(iwd.data, iwd.len))
    return cx_verify_error(op, "expects inserted_window_dims to be sorted, got: %s", list_str(vc, iwd));
  // scatter_c11
  if (!cx_v_in_range(iwd.data, iwd.len, 0, rx))
    return cx_verify_error(op, "inserted_window_dims %s must be in [0, %u)", list_str(vc, iwd), rx);
  // scatter_c12
  if (!cx_v_sorted(ibd.data, ibd.len))
    return cx_verify_error(op, "expects input_batching_dims to be sorted, got: %s", list_str(vc, ibd));
  // scatter_c13
  if (!cx_v_in_range(ibd.data, ibd.len, 0, rx))
    return cx_verify_error(op, "input_batching_dims %s must be in [0, %u)", list_str(vc, ibd), rx);
  // scatter_c14
  if (!cx_v_unique(vc, sibd.data, sibd.len))
    return cx_verify_error(op, "expects scatter_indices_batching_dims to not repeat, got: %s",
                           list_str(vc, sibd));
  // scatter_c15
  if (!cx_v_in_range(sibd.data, sibd.len, 0, ri))
    return cx_verify_error(op, "scatter_indices_batching_dims %s must be in [0, %u)",
                           list_str(vc, sibd), ri);
  // scatter_c16
  if (cx_v_contains(sibd.data, sibd.len, ivd))
    return cx_verify_error(op, "expects scatter_indices_batching_dims to not contain index_vector_dim %lld",
                           (long long)ivd);
  // scatter_c17
  if (ibd.len != sibd.len)
    return cx_verify_error(op, "input_batching_dims and scatter_indices_batching_dims should have the same size");
  // scatter_c18
  for (uint32_t i = 0; i < ibd.len; i++) {
    int64_t a = cx_v_dim(x0, (uint32_t)ibd.data[i]), b = cx_v_dim(idx, (uint32_t)sibd.data[i]);
    if (!cx_v_dims_compat(a, b))
      return cx_verify_error(op, "input batching dimension %lld has size %lld, but scatter indices batching dimension %lld has size %lld",
                             (long long)ibd.data[i], (long long)a, (long long)sibd.data[i],
                             (long long)b);
  }
  // scatter_c22
  if (ivd < 0 || ivd > (int64_t)ri)
    return cx_verify_error(op, "index_vector_dim %lld is out of bounds for scatter indices with rank %u",
                           (long long)ivd, ri);
  // scatter_c19
  int64_t index_len = ivd < (int64_t)ri ? cx_v_dim(idx, (uint32_t)ivd) : 1;
  if (!cx_v_dims_compat(index_len, sdod.len))
    return cx_verify_error(op, "scatter_dims_to_operand_dims size (%u) is not equal to the size of index dimension %lld of scatter_indices (%lld)",
                           sdod.len, (long long)ivd, (long long)index_len);
  // scatter_c20
  if (!cx_v_unique2(vc, sdod.data, sdod.len, ibd.data, ibd.len))
    return cx_verify_error(op, "expects scatter_dims_to_operand_dims and input_batching_dims to be unique, got: %s and %s",
                           list_str(vc, sdod), list_str(vc, ibd));
  // scatter_c21
  if (!cx_v_in_range(sdod.data, sdod.len, 0, rx))
    return cx_verify_error(op, "scatter_dims_to_operand_dims %s must be in [0, %u)",
                           list_str(vc, sdod), rx);
  // scatter_c4: updates = scatter dims (indices without index_vector_dim) at
  // the non-window axes, window sizes (<= the input's non-inserted,
  // non-batching dims) at update_window_dims.
  uint32_t nscatter = ri - (ivd < (int64_t)ri ? 1 : 0);
  if (ru != nscatter + uwd.len)
    return cx_verify_error(op, "expects updates tensor must be of rank %u, but got %u",
                           nscatter + uwd.len, ru);
  uint32_t bi = 0, wi = 0;
  for (uint32_t d = 0; d < ru; d++) {
    int64_t ud = cx_v_dim(u0, d);
    if (cx_v_contains(uwd.data, uwd.len, d)) {
      while (wi < rx && (cx_v_contains(iwd.data, iwd.len, wi) || cx_v_contains(ibd.data, ibd.len, wi)))
        wi++;
      int64_t xd = wi < rx ? cx_v_dim(x0, wi) : CX_V_DYN;
      if (!cx_v_dyn(ud) && !cx_v_dyn(xd) && ud > xd)
        return cx_verify_error(op, "expects bounds of the window dimensions of updates to not exceed the bounds of the corresponding dimensions of operand; for dimension %u, %lld > %lld",
                               d, (long long)ud, (long long)xd);
      wi++;
    } else {
      if (bi == (uint32_t)ivd) bi++;
      int64_t id = bi < ri ? cx_v_dim(idx, bi) : CX_V_DYN;
      if (!cx_v_dims_compat(ud, id))
        return cx_verify_error(op, "expects bounds of the scatter dimensions of updates to be same as the bounds of the corresponding dimensions of scatter indices; for dimension %u, %lld != %lld",
                               d, (long long)ud, (long long)id);
      bi++;
    }
  }
  // scatter_c23
  const cx_type_t* in_elems[64];
  const cx_type_t* acc[64];
  if (n > 64) return cx_verify_error(op, "cxla supports at most 64 scatter inputs");
  for (uint32_t i = 0; i < n; i++) in_elems[i] = cx_v_otype(op, i)->tensor.element;
  CX_RETURN_IF_ERROR(cx_v_reducer(vc, op, 0, "update_computation", n, in_elems, acc));
  for (uint32_t i = 0; i < n; i++) {
    const cx_type_t* y = cx_v_rtype(op, i);
    // scatter_c24
    if (!cx_v_shapes_compat(y, cx_v_otype(op, i)))
      return cx_verify_error(op, "result #%u shape '%s' does not match input shape '%s'", i,
                             cx_v_type_str(vc, y), cx_v_type_str(vc, cx_v_otype(op, i)));
    // scatter_c25
    if (y->tensor.element != acc[i])
      return cx_verify_error(op, "result #%u element type '%s' does not match the update_computation's '%s'",
                             i, cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, acc[i]));
  }
  return NULL;
}

static cx_status_t verify_torch_index_select(cx_verify_ctx_t* vc, cx_op_t* op) {
  // Legacy op (not in the spec): result = operand[:dim] ++ index[batch_dims:]
  // ++ operand[dim+1:], with the first batch_dims dims shared.
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  const cx_type_t *x, *idx, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &idx));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  int64_t dim, bd;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, vc->names.dim, true, 0, &dim));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, batch_dims), true, 0, &bd));
  uint32_t rx = cx_v_rank(x), ri = cx_v_rank(idx);
  if (!cx_v_is_int(idx))
    return cx_verify_error(op, "index must be a tensor of integer values, but got '%s'",
                           cx_v_type_str(vc, idx));
  if (dim < 0 || dim >= (int64_t)rx)
    return cx_verify_error(op, "dim %lld is out of range for operand rank %u", (long long)dim, rx);
  if (bd < 0 || bd > (int64_t)ri || bd > dim)
    return cx_verify_error(op, "batch_dims %lld must be in [0, min(rank(index) = %u, dim = %lld)]",
                           (long long)bd, ri, (long long)dim);
  for (uint32_t i = 0; i < (uint32_t)bd; i++)
    if (!cx_v_dims_compat(cx_v_dim(x, i), cx_v_dim(idx, i)))
      return cx_verify_error(op, "batch dimension %u differs between operand and index", i);
  uint32_t rank = (uint32_t)dim + (ri - (uint32_t)bd) + (rx - (uint32_t)dim - 1);
  if (rank > CX_V_MAX_RANK) return cx_verify_error(op, "result rank %u is too large", rank);
  int64_t dims[CX_V_MAX_RANK];
  uint32_t k = 0;
  for (uint32_t i = 0; i < (uint32_t)dim; i++) dims[k++] = cx_v_dim(x, i);
  for (uint32_t i = (uint32_t)bd; i < ri; i++) dims[k++] = cx_v_dim(idx, i);
  for (uint32_t i = (uint32_t)dim + 1; i < rx; i++) dims[k++] = cx_v_dim(x, i);
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, rank, dims, "result"));
  if (!cx_v_elem_eq(x, y))
    return cx_verify_error(op, "requires the same element type for operand and result");
  return NULL;
}

cx_status_t cx_verify_gather_scatter(cx_verify_ctx_t* vc, cx_op_t* op) {
  switch (op->kind) {
    case CX_OP_GATHER:
    case CX_OP_DYNAMIC_GATHER: return verify_gather(vc, op);
    case CX_OP_SCATTER: return verify_scatter(vc, op);
    case CX_OP_TORCH_INDEX_SELECT: return verify_torch_index_select(vc, op);
    default: return cx_verify_error(op, "is not a gather or scatter op");
  }
}

// Shape functions of the CHLO ops (not in the StableHLO spec; the "client
// HLO" dialect that frameworks emit and that decomposes into StableHLO),
// following the CHLO dialect's own type rules: element-wise unary and
// binary ops (the operand's type; i1 for is_inf), the implicitly
// broadcasting binary ops (numpy-style broadcast shapes), constants,
// top_k, ragged_dot (a dot_general whose result element type is the op's)
// and scan.
#include "ir/chlo.h"
#include "ir/infer_util.h"

static bool is_is_inf(cx_op_kind_t k) {
  return k == CX_OP_CHLO_IS_INF || k == CX_OP_CHLO_IS_NEG_INF || k == CX_OP_CHLO_IS_POS_INF;
}

static unsigned unary_mask(cx_op_kind_t k) {
  switch (k) {
    case CX_OP_CHLO_DIGAMMA:
    case CX_OP_CHLO_ERF:
    case CX_OP_CHLO_ERF_INV:
    case CX_OP_CHLO_ERFC:
    case CX_OP_CHLO_LGAMMA:
    case CX_OP_CHLO_BESSEL_I1E:
    case CX_OP_CHLO_IS_INF:
    case CX_OP_CHLO_IS_NEG_INF:
    case CX_OP_CHLO_IS_POS_INF:
      return CX_V_FLOAT;
    case CX_OP_CHLO_SQUARE:
      return CX_V_INT | CX_V_FLOAT | CX_V_COMPLEX;
    default:
      return CX_V_FLOAT | CX_V_COMPLEX;
  }
}

static const cx_type_t* i1_like(const cx_infer_state_t* s, const cx_type_t* t) {
  const cx_type_t* i1 = cx_type_element(s->ctx, CX_ELEM_I1);
  return i1 ? cx_tensor_with_element(s->ctx, t, i1) : NULL;
}

cx_status_t cx_infer_chlo_unary(cx_infer_state_t* s) {
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, x, unary_mask(s->kind), "operand #0"));
  const cx_type_t* y = is_is_inf(s->kind) ? i1_like(s, x) : x;
  return y ? cx_i_result(s, y) : CX_OOM();
}

cx_status_t cx_infer_chlo_binary(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  const cx_type_t *l = cx_i_otype(s, 0), *r = cx_i_otype(s, 1);
  unsigned mask = s->kind == CX_OP_CHLO_MULHI ? CX_V_INT : CX_V_FLOAT;
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, l, mask, "operand #0"));
  if (!cx_v_types_compat(l, r))
    return cx_i_error(s, NULL, "requires the same type for all operands and results");
  const cx_type_t* y = cx_i_most_specific(s, l, r, NULL);
  return y ? cx_i_result(s, y) : CX_OOM();
}

// Broadcast-compatible result shape of a and b: numpy-style right
// alignment, or, when broadcast_dimensions is given, the lower-rank operand's
// dimensions mapped to those positions of the higher-rank one.
static cx_status_t broadcast_shape(const cx_infer_state_t* s, const cx_type_t* a,
                                   const cx_type_t* b, const cx_v_ints_t* bd, int64_t* out,
                                   uint32_t* out_rank) {
  const cx_type_t* big = cx_v_rank(a) >= cx_v_rank(b) ? a : b;
  const cx_type_t* small = big == a ? b : a;
  uint32_t rb = cx_v_rank(big), rs = cx_v_rank(small);
  int64_t pos[CX_V_MAX_RANK];
  if (bd && bd->n) {
    if (bd->n != rs || !cx_v_in_range(bd->v, bd->n, 0, rb))
      return cx_i_error(s, NULL,
                        "broadcast_dimensions %s do not map a rank-%u operand into rank %u",
                        cx_i_ints_str(s, bd->v, bd->n), rs, rb);
    for (uint32_t i = 0; i < rs; i++) pos[i] = bd->v[i];
  } else {
    for (uint32_t i = 0; i < rs; i++) pos[i] = rb - rs + i;
  }
  for (uint32_t i = 0; i < rb; i++) out[i] = cx_v_dim(big, i);
  for (uint32_t i = 0; i < rs; i++) {
    int64_t x = out[pos[i]], sm = cx_v_dim(small, i), v;
    if (x == sm)
      v = x;
    else if (x == 1)
      v = sm;
    else if (sm == 1)
      v = x;
    else if (cx_v_dyn(x))
      v = sm;
    else if (cx_v_dyn(sm))
      v = x;
    else
      return cx_i_error(s, NULL, "cannot broadcast '%s' and '%s': dimension sizes %lld and %lld",
                        cx_i_type_str(s, a), cx_i_type_str(s, b), (long long)x, (long long)sm);
    out[pos[i]] = v;
  }
  *out_rank = rb;
  return NULL;
}

cx_status_t cx_infer_chlo_broadcast_binary(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  cx_v_ints_t bd;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, broadcast_dimensions), false, &bd, NULL));
  const cx_type_t *l = cx_i_otype(s, 0), *r = cx_i_otype(s, 1);
  if (!cx_v_elem_eq(l, r))
    return cx_i_error(s, NULL,
                      "requires the same element type for both operands, but got '%s' and '%s'",
                      cx_i_type_str(s, l), cx_i_type_str(s, r));
  const cx_type_t* elem = l->tensor.element;
  switch (s->kind) {
    case CX_OP_CHLO_BROADCAST_COMPARE: {
      int dir, type;
      CX_RETURN_IF_ERROR(cx_i_get_enum(s, CX_I_NAME(s, comparison_direction),
                                       CX_ENUM_CHLO_COMPARISON_DIRECTION, true, 0, &dir, NULL));
      CX_RETURN_IF_ERROR(cx_i_get_enum(s, CX_I_NAME(s, compare_type), CX_ENUM_CHLO_COMPARISON_TYPE,
                                       false, 0, &type, NULL));
      elem = cx_type_element(s->ctx, CX_ELEM_I1);
      break;
    }
    case CX_OP_CHLO_BROADCAST_COMPLEX: {
      cx_elem_t k = cx_v_kind(l);
      if (k != CX_ELEM_F32 && k != CX_ELEM_F64)
        return cx_i_error(s, NULL,
                          "expects f32/f64 operands and a complex result of the same precision");
      elem = cx_type_element(s->ctx, k == CX_ELEM_F32 ? CX_ELEM_C64 : CX_ELEM_C128);
      break;
    }
    case CX_OP_CHLO_BROADCAST_AND:
    case CX_OP_CHLO_BROADCAST_OR:
    case CX_OP_CHLO_BROADCAST_XOR:
      CX_RETURN_IF_ERROR(cx_i_check_elem(s, l, CX_V_BOOL | CX_V_INT, "operand #0"));
      break;
    case CX_OP_CHLO_BROADCAST_SHIFT_LEFT:
    case CX_OP_CHLO_BROADCAST_SHIFT_RIGHT_ARITHMETIC:
    case CX_OP_CHLO_BROADCAST_SHIFT_RIGHT_LOGICAL:
      CX_RETURN_IF_ERROR(cx_i_check_elem(s, l, CX_V_INT, "operand #0"));
      break;
    default:
      break;
  }
  if (!elem) return CX_OOM();
  int64_t dims[CX_V_MAX_RANK];
  uint32_t rank;
  CX_RETURN_IF_ERROR(broadcast_shape(s, l, r, &bd, dims, &rank));
  return cx_i_result_tensor(s, elem, rank, dims, NULL);
}

cx_status_t cx_infer_chlo_broadcast_select(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 3, 3));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  const cx_type_t *p = cx_i_otype(s, 0), *t = cx_i_otype(s, 1), *f = cx_i_otype(s, 2);
  if (!cx_v_is_bool(p))
    return cx_i_error(s, NULL, "pred must be a tensor of i1, but got '%s'", cx_i_type_str(s, p));
  if (!cx_v_elem_eq(t, f))
    return cx_i_error(s, NULL,
                      "requires the same element type for on_true, on_false and the result");
  int64_t d1[CX_V_MAX_RANK], d2[CX_V_MAX_RANK];
  uint32_t r1, r2;
  CX_RETURN_IF_ERROR(broadcast_shape(s, t, f, NULL, d1, &r1));
  const cx_type_t* tf = cx_type_tensor(s->ctx, t->tensor.element, r1, d1, NULL);
  if (!tf) return CX_OOM();
  CX_RETURN_IF_ERROR(broadcast_shape(s, p, tf, NULL, d2, &r2));
  return cx_i_result_tensor(s, t->tensor.element, r2, d2, NULL);
}

cx_status_t cx_infer_chlo_constant(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 0, 0));
  const cx_attr_t* v = cx_i_attr(s, CX_I_NAME(s, value));
  if (!v) return cx_i_error(s, NULL, "requires attribute 'value'");
  if ((v->kind != CX_ATTR_DENSE && v->kind != CX_ATTR_DENSE_RESOURCE) ||
      !cx_type_is_tensor(v->type))
    return cx_i_error(s, NULL,
                      "attribute 'value' failed to satisfy constraint: elements attribute");
  return cx_i_result(s, v->type);
}

cx_status_t cx_infer_chlo_constant_like(cx_infer_state_t* s) {
  // A splat of `value` shaped like the operand.
  const cx_type_t* x;
  CX_RETURN_IF_ERROR(cx_i_one_tensor(s, &x));
  const cx_attr_t* v = cx_i_attr(s, CX_I_NAME(s, value));
  if (!v) return cx_i_error(s, NULL, "requires attribute 'value'");
  const cx_type_t* vt = v->type;
  if (vt && cx_type_is_tensor(vt)) vt = vt->tensor.element;
  if ((v->kind != CX_ATTR_INTEGER && v->kind != CX_ATTR_FLOAT && v->kind != CX_ATTR_DENSE) || !vt)
    return cx_i_error(s, NULL, "value must be a typed scalar attribute");
  const cx_type_t* y = cx_tensor_with_element(s->ctx, x, vt);
  return y ? cx_i_result(s, y) : CX_OOM();
}

cx_status_t cx_infer_chlo_top_k(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 1, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  int64_t k;
  bool flag;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, k), true, 0, &k));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, largest), false, true, &flag));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, CX_I_NAME(s, is_stable), false, true, &flag));
  const cx_type_t* x = cx_i_otype(s, 0);
  uint32_t r = cx_v_rank(x);
  if (r < 1) return cx_i_error(s, NULL, "operand's rank must be at least 1");
  int64_t last = cx_v_dim(x, r - 1);
  if (k < 0 || (!cx_v_dyn(last) && k > last))
    return cx_i_error(s, NULL, "operand's last dimension must be at least k = %lld", (long long)k);
  // values and indices: the operand's shape with k in the last dim.
  int64_t dims[CX_V_MAX_RANK], bounds[CX_V_MAX_RANK];
  const int64_t* xb = NULL;
  bool bounded = cx_i_bounds(x, &xb);
  for (uint32_t i = 0; i < r; i++) {
    dims[i] = cx_v_dim(x, i);
    bounds[i] = bounded ? xb[i] : CX_DYNAMIC_DIM;
  }
  dims[r - 1] = k;
  bounds[r - 1] = CX_DYNAMIC_DIM;
  const cx_type_t* i32 = cx_type_element(s->ctx, CX_ELEM_SI32);
  if (!i32) return CX_OOM();
  CX_RETURN_IF_ERROR(cx_i_result_tensor(s, x->tensor.element, r, dims, bounds));
  return cx_i_result_tensor(s, i32, r, dims, bounds);
}

// ragged_dot: a dot_general whose lhs dimension `lhs_ragged_dimensions[0]`
// is split into groups of sizes `group_sizes`. If the ragged dimension is a
// non-contracting lhs dimension, rhs has a group dimension and the result is
// dot_general's without it; if it is a contracting dimension, the result gets
// a leading group dimension; if it is a batch dimension, the result is
// dot_general's.
cx_status_t cx_infer_chlo_ragged_dot(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 3, 3));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  const cx_attr_t* dn;
  CX_RETURN_IF_ERROR(
      cx_i_get_kind(s, CX_I_NAME(s, ragged_dot_dimension_numbers), CX_ATTR_RAGGED_DOT, true, &dn));
  uint32_t nprec;
  CX_RETURN_IF_ERROR(
      cx_i_get_precision(s, CX_I_NAME(s, precision_config), CX_ENUM_CHLO_PRECISION, &nprec));
  if (nprec != 0 && nprec != 2)
    return cx_i_error(s, NULL, "expects precision config to be empty or have 2 elements");
  const cx_type_t *l = cx_i_otype(s, 0), *r = cx_i_otype(s, 1), *gs = cx_i_otype(s, 2);
  const cx_ragged_dot_dims_t* d = &dn->ragged_dot;
  cx_i64_list_t lb = d->dot.lhs_batching_dims, rb = d->dot.rhs_batching_dims;
  cx_i64_list_t lc = d->dot.lhs_contracting_dims, rc = d->dot.rhs_contracting_dims;
  cx_i64_list_t lr = d->lhs_ragged_dims, rg = d->rhs_group_dims;
  uint32_t rl = cx_v_rank(l), rr = cx_v_rank(r);
  if (!cx_v_elem_eq(l, r))
    return cx_i_error(s, NULL, "requires the same element type for lhs and rhs");
  if (!cx_v_is_int(gs) || cx_v_rank(gs) < 1)
    return cx_i_error(s, NULL, "group_sizes must be a tensor of integer values of rank >= 1");
  if (lb.len != rb.len || lc.len != rc.len)
    return cx_i_error(
        s, NULL, "lhs and rhs must have the same number of batching and contracting dimensions");
  if (!cx_i_unique2(s, lb.data, lb.len, lc.data, lc.len) ||
      !cx_v_in_range(lb.data, lb.len, 0, rl) || !cx_v_in_range(lc.data, lc.len, 0, rl))
    return cx_i_error(s, NULL, "invalid lhs batching/contracting dimensions %s and %s",
                      cx_i_list_str(s, lb), cx_i_list_str(s, lc));
  if (!cx_i_unique2(s, rb.data, rb.len, rc.data, rc.len) ||
      !cx_v_in_range(rb.data, rb.len, 0, rr) || !cx_v_in_range(rc.data, rc.len, 0, rr))
    return cx_i_error(s, NULL, "invalid rhs batching/contracting dimensions %s and %s",
                      cx_i_list_str(s, rb), cx_i_list_str(s, rc));
  if (lr.len != 1 || !cx_v_in_range(lr.data, 1, 0, rl))
    return cx_i_error(s, NULL, "expects exactly one lhs ragged dimension in [0, %u)", rl);
  for (uint32_t i = 0; i < lb.len; i++)
    if (!cx_v_dims_compat(cx_v_dim(l, (uint32_t)lb.data[i]), cx_v_dim(r, (uint32_t)rb.data[i])))
      return cx_i_error(s, NULL, "batching dimension sizes must match for lhs/rhs");
  for (uint32_t i = 0; i < lc.len; i++)
    if (!cx_v_dims_compat(cx_v_dim(l, (uint32_t)lc.data[i]), cx_v_dim(r, (uint32_t)rc.data[i])))
      return cx_i_error(s, NULL, "contracting dimension sizes must match for lhs/rhs");
  int64_t ragged = lr.data[0];
  bool in_contract = cx_v_contains(lc.data, lc.len, ragged);
  bool in_batch = cx_v_contains(lb.data, lb.len, ragged);
  int64_t groups = cx_v_dim(gs, cx_v_rank(gs) - 1);
  if (!in_contract && !in_batch) {
    if (rg.len != 1 || !cx_v_in_range(rg.data, 1, 0, rr) ||
        cx_v_contains(rb.data, rb.len, rg.data[0]) || cx_v_contains(rc.data, rc.len, rg.data[0]))
      return cx_i_error(s, NULL,
                        "a ragged non-contracting dimension requires one rhs group dimension that "
                        "is neither batching nor contracting");
    if (!cx_v_dims_compat(cx_v_dim(r, (uint32_t)rg.data[0]), groups))
      return cx_i_error(s, NULL, "rhs group dimension size must equal the number of groups (%lld)",
                        (long long)groups);
  } else if (rg.len != 0) {
    return cx_i_error(s, NULL,
                      "rhs_group_dimensions must be empty when the ragged dimension is a batching "
                      "or contracting dimension");
  }
  int64_t dims[2 * CX_V_MAX_RANK + 1];
  uint32_t k = 0;
  if (in_contract) dims[k++] = groups;
  for (uint32_t i = 0; i < lb.len; i++) dims[k++] = cx_v_dim(l, (uint32_t)lb.data[i]);
  for (uint32_t i = 0; i < rl; i++)
    if (!cx_v_contains(lb.data, lb.len, i) && !cx_v_contains(lc.data, lc.len, i))
      dims[k++] = cx_v_dim(l, i);
  for (uint32_t i = 0; i < rr; i++)
    if (!cx_v_contains(rb.data, rb.len, i) && !cx_v_contains(rc.data, rc.len, i) &&
        !cx_v_contains(rg.data, rg.len, i))
      dims[k++] = cx_v_dim(r, i);
  if (k > CX_V_MAX_RANK) return cx_i_error(s, NULL, "result rank %u is too large", k);
  return cx_i_result_tensor(s, cx_i_none(s), k, dims, NULL);
}

// scan(inputs..., inits...): the body maps (input slices..., carries...) to
// (output slices..., new carries...); results are the stacked outputs (the
// scan dim inserted at `dimension`, sized like the inputs') and the final
// carries (the inits' types).
cx_status_t cx_infer_chlo_scan(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count_regions(s, 1));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  const char* os_name = cx_intern(s->ctx, "operandSegmentSizes", 19);
  const char* rs_name = cx_intern(s->ctx, "resultSegmentSizes", 18);
  const char* size_name = cx_intern(s->ctx, "scan_dim_size", 13);
  const char* rev_name = cx_intern(s->ctx, "is_reverse", 10);
  const char* assoc_name = cx_intern(s->ctx, "is_associative", 14);
  if (!os_name || !rs_name || !size_name || !rev_name || !assoc_name) return CX_OOM();
  uint32_t nops = cx_i_num_operands(s);
  cx_v_ints_t os, rs;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, os_name, true, &os, NULL));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, rs_name, true, &rs, NULL));
  if (os.n != 2 || os.v[0] < 0 || os.v[1] < 0 || os.v[0] + os.v[1] != nops)
    return cx_i_error(s, NULL, "operandSegmentSizes must be [inputs, inits] summing to %u", nops);
  if (rs.n != 2 || rs.v[0] < 0 || rs.v[1] != os.v[1])
    return cx_i_error(s, NULL,
                      "resultSegmentSizes must be [outputs, carries] with one carry per init");
  int64_t dim, sz;
  bool flag;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, dimension), true, 0, &dim));
  CX_RETURN_IF_ERROR(cx_i_get_int(s, size_name, false, 0, &sz));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, rev_name, false, false, &flag));
  CX_RETURN_IF_ERROR(cx_i_get_bool(s, assoc_name, false, false, &flag));
  uint32_t nin = (uint32_t)os.v[0], ninit = (uint32_t)os.v[1], nout = (uint32_t)rs.v[0];
  cx_i_region_t b;
  CX_RETURN_IF_ERROR(cx_i_region(s, 0, "body", &b));
  if (cx_i_region_num_args(&b) != nin + ninit)
    return cx_i_error(s, NULL,
                      "body must take %u arguments (input slices, then carries), but takes %u",
                      nin + ninit, cx_i_region_num_args(&b));
  if (cx_i_region_num_results(&b) != nout + ninit)
    return cx_i_error(s, NULL,
                      "body must return %u values (output slices, then carries), but returns %u",
                      nout + ninit, cx_i_region_num_results(&b));
  int64_t len = CX_V_DYN;
  for (uint32_t i = 0; i < nin; i++) {
    const cx_type_t* x = cx_i_otype(s, i);
    if (dim < 0 || dim >= (int64_t)cx_v_rank(x))
      return cx_i_error(s, NULL, "dimension %lld is out of range for input #%u", (long long)dim, i);
    int64_t d = cx_v_dim(x, (uint32_t)dim);
    if (!cx_v_dims_compat(len, d))
      return cx_i_error(s, NULL, "inputs must have the same size along the scan dimension");
    if (cx_v_dyn(len)) len = d;
    // Body argument i is the input without the scan dimension.
    const cx_type_t* a = cx_i_region_arg(&b, i);
    int64_t dims[CX_V_MAX_RANK];
    uint32_t k = 0;
    for (uint32_t j = 0; j < cx_v_rank(x); j++)
      if (j != (uint32_t)dim) dims[k++] = cx_v_dim(x, j);
    if (!cx_type_is_tensor(a) || !cx_v_elem_eq(a, x) || !cx_v_shape_matches(a, k, dims))
      return cx_i_error(s, NULL,
                        "body argument #%u type '%s' is not input #%u without the scan dimension",
                        i, cx_i_type_str(s, a), i);
  }
  for (uint32_t i = 0; i < ninit; i++) {
    const cx_type_t* init = cx_i_otype(s, nin + i);
    if (!cx_v_types_compat(cx_i_region_arg(&b, nin + i), init) ||
        !cx_v_types_compat(cx_i_region_result(&b, nout + i), init))
      return cx_i_error(s, NULL,
                        "carry #%u must keep the init type '%s' through the body and the result", i,
                        cx_i_type_str(s, init));
  }
  for (uint32_t i = 0; i < nout; i++) {
    // Output i stacks the body's output slice i along the scan dimension.
    const cx_type_t* sl = cx_i_region_result(&b, i);
    if (!cx_type_is_tensor(sl) || dim > (int64_t)cx_v_rank(sl) || cx_v_rank(sl) + 1 > CX_V_MAX_RANK)
      return cx_i_error(s, NULL, "body output #%u '%s' cannot be stacked along dimension %lld", i,
                        cx_i_type_str(s, sl), (long long)dim);
    int64_t dims[CX_V_MAX_RANK];
    for (uint32_t j = 0, k = 0; j < cx_v_rank(sl) + 1; j++)
      dims[j] = j == (uint32_t)dim ? len : cx_v_dim(sl, k++);
    CX_RETURN_IF_ERROR(cx_i_result_tensor(s, sl->tensor.element, cx_v_rank(sl) + 1, dims, NULL));
  }
  for (uint32_t i = 0; i < ninit; i++) CX_RETURN_IF_ERROR(cx_i_result(s, cx_i_otype(s, nin + i)));
  return NULL;
}

// CHLO ops (not in the StableHLO spec; the "client HLO" dialect that
// frameworks emit and that decomposes into StableHLO): element-wise unary
// and binary ops, the implicitly broadcasting binary ops, constants, top_k,
// ragged_dot and scan. Checks follow the CHLO dialect's own type rules.
#include "ir/verify_util.h"

#define MAX_OPERANDS 64

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

static cx_status_t verify_unary(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, x, unary_mask(op->kind), "operand #0"));
  if (!cx_v_shapes_compat(x, y))
    return cx_verify_error(op, "requires the same shape for all operands and results");
  if (is_is_inf(op->kind) ? !cx_v_is_bool(y) : !cx_v_elem_eq(x, y))
    return cx_verify_error(op, "result element type '%s' is not the expected one for operand '%s'",
                           cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, x));
  return NULL;
}

static cx_status_t verify_binary(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  const cx_type_t *l = cx_v_otype(op, 0), *r = cx_v_otype(op, 1), *y = cx_v_rtype(op, 0);
  unsigned mask = op->kind == CX_OP_CHLO_MULHI ? CX_V_INT : CX_V_FLOAT;
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, l, mask, "operand #0"));
  if (!cx_v_types_compat(l, r) || !cx_v_types_compat(l, y))
    return cx_verify_error(op, "requires the same type for all operands and results");
  return NULL;
}

// Broadcast-compatible result shape of a and b: numpy-style right
// alignment, or, when broadcast_dimensions is given, the lower-rank operand's
// dimensions mapped to those positions of the higher-rank one.
static cx_status_t broadcast_shape(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* a,
                                   const cx_type_t* b, const cx_v_ints_t* bd, int64_t* out,
                                   uint32_t* out_rank) {
  const cx_type_t *big = cx_v_rank(a) >= cx_v_rank(b) ? a : b;
  const cx_type_t *small = big == a ? b : a;
  uint32_t rb = cx_v_rank(big), rs = cx_v_rank(small);
  int64_t pos[CX_V_MAX_RANK];
  if (bd && bd->n) {
    if (bd->n != rs || !cx_v_in_range(bd->v, bd->n, 0, rb))
      return cx_verify_error(op, "broadcast_dimensions %s do not map a rank-%u operand into rank %u",
                             cx_v_ints_str(vc, bd->v, bd->n), rs, rb);
    for (uint32_t i = 0; i < rs; i++) pos[i] = bd->v[i];
  } else {
    for (uint32_t i = 0; i < rs; i++) pos[i] = rb - rs + i;
  }
  for (uint32_t i = 0; i < rb; i++) out[i] = cx_v_dim(big, i);
  for (uint32_t i = 0; i < rs; i++) {
    int64_t x = out[pos[i]], s = cx_v_dim(small, i), v;
    if (x == s) v = x;
    else if (x == 1) v = s;
    else if (s == 1) v = x;
    else if (cx_v_dyn(x)) v = s;
    else if (cx_v_dyn(s)) v = x;
    else
      return cx_verify_error(op, "cannot broadcast '%s' and '%s': dimension sizes %lld and %lld",
                             cx_v_type_str(vc, a), cx_v_type_str(vc, b), (long long)x, (long long)s);
    out[pos[i]] = v;
  }
  *out_rank = rb;
  return NULL;
}

static cx_status_t verify_broadcast_binary(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  cx_v_ints_t bd;
  CX_RETURN_IF_ERROR(
      cx_v_get_ints(vc, op, CX_V_NAME(vc, broadcast_dimensions), false, &bd, NULL));
  const cx_type_t *l = cx_v_otype(op, 0), *r = cx_v_otype(op, 1), *y = cx_v_rtype(op, 0);
  if (!cx_v_elem_eq(l, r))
    return cx_verify_error(op, "requires the same element type for both operands, but got '%s' and '%s'",
                           cx_v_type_str(vc, l), cx_v_type_str(vc, r));
  switch (op->kind) {
    case CX_OP_CHLO_BROADCAST_COMPARE: {
      int dir, type;
      CX_RETURN_IF_ERROR(cx_v_get_enum(vc, op, CX_V_NAME(vc, comparison_direction),
                                       CX_ENUM_CHLO_COMPARISON_DIRECTION, true, 0, &dir, NULL));
      CX_RETURN_IF_ERROR(cx_v_get_enum(vc, op, CX_V_NAME(vc, compare_type),
                                       CX_ENUM_CHLO_COMPARISON_TYPE, false, 0, &type, NULL));
      if (!cx_v_is_bool(y))
        return cx_verify_error(op, "result must be a tensor of i1, but got '%s'", cx_v_type_str(vc, y));
      break;
    }
    case CX_OP_CHLO_BROADCAST_COMPLEX: {
      cx_elem_t k = cx_v_kind(l);
      cx_elem_t want = k == CX_ELEM_F32 ? CX_ELEM_C64 : k == CX_ELEM_F64 ? CX_ELEM_C128 : CX_ELEM_INVALID;
      if (want == CX_ELEM_INVALID || cx_v_kind(y) != want)
        return cx_verify_error(op, "expects f32/f64 operands and a complex result of the same precision");
      break;
    }
    case CX_OP_CHLO_BROADCAST_AND:
    case CX_OP_CHLO_BROADCAST_OR:
    case CX_OP_CHLO_BROADCAST_XOR:
      CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, l, CX_V_BOOL | CX_V_INT, "operand #0"));
      goto same_elem;
    case CX_OP_CHLO_BROADCAST_SHIFT_LEFT:
    case CX_OP_CHLO_BROADCAST_SHIFT_RIGHT_ARITHMETIC:
    case CX_OP_CHLO_BROADCAST_SHIFT_RIGHT_LOGICAL:
      CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, l, CX_V_INT, "operand #0"));
      goto same_elem;
    default:
    same_elem:
      if (!cx_v_baseline_elem_eq(y->tensor.element, l->tensor.element))
        return cx_verify_error(op, "result element type '%s' differs from the operands' '%s'",
                               cx_v_type_str(vc, y->tensor.element),
                               cx_v_type_str(vc, l->tensor.element));
      break;
  }
  int64_t dims[CX_V_MAX_RANK];
  uint32_t rank;
  CX_RETURN_IF_ERROR(broadcast_shape(vc, op, l, r, &bd, dims, &rank));
  return cx_v_expect_shape(vc, op, y, rank, dims, "result");
}

static cx_status_t verify_broadcast_select(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 3, 3));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  const cx_type_t *p = cx_v_otype(op, 0), *t = cx_v_otype(op, 1), *f = cx_v_otype(op, 2);
  const cx_type_t* y = cx_v_rtype(op, 0);
  if (!cx_v_is_bool(p))
    return cx_verify_error(op, "pred must be a tensor of i1, but got '%s'", cx_v_type_str(vc, p));
  if (!cx_v_elem_eq(t, f) || !cx_v_elem_eq(t, y))
    return cx_verify_error(op, "requires the same element type for on_true, on_false and the result");
  int64_t d1[CX_V_MAX_RANK], d2[CX_V_MAX_RANK];
  uint32_t r1, r2;
  CX_RETURN_IF_ERROR(broadcast_shape(vc, op, t, f, NULL, d1, &r1));
  const cx_type_t* tf = cx_type_tensor(vc->ctx, t->tensor.element, r1, d1, NULL);
  if (!tf) return CX_OOM();
  CX_RETURN_IF_ERROR(broadcast_shape(vc, op, p, tf, NULL, d2, &r2));
  return cx_v_expect_shape(vc, op, y, r2, d2, "result");
}

static cx_status_t verify_constant(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 0, 0));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  const cx_attr_t* v = cx_v_attr(op, CX_V_NAME(vc, value));
  if (!v) return cx_verify_error(op, "requires attribute 'value'");
  if ((v->kind != CX_ATTR_DENSE && v->kind != CX_ATTR_DENSE_RESOURCE) || v->type != cx_v_rtype(op, 0))
    return cx_verify_error(op, "value must be an elements attribute of the result type '%s'",
                           cx_v_type_str(vc, cx_v_rtype(op, 0)));
  return NULL;
}

static cx_status_t verify_constant_like(cx_verify_ctx_t* vc, cx_op_t* op) {
  // A splat of `value` shaped like the operand.
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  const cx_type_t *x, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &x));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  const cx_attr_t* v = cx_v_attr(op, CX_V_NAME(vc, value));
  if (!v) return cx_verify_error(op, "requires attribute 'value'");
  const cx_type_t* vt = v->type;
  if (vt && cx_type_is_tensor(vt)) vt = vt->tensor.element;
  if ((v->kind != CX_ATTR_INTEGER && v->kind != CX_ATTR_FLOAT && v->kind != CX_ATTR_DENSE) || !vt)
    return cx_verify_error(op, "value must be a typed scalar attribute");
  if (!cx_v_shapes_compat(x, y))
    return cx_verify_error(op, "requires the result shape to match the operand shape");
  if (y->tensor.element != vt)
    return cx_verify_error(op, "result element type '%s' differs from the value's '%s'",
                           cx_v_type_str(vc, y->tensor.element), cx_v_type_str(vc, vt));
  return NULL;
}

static cx_status_t verify_top_k(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 2, 2));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  int64_t k;
  bool flag;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, k), true, 0, &k));
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, largest), false, true, &flag));
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, CX_V_NAME(vc, is_stable), false, true, &flag));
  const cx_type_t *x = cx_v_otype(op, 0), *vals = cx_v_rtype(op, 0), *idx = cx_v_rtype(op, 1);
  uint32_t r = cx_v_rank(x);
  if (r < 1) return cx_verify_error(op, "operand's rank must be at least 1");
  int64_t last = cx_v_dim(x, r - 1);
  if (k < 0 || (!cx_v_dyn(last) && k > last))
    return cx_verify_error(op, "operand's last dimension must be at least k = %lld", (long long)k);
  int64_t dims[CX_V_MAX_RANK];
  for (uint32_t i = 0; i < r; i++) dims[i] = cx_v_dim(x, i);
  dims[r - 1] = k;
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, vals, r, dims, "values"));
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, idx, r, dims, "indices"));
  if (!cx_v_elem_eq(x, vals))
    return cx_verify_error(op, "values must have the operand's element type");
  if (cx_v_kind(idx) != CX_ELEM_SI32)
    return cx_verify_error(op, "indices must be a tensor of i32, but got '%s'", cx_v_type_str(vc, idx));
  return NULL;
}

static const char* list_str(cx_verify_ctx_t* vc, cx_i64_list_t l) {
  return cx_v_ints_str(vc, l.data, l.len);
}

// ragged_dot: a dot_general whose lhs dimension `lhs_ragged_dimensions[0]`
// is split into groups of sizes `group_sizes`. If the ragged dimension is a
// non-contracting lhs dimension, rhs has a group dimension and the result is
// dot_general's without it; if it is a contracting dimension, the result gets
// a leading group dimension; if it is a batch dimension, the result is
// dot_general's.
static cx_status_t verify_ragged_dot(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 3, 3));
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  const cx_attr_t* dn;
  CX_RETURN_IF_ERROR(cx_v_get_kind(vc, op, CX_V_NAME(vc, ragged_dot_dimension_numbers),
                                   CX_ATTR_RAGGED_DOT, true, &dn));
  uint32_t nprec;
  CX_RETURN_IF_ERROR(
      cx_v_get_precision(vc, op, CX_V_NAME(vc, precision_config), CX_ENUM_CHLO_PRECISION, &nprec));
  if (nprec != 0 && nprec != 2)
    return cx_verify_error(op, "expects precision config to be empty or have 2 elements");
  const cx_type_t *l = cx_v_otype(op, 0), *r = cx_v_otype(op, 1), *gs = cx_v_otype(op, 2);
  const cx_type_t* y = cx_v_rtype(op, 0);
  const cx_ragged_dot_dims_t* d = &dn->ragged_dot;
  cx_i64_list_t lb = d->dot.lhs_batching_dims, rb = d->dot.rhs_batching_dims;
  cx_i64_list_t lc = d->dot.lhs_contracting_dims, rc = d->dot.rhs_contracting_dims;
  cx_i64_list_t lr = d->lhs_ragged_dims, rg = d->rhs_group_dims;
  uint32_t rl = cx_v_rank(l), rr = cx_v_rank(r);
  if (!cx_v_elem_eq(l, r)) return cx_verify_error(op, "requires the same element type for lhs and rhs");
  if (!cx_v_is_int(gs) || cx_v_rank(gs) < 1)
    return cx_verify_error(op, "group_sizes must be a tensor of integer values of rank >= 1");
  if (lb.len != rb.len || lc.len != rc.len)
    return cx_verify_error(op, "lhs and rhs must have the same number of batching and contracting dimensions");
  if (!cx_v_unique2(vc, lb.data, lb.len, lc.data, lc.len) || !cx_v_in_range(lb.data, lb.len, 0, rl) ||
      !cx_v_in_range(lc.data, lc.len, 0, rl))
    return cx_verify_error(op, "invalid lhs batching/contracting dimensions %s and %s",
                           list_str(vc, lb), list_str(vc, lc));
  if (!cx_v_unique2(vc, rb.data, rb.len, rc.data, rc.len) || !cx_v_in_range(rb.data, rb.len, 0, rr) ||
      !cx_v_in_range(rc.data, rc.len, 0, rr))
    return cx_verify_error(op, "invalid rhs batching/contracting dimensions %s and %s",
                           list_str(vc, rb), list_str(vc, rc));
  if (lr.len != 1 || !cx_v_in_range(lr.data, 1, 0, rl))
    return cx_verify_error(op, "expects exactly one lhs ragged dimension in [0, %u)", rl);
  for (uint32_t i = 0; i < lb.len; i++)
    if (!cx_v_dims_compat(cx_v_dim(l, (uint32_t)lb.data[i]), cx_v_dim(r, (uint32_t)rb.data[i])))
      return cx_verify_error(op, "batching dimension sizes must match for lhs/rhs");
  for (uint32_t i = 0; i < lc.len; i++)
    if (!cx_v_dims_compat(cx_v_dim(l, (uint32_t)lc.data[i]), cx_v_dim(r, (uint32_t)rc.data[i])))
      return cx_verify_error(op, "contracting dimension sizes must match for lhs/rhs");
  int64_t ragged = lr.data[0];
  bool in_contract = cx_v_contains(lc.data, lc.len, ragged);
  bool in_batch = cx_v_contains(lb.data, lb.len, ragged);
  int64_t groups = cx_v_dim(gs, cx_v_rank(gs) - 1);
  int64_t dims[2 * CX_V_MAX_RANK + 1];
  uint32_t k = 0;
  if (!in_contract && !in_batch) {
    if (rg.len != 1 || !cx_v_in_range(rg.data, 1, 0, rr) || cx_v_contains(rb.data, rb.len, rg.data[0]) ||
        cx_v_contains(rc.data, rc.len, rg.data[0]))
      return cx_verify_error(op, "a ragged non-contracting dimension requires one rhs group dimension that is neither batching nor contracting");
    if (!cx_v_dims_compat(cx_v_dim(r, (uint32_t)rg.data[0]), groups))
      return cx_verify_error(op, "rhs group dimension size must equal the number of groups (%lld)",
                             (long long)groups);
  } else if (rg.len != 0) {
    return cx_verify_error(op, "rhs_group_dimensions must be empty when the ragged dimension is a batching or contracting dimension");
  }
  if (in_contract) dims[k++] = groups;
  for (uint32_t i = 0; i < lb.len; i++) dims[k++] = cx_v_dim(l, (uint32_t)lb.data[i]);
  for (uint32_t i = 0; i < rl; i++)
    if (!cx_v_contains(lb.data, lb.len, i) && !cx_v_contains(lc.data, lc.len, i))
      dims[k++] = cx_v_dim(l, i);
  for (uint32_t i = 0; i < rr; i++)
    if (!cx_v_contains(rb.data, rb.len, i) && !cx_v_contains(rc.data, rc.len, i) &&
        !cx_v_contains(rg.data, rg.len, i))
      dims[k++] = cx_v_dim(r, i);
  return cx_v_expect_shape(vc, op, y, k, dims, "result");
}

// scan(inputs..., inits...): the body maps (input slices..., carries...) to
// (output slices..., new carries...); results are the stacked outputs and
// the final carries.
static cx_status_t verify_scan(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 1));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  cx_v_ints_t os, rs;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, vc->names.operand_segment_sizes, true, &os, NULL));
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, vc->names.result_segment_sizes, true, &rs, NULL));
  if (os.n != 2 || os.v[0] < 0 || os.v[1] < 0 || os.v[0] + os.v[1] != op->num_operands)
    return cx_verify_error(op, "operandSegmentSizes must be [inputs, inits] summing to %u", op->num_operands);
  if (rs.n != 2 || rs.v[0] < 0 || rs.v[1] != os.v[1] || rs.v[0] + rs.v[1] != op->num_results)
    return cx_verify_error(op, "resultSegmentSizes must be [outputs, carries] with one carry per init");
  int64_t dim, sz;
  bool flag;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, dimension), true, 0, &dim));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, vc->names.scan_dim_size, false, 0, &sz));
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, vc->names.is_reverse, false, false, &flag));
  CX_RETURN_IF_ERROR(cx_v_get_bool(vc, op, vc->names.is_associative, false, false, &flag));
  uint32_t nin = (uint32_t)os.v[0], ninit = (uint32_t)os.v[1], nout = (uint32_t)rs.v[0];
  cx_block_t* b;
  cx_op_t* ret;
  CX_RETURN_IF_ERROR(cx_v_single_block(op, 0, "body", &b));
  CX_RETURN_IF_ERROR(cx_v_block_return(op, b, "body", &ret));
  if (b->num_args != nin + ninit)
    return cx_verify_error(op, "body must take %u arguments (input slices, then carries), but takes %u",
                           nin + ninit, b->num_args);
  if (ret->num_operands != nout + ninit)
    return cx_verify_error(op, "body must return %u values (output slices, then carries), but returns %u",
                           nout + ninit, ret->num_operands);
  int64_t len = CX_V_DYN;
  for (uint32_t i = 0; i < nin; i++) {
    const cx_type_t* x = cx_v_otype(op, i);
    if (dim < 0 || dim >= (int64_t)cx_v_rank(x))
      return cx_verify_error(op, "dimension %lld is out of range for input #%u", (long long)dim, i);
    int64_t d = cx_v_dim(x, (uint32_t)dim);
    if (!cx_v_dims_compat(len, d))
      return cx_verify_error(op, "inputs must have the same size along the scan dimension");
    if (cx_v_dyn(len)) len = d;
    // Body argument i is the input without the scan dimension.
    const cx_type_t* a = b->args[i]->type;
    int64_t dims[CX_V_MAX_RANK];
    uint32_t k = 0;
    for (uint32_t j = 0; j < cx_v_rank(x); j++)
      if (j != (uint32_t)dim) dims[k++] = cx_v_dim(x, j);
    if (!cx_type_is_tensor(a) || !cx_v_elem_eq(a, x) || !cx_v_shape_matches(a, k, dims))
      return cx_verify_error(op, "body argument #%u type '%s' is not input #%u without the scan dimension",
                             i, cx_v_type_str(vc, a), i);
  }
  for (uint32_t i = 0; i < ninit; i++) {
    const cx_type_t* init = cx_v_otype(op, nin + i);
    if (!cx_v_types_compat(b->args[nin + i]->type, init) ||
        !cx_v_types_compat(cx_v_otype(ret, nout + i), init) ||
        !cx_v_types_compat(cx_v_rtype(op, nout + i), init))
      return cx_verify_error(op, "carry #%u must keep the init type '%s' through the body and the result",
                             i, cx_v_type_str(vc, init));
  }
  for (uint32_t i = 0; i < nout; i++) {
    // Output i stacks the body's output slice i along the scan dimension.
    const cx_type_t *s = cx_v_otype(ret, i), *y = cx_v_rtype(op, i);
    if (!cx_type_is_tensor(s) || !cx_v_elem_eq(s, y) || cx_v_rank(y) != cx_v_rank(s) + 1 ||
        dim >= (int64_t)cx_v_rank(y))
      return cx_verify_error(op, "result #%u type '%s' does not stack the body's output '%s'", i,
                             cx_v_type_str(vc, y), cx_v_type_str(vc, s));
    int64_t dims[CX_V_MAX_RANK];
    for (uint32_t j = 0, k = 0; j < cx_v_rank(y); j++)
      dims[j] = j == (uint32_t)dim ? len : cx_v_dim(s, k++);
    CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, cx_v_rank(y), dims, "result"));
  }
  return NULL;
}

cx_status_t cx_verify_chlo(cx_verify_ctx_t* vc, cx_op_t* op) {
  if (op->kind != CX_OP_CHLO_SCAN) CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_CHLO_ACOS: case CX_OP_CHLO_ACOSH: case CX_OP_CHLO_ASIN: case CX_OP_CHLO_ASINH:
    case CX_OP_CHLO_ATAN: case CX_OP_CHLO_ATANH: case CX_OP_CHLO_BESSEL_I1E: case CX_OP_CHLO_CONJ:
    case CX_OP_CHLO_COSH: case CX_OP_CHLO_DIGAMMA: case CX_OP_CHLO_ERF: case CX_OP_CHLO_ERF_INV:
    case CX_OP_CHLO_ERFC: case CX_OP_CHLO_IS_INF: case CX_OP_CHLO_IS_NEG_INF:
    case CX_OP_CHLO_IS_POS_INF: case CX_OP_CHLO_LGAMMA: case CX_OP_CHLO_SINH: case CX_OP_CHLO_TAN:
    case CX_OP_CHLO_SQUARE:
      return verify_unary(vc, op);
    case CX_OP_CHLO_NEXT_AFTER: case CX_OP_CHLO_POLYGAMMA: case CX_OP_CHLO_ZETA:
    case CX_OP_CHLO_MULHI:
      return verify_binary(vc, op);
    case CX_OP_CHLO_BROADCAST_SELECT: return verify_broadcast_select(vc, op);
    case CX_OP_CHLO_CONSTANT: return verify_constant(vc, op);
    case CX_OP_CHLO_CONSTANT_LIKE: return verify_constant_like(vc, op);
    case CX_OP_CHLO_TOP_K: return verify_top_k(vc, op);
    case CX_OP_CHLO_RAGGED_DOT: return verify_ragged_dot(vc, op);
    case CX_OP_CHLO_SCAN: return verify_scan(vc, op);
    case CX_OP_CHLO_BROADCAST_ADD: case CX_OP_CHLO_BROADCAST_AND: case CX_OP_CHLO_BROADCAST_ATAN2:
    case CX_OP_CHLO_BROADCAST_COMPARE: case CX_OP_CHLO_BROADCAST_COMPLEX:
    case CX_OP_CHLO_BROADCAST_DIVIDE: case CX_OP_CHLO_BROADCAST_MAXIMUM:
    case CX_OP_CHLO_BROADCAST_MINIMUM: case CX_OP_CHLO_BROADCAST_MULTIPLY:
    case CX_OP_CHLO_BROADCAST_NEXT_AFTER: case CX_OP_CHLO_BROADCAST_OR:
    case CX_OP_CHLO_BROADCAST_POLYGAMMA: case CX_OP_CHLO_BROADCAST_POWER:
    case CX_OP_CHLO_BROADCAST_REMAINDER: case CX_OP_CHLO_BROADCAST_SHIFT_LEFT:
    case CX_OP_CHLO_BROADCAST_SHIFT_RIGHT_ARITHMETIC:
    case CX_OP_CHLO_BROADCAST_SHIFT_RIGHT_LOGICAL: case CX_OP_CHLO_BROADCAST_SUBTRACT:
    case CX_OP_CHLO_BROADCAST_XOR: case CX_OP_CHLO_BROADCAST_ZETA:
      return verify_broadcast_binary(vc, op);
    default:
      return cx_verify_error(op, "is not a CHLO op cxla knows");
  }
}

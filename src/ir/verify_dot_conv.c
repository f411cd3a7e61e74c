// dot_general, convolution (spec sections of the same names), and the
// unspecced dot, dynamic_conv, einsum and unary_einsum.
#include <string.h>

#include "ir/verify_util.h"

// precision_config: the spec requires two entries (dot_general_c11,
// convolution_c24); an absent or empty attribute means DEFAULT for both.
static cx_status_t check_precision(cx_verify_ctx_t* vc, const cx_op_t* op, uint32_t* n) {
  CX_RETURN_IF_ERROR(
      cx_v_get_precision(vc, op, CX_V_NAME(vc, precision_config), CX_ENUM_PRECISION, n));
  if (*n != 0 && *n != 2)
    return cx_verify_error(op, "expects precision config to be empty or have 2 elements, but got %u",
                           *n);
  return NULL;
}

// The quantized-operand rules shared by dot_general (c14..c20) and
// convolution (c28..c34). `rhs_axis_ok` reports whether a per-axis rhs is
// quantized along an allowed dimension; result_axis_ok likewise.
static cx_status_t check_quantized(cx_verify_ctx_t* vc, const cx_op_t* op, const cx_type_t* l,
                                   const cx_type_t* r, const cx_type_t* y, const char* opname,
                                   bool rhs_axis_ok, bool result_axis_ok) {
  bool ql = cx_v_is_quant(l), qr = cx_v_is_quant(r), qy = cx_v_is_quant(y);
  const cx_type_t *el = l->tensor.element, *er = r->tensor.element, *ey = y->tensor.element;
  // <op>_c14 / convolution_c28: is_quantized(lhs) = is_quantized(result)
  // and is_quantized(rhs).
  if (!qr || ql != qy)
    return cx_verify_error(op, "%s with quantized types requires a quantized rhs, and a quantized result exactly when lhs is quantized",
                           opname);
  // dot_general_c15: zero_points(rhs) = 0.
  if (op->kind == CX_OP_DOT_GENERAL || op->kind == CX_OP_DOT) {
    for (uint32_t i = 0; i < er->quant.num_scales; i++)
      if (er->quant.zero_points[i] != 0)
        return cx_verify_error(op, "rhs zero points must be 0");
  }
  // dot_general_c16 / convolution_c29, convolution_c30
  if (!rhs_axis_ok)
    return cx_verify_error(op, "rhs is quantized along a dimension that is not allowed here");
  if (!result_axis_ok)
    return cx_verify_error(op, "result is quantized along a dimension that is not allowed here");
  if (ql) {
    // dot_general_c17 / convolution_c31
    if (el->quant.storage != er->quant.storage)
      return cx_verify_error(op, "requires the same storage type for lhs and rhs");
    // dot_general_c18 / convolution_c32
    if (el->quant.expressed != er->quant.expressed || el->quant.expressed != ey->quant.expressed)
      return cx_verify_error(op, "requires the same expressed type for lhs, rhs and result");
    // dot_general_c19 / convolution_c33
    if (cx_v_is_per_tensor(r) && !cx_v_is_per_tensor(y))
      return cx_verify_error(op, "requires a per-tensor quantized result for a per-tensor quantized rhs");
  } else {
    // dot_general_c20 / convolution_c34 (hybrid: float lhs, quantized rhs)
    if (el != er->quant.expressed || el != ey)
      return cx_verify_error(op, "requires lhs and result element types '%s' and '%s' to be rhs's expressed type '%s'",
                             cx_v_type_str(vc, el), cx_v_type_str(vc, ey),
                             cx_v_type_str(vc, er->quant.expressed));
  }
  return NULL;
}

static const char* list_str(cx_verify_ctx_t* vc, cx_i64_list_t l) {
  return cx_v_ints_str(vc, l.data, l.len);
}

static cx_status_t verify_dot_general(cx_verify_ctx_t* vc, cx_op_t* op) {
  const cx_type_t *l, *r, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &l));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &r));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  const cx_attr_t *dn, *alg;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, dot_dimension_numbers), CX_ATTR_DOT, true, &dn));
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, algorithm), CX_ATTR_DOT_ALGORITHM, false, &alg));
  uint32_t nprec;
  CX_RETURN_IF_ERROR(check_precision(vc, op, &nprec));
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, l, CX_V_ANY & ~CX_V_QUANT_AXIS, "lhs"));
  const cx_dot_dims_t* d = &dn->dot;
  cx_i64_list_t lb = d->lhs_batching_dims, rb = d->rhs_batching_dims;
  cx_i64_list_t lc = d->lhs_contracting_dims, rc = d->rhs_contracting_dims;
  uint32_t rl = cx_v_rank(l), rr = cx_v_rank(r);
  // dot_general_c1
  if (lb.len != rb.len)
    return cx_verify_error(op, "lhs and rhs should have the same number of batching dimensions");
  // dot_general_c2
  if (lc.len != rc.len)
    return cx_verify_error(op, "lhs and rhs should have the same number of contracting dimensions");
  // dot_general_c3
  if (!cx_v_unique2(vc, lb.data, lb.len, lc.data, lc.len))
    return cx_verify_error(op, "has duplicated dimension from lhs_batching_dimensions and lhs_contracting_dimensions: %s and %s",
                           list_str(vc, lb), list_str(vc, lc));
  // dot_general_c4
  if (!cx_v_unique2(vc, rb.data, rb.len, rc.data, rc.len))
    return cx_verify_error(op, "has duplicated dimension from rhs_batching_dimensions and rhs_contracting_dimensions: %s and %s",
                           list_str(vc, rb), list_str(vc, rc));
  // dot_general_c5 .. dot_general_c8
  if (!cx_v_in_range(lb.data, lb.len, 0, rl))
    return cx_verify_error(op, "lhs_batching_dimensions %s must be in [0, %u)", list_str(vc, lb), rl);
  if (!cx_v_in_range(lc.data, lc.len, 0, rl))
    return cx_verify_error(op, "lhs_contracting_dimensions %s must be in [0, %u)", list_str(vc, lc), rl);
  if (!cx_v_in_range(rb.data, rb.len, 0, rr))
    return cx_verify_error(op, "rhs_batching_dimensions %s must be in [0, %u)", list_str(vc, rb), rr);
  if (!cx_v_in_range(rc.data, rc.len, 0, rr))
    return cx_verify_error(op, "rhs_contracting_dimensions %s must be in [0, %u)", list_str(vc, rc), rr);
  // dot_general_c9
  for (uint32_t i = 0; i < lb.len; i++)
    if (!cx_v_dims_compat(cx_v_dim(l, (uint32_t)lb.data[i]), cx_v_dim(r, (uint32_t)rb.data[i])))
      return cx_verify_error(op, "batching dimension sizes must match for lhs/rhs");
  // dot_general_c10
  for (uint32_t i = 0; i < lc.len; i++)
    if (!cx_v_dims_compat(cx_v_dim(l, (uint32_t)lc.data[i]), cx_v_dim(r, (uint32_t)rc.data[i])))
      return cx_verify_error(op, "contracting dimension sizes must match for lhs/rhs");
  // dot_general_c12: batch dims, then lhs and rhs free dims.
  int64_t dims[2 * CX_V_MAX_RANK];
  uint32_t k = 0;
  for (uint32_t i = 0; i < lb.len; i++) dims[k++] = cx_v_dim(l, (uint32_t)lb.data[i]);
  for (uint32_t i = 0; i < rl; i++)
    if (!cx_v_contains(lb.data, lb.len, i) && !cx_v_contains(lc.data, lc.len, i))
      dims[k++] = cx_v_dim(l, i);
  for (uint32_t i = 0; i < rr; i++)
    if (!cx_v_contains(rb.data, rb.len, i) && !cx_v_contains(rc.data, rc.len, i))
      dims[k++] = cx_v_dim(r, i);
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, k, dims, "result"));
  if (!cx_v_is_quant(l) && !cx_v_is_quant(r) && !cx_v_is_quant(y)) {
    // dot_general_c13
    if (!cx_v_elem_eq(l, r))
      return cx_verify_error(op, "requires the same element type for lhs and rhs, but got '%s' and '%s'",
                             cx_v_type_str(vc, l->tensor.element),
                             cx_v_type_str(vc, r->tensor.element));
  } else {
    bool rhs_ok = !cx_v_is_per_axis(r) ||
                  !cx_v_contains(rc.data, rc.len, r->tensor.element->quant.axis);
    CX_RETURN_IF_ERROR(check_quantized(vc, op, l, r, y, "dot_general", rhs_ok, true));
  }
  if (alg) {
    const cx_dot_algorithm_t* a = &alg->dot_algorithm;
    // With an algorithm, precision_config must stay DEFAULT: the algorithm
    // fully determines the precision.
    const cx_attr_t* pc = cx_v_attr(op, CX_V_NAME(vc, precision_config));
    for (uint32_t i = 0; pc && i < pc->array.count; i++)
      if (pc->array.items[i]->enumeration.value != CX_PRECISION_DEFAULT)
        return cx_verify_error(op, "must specify DEFAULT precision config when algorithm is set");
    if (a->lhs_component_count <= 0 || a->rhs_component_count <= 0 ||
        a->num_primitive_operations <= 0)
      return cx_verify_error(op, "dot algorithm component counts and num_primitive_operations must be positive");
    if (!a->lhs_precision_type || !a->rhs_precision_type || !a->accumulation_type)
      return cx_verify_error(op, "dot algorithm requires lhs/rhs precision and accumulation types");
  }
  return NULL;
}

static cx_status_t verify_dot(cx_verify_ctx_t* vc, cx_op_t* op) {
  // Legacy op (not in the spec): vector/matrix products contracting the last
  // lhs dimension with the first rhs dimension.
  const cx_type_t *l, *r, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &l));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &r));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  uint32_t nprec;
  CX_RETURN_IF_ERROR(check_precision(vc, op, &nprec));
  uint32_t rl = cx_v_rank(l), rr = cx_v_rank(r);
  if (rl < 1 || rl > 2 || rr < 1 || rr > 2)
    return cx_verify_error(op, "expects lhs and rhs of rank 1 or 2, but got ranks %u and %u", rl, rr);
  if (!cx_v_dims_compat(cx_v_dim(l, rl - 1), cx_v_dim(r, 0)))
    return cx_verify_error(op, "contracting dimension sizes must match for lhs/rhs");
  int64_t dims[2];
  uint32_t k = 0;
  if (rl == 2) dims[k++] = cx_v_dim(l, 0);
  if (rr == 2) dims[k++] = cx_v_dim(r, 1);
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, k, dims, "result"));
  if (!cx_v_is_quant(l) && !cx_v_is_quant(r) && !cx_v_is_quant(y) && !cx_v_elem_eq(l, r))
    return cx_verify_error(op, "requires the same element type for lhs and rhs");
  return NULL;
}

// convolution and dynamic_conv. `pad` holds 2*(N-2) padding values when
// known (NULL for dynamic_conv with a non-constant padding operand).
// dynamic_conv is unspecced and JAX emits it with window attributes whose
// length differs from the spatial rank (a 1-D convolution with two strides);
// for it such attributes are tolerated and make the spatial sizes unknown.
static cx_status_t check_conv(cx_verify_ctx_t* vc, const cx_op_t* op, const int64_t* pad) {
  bool lenient = op->kind == CX_OP_DYNAMIC_CONV;
  const cx_type_t *l, *r, *y;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &l));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 1, &r));
  CX_RETURN_IF_ERROR(cx_v_tensor_result(vc, op, 0, &y));
  const cx_attr_t* dn;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, dimension_numbers), CX_ATTR_CONV, true, &dn));
  int64_t fgc, bgc;
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, feature_group_count), true, 1, &fgc));
  CX_RETURN_IF_ERROR(cx_v_get_int(vc, op, CX_V_NAME(vc, batch_group_count), true, 1, &bgc));
  uint32_t nprec;
  CX_RETURN_IF_ERROR(check_precision(vc, op, &nprec));  // convolution_c24
  CX_RETURN_IF_ERROR(cx_v_check_elem(vc, op, l, CX_V_ANY & ~CX_V_QUANT_AXIS, "lhs"));
  const cx_conv_dims_t* c = &dn->conv;
  // convolution_c1
  uint32_t n = cx_v_rank(l);
  if (cx_v_rank(r) != n)
    return cx_verify_error(op, "expects convolution arguments to have same number of dimensions. Got: '%s' and '%s'",
                           cx_v_type_str(vc, l), cx_v_type_str(vc, r));
  if (n < 2)
    return cx_verify_error(op, "expects convolution arguments to have at least 2 dimensions, got %u", n);
  uint32_t ns = n - 2;
  cx_v_ints_t ws, ld, rd, rev;
  bool has_ws, has_ld, has_rd, has_rev;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, window_strides), false, &ws, &has_ws));
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, lhs_dilation), false, &ld, &has_ld));
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, rhs_dilation), false, &rd, &has_rd));
  CX_RETURN_IF_ERROR(
      cx_v_get_bools(vc, op, CX_V_NAME(vc, window_reversal), false, &rev, &has_rev));
  // convolution_c2 .. convolution_c9
  const struct {
    const char* name;
    bool has;
    const cx_v_ints_t* v;
  } win[3] = {{"window_strides", has_ws, &ws}, {"lhs_dilation", has_ld, &ld},
              {"rhs_dilation", has_rd, &rd}};
  for (int i = 0; i < 3; i++) {
    if (!win[i].has) continue;
    if (win[i].v->n != ns && lenient) {
      pad = NULL;
    } else if (win[i].v->n != ns)
      return cx_verify_error(op, "%s has %u entries, but the convolution has %u spatial dimensions",
                             win[i].name, win[i].v->n, ns);
    for (uint32_t j = 0; j < win[i].v->n; j++)
      if (win[i].v->v[j] <= 0)
        return cx_verify_error(op, "%s must be positive, but got %s", win[i].name,
                               cx_v_ints_str(vc, win[i].v->v, win[i].v->n));
  }
  if (has_rev && rev.n != ns && !lenient)
    return cx_verify_error(op, "window_reversal has %u entries, but the convolution has %u spatial dimensions",
                           rev.n, ns);
  // convolution_c12, convolution_c17, convolution_c19
  if (c->input_spatial_dims.len != ns || c->kernel_spatial_dims.len != ns ||
      c->output_spatial_dims.len != ns)
    return cx_verify_error(op, "expects %u spatial dimensions in the input, kernel and output dimension numbers",
                           ns);
  // convolution_c13, convolution_c18, convolution_c20
  int64_t dl[CX_V_MAX_RANK], dk[CX_V_MAX_RANK], dout[CX_V_MAX_RANK];
  dl[0] = c->input_batch_dim;
  dk[0] = c->kernel_input_feature_dim;
  dout[0] = c->output_batch_dim;
  dl[1] = c->input_feature_dim;
  dk[1] = c->kernel_output_feature_dim;
  dout[1] = c->output_feature_dim;
  for (uint32_t i = 0; i < ns; i++) {
    dl[2 + i] = c->input_spatial_dims.data[i];
    dk[2 + i] = c->kernel_spatial_dims.data[i];
    dout[2 + i] = c->output_spatial_dims.data[i];
  }
  if (!cx_v_unique(vc, dl, n) || !cx_v_in_range(dl, n, 0, n))
    return cx_verify_error(op, "expects input dimension numbers to be a permutation of [0, %u)", n);
  if (!cx_v_unique(vc, dk, n) || !cx_v_in_range(dk, n, 0, n))
    return cx_verify_error(op, "expects kernel dimension numbers to be a permutation of [0, %u)", n);
  if (!cx_v_unique(vc, dout, n) || !cx_v_in_range(dout, n, 0, n))
    return cx_verify_error(op, "expects output dimension numbers to be a permutation of [0, %u)", n);
  // convolution_c21, convolution_c22, convolution_c23
  if (fgc <= 0) return cx_verify_error(op, "feature_group_count must be positive, got %lld", (long long)fgc);
  if (bgc <= 0) return cx_verify_error(op, "batch_group_count must be positive, got %lld", (long long)bgc);
  if (fgc != 1 && bgc != 1)
    return cx_verify_error(op, "expects feature_group_count or batch_group_count to be 1, got %lld and %lld",
                           (long long)fgc, (long long)bgc);
  int64_t in_b = cx_v_dim(l, (uint32_t)c->input_batch_dim);
  int64_t in_f = cx_v_dim(l, (uint32_t)c->input_feature_dim);
  int64_t k_in = cx_v_dim(r, (uint32_t)c->kernel_input_feature_dim);
  int64_t k_out = cx_v_dim(r, (uint32_t)c->kernel_output_feature_dim);
  // convolution_c10, convolution_c11
  if (!cx_v_dyn(in_b) && in_b % bgc)
    return cx_verify_error(op, "expects input batch dimension (%lld) to be divisible by batch_group_count (%lld)",
                           (long long)in_b, (long long)bgc);
  if (!cx_v_dyn(in_f) && in_f % fgc)
    return cx_verify_error(op, "expects input feature dimension (%lld) to be divisible by feature_group_count (%lld)",
                           (long long)in_f, (long long)fgc);
  // convolution_c14
  if (!cx_v_dyn(in_f) && !cx_v_dyn(k_in) && in_f / fgc != k_in)
    return cx_verify_error(op, "expects input feature dimension (%lld) / feature_group_count = kernel input feature dimension (%lld). Got feature_group_count = %lld",
                           (long long)in_f, (long long)k_in, (long long)fgc);
  // convolution_c15, convolution_c16
  if (!cx_v_dyn(k_out) && k_out % bgc)
    return cx_verify_error(op, "expects output feature dimension size (%lld) to be a multiple of batch_group_count (%lld)",
                           (long long)k_out, (long long)bgc);
  if (!cx_v_dyn(k_out) && k_out % fgc)
    return cx_verify_error(op, "expects kernel output feature dimension (%lld) to be divisible by feature_group_count (%lld)",
                           (long long)k_out, (long long)fgc);
  // convolution_c25, convolution_c26
  int64_t dims[CX_V_MAX_RANK];
  dims[c->output_batch_dim] = cx_v_dyn(in_b) ? CX_V_DYN : in_b / bgc;
  dims[c->output_feature_dim] = k_out;
  for (uint32_t i = 0; i < ns; i++) {
    int64_t in = cx_v_dim(l, (uint32_t)c->input_spatial_dims.data[i]);
    int64_t k = cx_v_dim(r, (uint32_t)c->kernel_spatial_dims.data[i]);
    int64_t stride = has_ws ? ws.v[i] : 1, ldil = has_ld ? ld.v[i] : 1, rdil = has_rd ? rd.v[i] : 1;
    int64_t out = CX_V_DYN;
    if (pad && !cx_v_dyn(in) && !cx_v_dyn(k)) {
      int64_t din = 0, padded, dk2 = 0;
      bool ok = true;
      if (in > 0) ok = cx_v_mul(in - 1, ldil, &din) && cx_v_add(din, 1, &din);
      ok = ok && cx_v_add(din, pad[2 * i], &padded) && cx_v_add(padded, pad[2 * i + 1], &padded);
      if (ok && k > 0) ok = cx_v_mul(k - 1, rdil, &dk2) && cx_v_add(dk2, 1, &dk2);
      if (!ok) return cx_verify_error(op, "window computation overflows in spatial dimension %u", i);
      out = (padded <= 0 || dk2 > padded) ? 0 : (padded - dk2) / stride + 1;
    }
    dims[c->output_spatial_dims.data[i]] = out;
  }
  CX_RETURN_IF_ERROR(cx_v_expect_shape(vc, op, y, n, dims, "result"));
  if (!cx_v_is_quant(l) && !cx_v_is_quant(r) && !cx_v_is_quant(y)) {
    // convolution_c27, for lhs and rhs only: the result element type may
    // differ (the spec's own interpreter tests convolve i8 x i8 -> i32, and
    // frameworks use it for preferred_element_type), as for dot_general.
    if (!cx_v_elem_eq(l, r))
      return cx_verify_error(op, "requires the same element type for lhs and rhs, but got '%s' and '%s'",
                             cx_v_type_str(vc, l->tensor.element),
                             cx_v_type_str(vc, r->tensor.element));
    return NULL;
  }
  bool rhs_ok = !cx_v_is_per_axis(r) ||
                r->tensor.element->quant.axis == c->kernel_output_feature_dim;  // convolution_c29
  bool res_ok = !cx_v_is_per_axis(y) ||
                y->tensor.element->quant.axis == c->output_feature_dim;  // convolution_c30
  return check_quantized(vc, op, l, r, y, "convolution", rhs_ok, res_ok);
}

static cx_status_t verify_convolution(cx_verify_ctx_t* vc, cx_op_t* op) {
  if (op->num_operands != 2) return cx_v_num_operands(op, 2, 2);
  const cx_type_t* l;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &l));
  uint32_t ns = cx_v_rank(l) >= 2 ? cx_v_rank(l) - 2 : 0;
  cx_v_ints_t p;
  bool present;
  CX_RETURN_IF_ERROR(cx_v_get_ints(vc, op, CX_V_NAME(vc, padding), false, &p, &present));
  int64_t zeros[2 * CX_V_MAX_RANK] = {0};
  const int64_t* pad = zeros;
  if (present && !(p.n == 0 && ns == 0)) {
    // convolution_c4
    if (p.rank != 2 || p.dims[0] != ns || p.dims[1] != 2)
      return cx_verify_error(op, "expects padding to have shape [%u, 2]", ns);
    pad = p.v;
  }
  return check_conv(vc, op, pad);
}

static cx_status_t verify_dynamic_conv(cx_verify_ctx_t* vc, cx_op_t* op) {
  // Not in the spec: convolution whose padding is a [N-2, 2] integer operand.
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, 3, 3));
  const cx_type_t *l, *pt;
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 0, &l));
  CX_RETURN_IF_ERROR(cx_v_tensor_operand(vc, op, 2, &pt));
  uint32_t ns = cx_v_rank(l) >= 2 ? cx_v_rank(l) - 2 : 0;
  if (cx_v_rank(pt) != 2 || !cx_v_is_int(pt) || !cx_v_dims_compat(cx_v_dim(pt, 0), ns) ||
      !cx_v_dims_compat(cx_v_dim(pt, 1), 2))
    return cx_verify_error(op, "padding must be a [%u, 2] tensor of integer values, but got '%s'",
                           ns, cx_v_type_str(vc, pt));
  cx_v_ints_t p;
  if (cx_v_const_ints(vc, op->operands[2].value, &p) && p.n == 2 * ns)
    return check_conv(vc, op, p.v);
  return check_conv(vc, op, NULL);
}

// einsum configs ("ab,bc->ac", "ab->ba"): label counts must match ranks and
// each label must name dimensions of compatible sizes. Configs with an
// ellipsis are accepted without shape checks.
static cx_status_t verify_einsum(cx_verify_ctx_t* vc, cx_op_t* op) {
  bool unary = op->kind == CX_OP_UNARY_EINSUM;
  uint32_t nin = unary ? 1 : 2;
  CX_RETURN_IF_ERROR(cx_v_num_operands(op, nin, nin));
  CX_RETURN_IF_ERROR(cx_v_all_tensors(vc, op));
  const cx_attr_t* cfg;
  CX_RETURN_IF_ERROR(
      cx_v_get_kind(vc, op, CX_V_NAME(vc, einsum_config), CX_ATTR_STRING, true, &cfg));
  const char* s = cfg->str.data;
  if (strstr(s, "...")) return NULL;
  const char* arrow = strstr(s, "->");
  if (!arrow) return cx_verify_error(op, "einsum_config \"%s\" has no '->'", s);
  int64_t size[128];
  for (int i = 0; i < 128; i++) size[i] = -2;  // -2: label not seen yet
  const char* p = s;
  for (uint32_t k = 0; k <= nin; k++) {
    const cx_type_t* t = k < nin ? cx_v_otype(op, k) : cx_v_rtype(op, 0);
    const char* end = k < nin ? (k + 1 < nin ? strchr(p, ',') : arrow) : s + cfg->str.len;
    if (!end || end > (k < nin ? arrow : s + cfg->str.len))
      return cx_verify_error(op, "einsum_config \"%s\" does not have %u inputs", s, nin);
    uint32_t r = 0;
    for (const char* c = p; c < end; c++, r++) {
      unsigned char ch = (unsigned char)*c;
      if (ch >= 128 || !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
        return cx_verify_error(op, "einsum_config \"%s\" has an invalid label '%c'", s, *c);
      if (r >= cx_v_rank(t)) break;
      int64_t d = cx_v_dim(t, r);
      if (k == nin && size[ch] == -2)
        return cx_verify_error(op, "einsum output label '%c' does not appear in an input", *c);
      if (size[ch] == -2 || cx_v_dyn(size[ch])) size[ch] = d;
      else if (!cx_v_dims_compat(size[ch], d))
        return cx_verify_error(op, "einsum label '%c' has inconsistent sizes %lld and %lld", *c,
                               (long long)size[ch], (long long)d);
    }
    if ((uint32_t)(end - p) != cx_v_rank(t))
      return cx_verify_error(op, "einsum_config \"%s\": term %u has %u labels for a tensor of rank %u",
                             s, k, (uint32_t)(end - p), cx_v_rank(t));
    p = k + 1 < nin ? end + 1 : end + 2;
  }
  return NULL;
}

cx_status_t cx_verify_dot_conv(cx_verify_ctx_t* vc, cx_op_t* op) {
  CX_RETURN_IF_ERROR(cx_v_num_results(op, 1, 1));
  CX_RETURN_IF_ERROR(cx_v_num_regions(op, 0));
  switch (op->kind) {
    case CX_OP_DOT_GENERAL:
      CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
      return verify_dot_general(vc, op);
    case CX_OP_DOT:
      CX_RETURN_IF_ERROR(cx_v_num_operands(op, 2, 2));
      return verify_dot(vc, op);
    case CX_OP_CONVOLUTION: return verify_convolution(vc, op);
    case CX_OP_DYNAMIC_CONV: return verify_dynamic_conv(vc, op);
    case CX_OP_EINSUM:
    case CX_OP_UNARY_EINSUM: return verify_einsum(vc, op);
    default: return cx_verify_error(op, "is not a dot or convolution op");
  }
}

// Shape functions of dot_general and convolution (spec sections of the
// same names), and the unspecced dot, dynamic_conv, einsum and
// unary_einsum. These ops choose their result element type (a preferred
// type, an accumulator type, a quantized type): the shape functions infer
// the result shape with element type `none`. The rules on quantized
// operands involve the result type and are the verifier's
// (verify_dot_conv.c).
#include <string.h>

#include "ir/infer_util.h"

// precision_config: the spec requires two entries (dot_general_c11,
// convolution_c24); an absent or empty attribute means DEFAULT for both.
static cx_status_t check_precision(cx_infer_state_t* s, uint32_t* n) {
  CX_RETURN_IF_ERROR(cx_i_get_precision(s, CX_I_NAME(s, precision_config), CX_ENUM_PRECISION, n));
  if (*n != 0 && *n != 2)
    return cx_i_error(s, NULL,
                      "expects precision config to be empty or have 2 elements, but got %u", *n);
  return NULL;
}

cx_status_t cx_infer_dot_general(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t *l, *r;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &l));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &r));
  const cx_attr_t *dn, *alg;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, CX_I_NAME(s, dot_dimension_numbers), CX_ATTR_DOT, true, &dn));
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, CX_I_NAME(s, algorithm), CX_ATTR_DOT_ALGORITHM, false, &alg));
  uint32_t nprec;
  CX_RETURN_IF_ERROR(check_precision(s, &nprec));
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, l, CX_V_ANY & ~CX_V_QUANT_AXIS, "lhs"));
  const cx_dot_dims_t* d = &dn->dot;
  cx_i64_list_t lb = d->lhs_batching_dims, rb = d->rhs_batching_dims;
  cx_i64_list_t lc = d->lhs_contracting_dims, rc = d->rhs_contracting_dims;
  uint32_t rl = cx_v_rank(l), rr = cx_v_rank(r);
  // dot_general_c1
  if (lb.len != rb.len)
    return cx_i_error(s, "dot_general_c1",
                      "lhs and rhs should have the same number of batching dimensions");
  // dot_general_c2
  if (lc.len != rc.len)
    return cx_i_error(s, "dot_general_c2",
                      "lhs and rhs should have the same number of contracting dimensions");
  // dot_general_c3
  if (!cx_i_unique2(s, lb.data, lb.len, lc.data, lc.len))
    return cx_i_error(s, "dot_general_c3",
                      "has duplicated dimension from lhs_batching_dimensions and "
                      "lhs_contracting_dimensions: %s and %s",
                      cx_i_list_str(s, lb), cx_i_list_str(s, lc));
  // dot_general_c4
  if (!cx_i_unique2(s, rb.data, rb.len, rc.data, rc.len))
    return cx_i_error(s, "dot_general_c4",
                      "has duplicated dimension from rhs_batching_dimensions and "
                      "rhs_contracting_dimensions: %s and %s",
                      cx_i_list_str(s, rb), cx_i_list_str(s, rc));
  // dot_general_c5 .. dot_general_c8
  if (!cx_v_in_range(lb.data, lb.len, 0, rl))
    return cx_i_error(s, "dot_general_c5", "lhs_batching_dimensions %s must be in [0, %u)",
                      cx_i_list_str(s, lb), rl);
  if (!cx_v_in_range(lc.data, lc.len, 0, rl))
    return cx_i_error(s, "dot_general_c5", "lhs_contracting_dimensions %s must be in [0, %u)",
                      cx_i_list_str(s, lc), rl);
  if (!cx_v_in_range(rb.data, rb.len, 0, rr))
    return cx_i_error(s, "dot_general_c5", "rhs_batching_dimensions %s must be in [0, %u)",
                      cx_i_list_str(s, rb), rr);
  if (!cx_v_in_range(rc.data, rc.len, 0, rr))
    return cx_i_error(s, "dot_general_c5", "rhs_contracting_dimensions %s must be in [0, %u)",
                      cx_i_list_str(s, rc), rr);
  // dot_general_c9
  for (uint32_t i = 0; i < lb.len; i++)
    if (!cx_v_dims_compat(cx_v_dim(l, (uint32_t)lb.data[i]), cx_v_dim(r, (uint32_t)rb.data[i])))
      return cx_i_error(s, "dot_general_c9", "batching dimension sizes must match for lhs/rhs");
  // dot_general_c10
  for (uint32_t i = 0; i < lc.len; i++)
    if (!cx_v_dims_compat(cx_v_dim(l, (uint32_t)lc.data[i]), cx_v_dim(r, (uint32_t)rc.data[i])))
      return cx_i_error(s, "dot_general_c10", "contracting dimension sizes must match for lhs/rhs");
  // dot_general_c13 (quantized operands follow dot_general_c14 ..
  // dot_general_c20, which involve the result: the verifier's)
  if (!cx_v_is_quant(l) && !cx_v_is_quant(r) && !cx_v_elem_eq(l, r))
    return cx_i_error(s, "dot_general_c13",
                      "requires the same element type for lhs and rhs, but got '%s' and '%s'",
                      cx_i_type_str(s, l->tensor.element), cx_i_type_str(s, r->tensor.element));
  if (alg) {
    const cx_dot_algorithm_t* a = &alg->dot_algorithm;
    // dot_general_c21: with an algorithm, precision_config must stay
    // DEFAULT: the algorithm fully determines the precision.
    const cx_attr_t* pc = cx_i_attr(s, CX_I_NAME(s, precision_config));
    for (uint32_t i = 0; pc && i < pc->array.count; i++)
      if (pc->array.items[i]->enumeration.value != CX_PRECISION_DEFAULT)
        return cx_i_error(s, "dot_general_c21",
                          "must specify DEFAULT precision config when algorithm is set");
    if (a->lhs_component_count <= 0 || a->rhs_component_count <= 0 ||
        a->num_primitive_operations <= 0)
      return cx_i_error(
          s, "dot_general_c22",
          "dot algorithm component counts and num_primitive_operations must be positive");
    if (!a->lhs_precision_type || !a->rhs_precision_type || !a->accumulation_type)
      return cx_i_error(s, "dot_general_c22",
                        "dot algorithm requires lhs/rhs precision and accumulation types");
  }
  // dot_general_c12: batch dims (the most specific of lhs and rhs), then lhs
  // and rhs free dims, with their bounds; the element type is the result's.
  int64_t dims[2 * CX_V_MAX_RANK], bounds[2 * CX_V_MAX_RANK];
  const int64_t *lbd = NULL, *rbd = NULL;
  cx_i_bounds(l, &lbd);
  cx_i_bounds(r, &rbd);
  uint32_t k = 0;
  for (uint32_t i = 0; i < lb.len; i++, k++)
    cx_i_merge_dim(cx_v_dim(l, (uint32_t)lb.data[i]), lbd ? lbd[lb.data[i]] : CX_DYNAMIC_DIM,
                   cx_v_dim(r, (uint32_t)rb.data[i]), rbd ? rbd[rb.data[i]] : CX_DYNAMIC_DIM,
                   &dims[k], &bounds[k]);
  for (uint32_t i = 0; i < rl; i++)
    if (!cx_v_contains(lb.data, lb.len, i) && !cx_v_contains(lc.data, lc.len, i)) {
      bounds[k] = lbd ? lbd[i] : CX_DYNAMIC_DIM;
      dims[k++] = cx_v_dim(l, i);
    }
  for (uint32_t i = 0; i < rr; i++)
    if (!cx_v_contains(rb.data, rb.len, i) && !cx_v_contains(rc.data, rc.len, i)) {
      bounds[k] = rbd ? rbd[i] : CX_DYNAMIC_DIM;
      dims[k++] = cx_v_dim(r, i);
    }
  if (k > CX_V_MAX_RANK) return cx_i_error(s, NULL, "result rank %u is too large", k);
  return cx_i_result_tensor(s, cx_i_none(s), k, dims, bounds);
}

cx_status_t cx_infer_dot(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  // Legacy op (not in the spec): vector/matrix products contracting the last
  // lhs dimension with the first rhs dimension.
  const cx_type_t *l, *r;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &l));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &r));
  uint32_t nprec;
  CX_RETURN_IF_ERROR(check_precision(s, &nprec));
  uint32_t rl = cx_v_rank(l), rr = cx_v_rank(r);
  if (rl < 1 || rl > 2 || rr < 1 || rr > 2)
    return cx_i_error(s, NULL, "expects lhs and rhs of rank 1 or 2, but got ranks %u and %u", rl,
                      rr);
  if (!cx_v_dims_compat(cx_v_dim(l, rl - 1), cx_v_dim(r, 0)))
    return cx_i_error(s, NULL, "contracting dimension sizes must match for lhs/rhs");
  if (!cx_v_is_quant(l) && !cx_v_is_quant(r) && !cx_v_elem_eq(l, r))
    return cx_i_error(s, NULL, "requires the same element type for lhs and rhs");
  int64_t dims[2];
  uint32_t k = 0;
  if (rl == 2) dims[k++] = cx_v_dim(l, 0);
  if (rr == 2) dims[k++] = cx_v_dim(r, 1);
  return cx_i_result_tensor(s, cx_i_none(s), k, dims, NULL);
}

// convolution and dynamic_conv. `pad` holds 2*(N-2) padding values when
// known (NULL for dynamic_conv with a non-constant padding operand).
// dynamic_conv is unspecced and JAX emits it with window attributes whose
// length differs from the spatial rank (a 1-D convolution with two strides);
// for it such attributes are tolerated and make the spatial sizes unknown.
static cx_status_t check_conv(cx_infer_state_t* s, const int64_t* pad) {
  bool lenient = s->kind == CX_OP_DYNAMIC_CONV;
  const cx_type_t *l, *r;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &l));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 1, &r));
  const cx_attr_t* dn;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, CX_I_NAME(s, dimension_numbers), CX_ATTR_CONV, true, &dn));
  int64_t fgc, bgc;
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, feature_group_count), true, 1, &fgc));
  CX_RETURN_IF_ERROR(cx_i_get_int(s, CX_I_NAME(s, batch_group_count), true, 1, &bgc));
  uint32_t nprec;
  CX_RETURN_IF_ERROR(check_precision(s, &nprec));  // convolution_c24
  CX_RETURN_IF_ERROR(cx_i_check_elem(s, l, CX_V_ANY & ~CX_V_QUANT_AXIS, "lhs"));
  const cx_conv_dims_t* c = &dn->conv;
  // convolution_c1
  uint32_t n = cx_v_rank(l);
  if (cx_v_rank(r) != n)
    return cx_i_error(
        s, "convolution_c1",
        "expects convolution arguments to have same number of dimensions. Got: '%s' and '%s'",
        cx_i_type_str(s, l), cx_i_type_str(s, r));
  if (n < 2)
    return cx_i_error(s, "convolution_c1",
                      "expects convolution arguments to have at least 2 dimensions, got %u", n);
  uint32_t ns = n - 2;
  cx_v_ints_t ws, ld, rd, rev;
  bool has_ws, has_ld, has_rd, has_rev;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, window_strides), false, &ws, &has_ws));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, lhs_dilation), false, &ld, &has_ld));
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, rhs_dilation), false, &rd, &has_rd));
  CX_RETURN_IF_ERROR(cx_i_get_bools(s, CX_I_NAME(s, window_reversal), false, &rev, &has_rev));
  // convolution_c2 .. convolution_c9
  const struct {
    const char* name;
    bool has;
    const cx_v_ints_t* v;
  } win[3] = {{"window_strides", has_ws, &ws},
              {"lhs_dilation", has_ld, &ld},
              {"rhs_dilation", has_rd, &rd}};
  for (int i = 0; i < 3; i++) {
    if (!win[i].has) continue;
    if (win[i].v->n != ns && lenient) {
      pad = NULL;
    } else if (win[i].v->n != ns)
      return cx_i_error(s, "convolution_c2",
                        "%s has %u entries, but the convolution has %u spatial dimensions",
                        win[i].name, win[i].v->n, ns);
    for (uint32_t j = 0; j < win[i].v->n; j++)
      if (win[i].v->v[j] <= 0)
        return cx_i_error(s, "convolution_c2", "%s must be positive, but got %s", win[i].name,
                          cx_i_ints_str(s, win[i].v->v, win[i].v->n));
  }
  if (has_rev && rev.n != ns && !lenient)
    return cx_i_error(
        s, "convolution_c2",
        "window_reversal has %u entries, but the convolution has %u spatial dimensions", rev.n, ns);
  // convolution_c12, convolution_c17, convolution_c19
  if (c->input_spatial_dims.len != ns || c->kernel_spatial_dims.len != ns ||
      c->output_spatial_dims.len != ns)
    return cx_i_error(
        s, "convolution_c12",
        "expects %u spatial dimensions in the input, kernel and output dimension numbers", ns);
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
  if (!cx_i_unique(s, dl, n) || !cx_v_in_range(dl, n, 0, n))
    return cx_i_error(s, "convolution_c13",
                      "expects input dimension numbers to be a permutation of [0, %u)", n);
  if (!cx_i_unique(s, dk, n) || !cx_v_in_range(dk, n, 0, n))
    return cx_i_error(s, "convolution_c13",
                      "expects kernel dimension numbers to be a permutation of [0, %u)", n);
  if (!cx_i_unique(s, dout, n) || !cx_v_in_range(dout, n, 0, n))
    return cx_i_error(s, "convolution_c13",
                      "expects output dimension numbers to be a permutation of [0, %u)", n);
  // convolution_c21, convolution_c22, convolution_c23
  if (fgc <= 0)
    return cx_i_error(s, "convolution_c21", "feature_group_count must be positive, got %lld",
                      (long long)fgc);
  if (bgc <= 0)
    return cx_i_error(s, "convolution_c21", "batch_group_count must be positive, got %lld",
                      (long long)bgc);
  if (fgc != 1 && bgc != 1)
    return cx_i_error(s, "convolution_c21",
                      "expects feature_group_count or batch_group_count to be 1, got %lld and %lld",
                      (long long)fgc, (long long)bgc);
  int64_t in_b = cx_v_dim(l, (uint32_t)c->input_batch_dim);
  int64_t in_f = cx_v_dim(l, (uint32_t)c->input_feature_dim);
  int64_t k_in = cx_v_dim(r, (uint32_t)c->kernel_input_feature_dim);
  int64_t k_out = cx_v_dim(r, (uint32_t)c->kernel_output_feature_dim);
  // convolution_c10, convolution_c11
  if (!cx_v_dyn(in_b) && in_b % bgc)
    return cx_i_error(
        s, "convolution_c10",
        "expects input batch dimension (%lld) to be divisible by batch_group_count (%lld)",
        (long long)in_b, (long long)bgc);
  if (!cx_v_dyn(in_f) && in_f % fgc)
    return cx_i_error(
        s, "convolution_c10",
        "expects input feature dimension (%lld) to be divisible by feature_group_count (%lld)",
        (long long)in_f, (long long)fgc);
  // convolution_c14
  if (!cx_v_dyn(in_f) && !cx_v_dyn(k_in) && in_f / fgc != k_in)
    return cx_i_error(s, "convolution_c14",
                      "expects input feature dimension (%lld) / feature_group_count = kernel input "
                      "feature dimension (%lld). Got feature_group_count = %lld",
                      (long long)in_f, (long long)k_in, (long long)fgc);
  // convolution_c15, convolution_c16
  if (!cx_v_dyn(k_out) && k_out % bgc)
    return cx_i_error(
        s, "convolution_c15",
        "expects output feature dimension size (%lld) to be a multiple of batch_group_count (%lld)",
        (long long)k_out, (long long)bgc);
  if (!cx_v_dyn(k_out) && k_out % fgc)
    return cx_i_error(s, "convolution_c15",
                      "expects kernel output feature dimension (%lld) to be divisible by "
                      "feature_group_count (%lld)",
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
      if (!ok)
        return cx_i_error(s, "convolution_c25",
                          "window computation overflows in spatial dimension %u", i);
      out = (padded <= 0 || dk2 > padded) ? 0 : (padded - dk2) / stride + 1;
    }
    dims[c->output_spatial_dims.data[i]] = out;
  }
  // convolution_c27, for lhs and rhs only: the result element type may
  // differ (the spec's own interpreter tests convolve i8 x i8 -> i32, and
  // frameworks use it for preferred_element_type), as for dot_general.
  // Quantized operands follow convolution_c28 .. c34, which involve the
  // result: the verifier's.
  if (!cx_v_is_quant(l) && !cx_v_is_quant(r) && !cx_v_elem_eq(l, r))
    return cx_i_error(s, "convolution_c27",
                      "requires the same element type for lhs and rhs, but got '%s' and '%s'",
                      cx_i_type_str(s, l->tensor.element), cx_i_type_str(s, r->tensor.element));
  return cx_i_result_tensor(s, cx_i_none(s), n, dims, NULL);
}

cx_status_t cx_infer_convolution(cx_infer_state_t* s) {
  CX_RETURN_IF_ERROR(cx_i_count(s, 2, 2));
  const cx_type_t* l;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &l));
  uint32_t ns = cx_v_rank(l) >= 2 ? cx_v_rank(l) - 2 : 0;
  cx_v_ints_t p;
  bool present;
  CX_RETURN_IF_ERROR(cx_i_get_ints(s, CX_I_NAME(s, padding), false, &p, &present));
  int64_t zeros[2 * CX_V_MAX_RANK] = {0};
  const int64_t* pad = zeros;
  if (present && !(p.n == 0 && ns == 0)) {
    // convolution_c4
    if (p.rank != 2 || p.dims[0] != ns || p.dims[1] != 2)
      return cx_i_error(s, "convolution_c4", "expects padding to have shape [%u, 2]", ns);
    pad = p.v;
  }
  return check_conv(s, pad);
}

cx_status_t cx_infer_dynamic_conv(cx_infer_state_t* s) {
  // Not in the spec: convolution whose padding is a [N-2, 2] integer operand.
  CX_RETURN_IF_ERROR(cx_i_count(s, 3, 3));
  const cx_type_t *l, *pt;
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 0, &l));
  CX_RETURN_IF_ERROR(cx_i_tensor(s, 2, &pt));
  uint32_t ns = cx_v_rank(l) >= 2 ? cx_v_rank(l) - 2 : 0;
  if (cx_v_rank(pt) != 2 || !cx_v_is_int(pt) || !cx_v_dims_compat(cx_v_dim(pt, 0), ns) ||
      !cx_v_dims_compat(cx_v_dim(pt, 1), 2))
    return cx_i_error(s, NULL, "padding must be a [%u, 2] tensor of integer values, but got '%s'",
                      ns, cx_i_type_str(s, pt));
  cx_v_ints_t p;
  if (cx_i_const_ints(s, 2, &p) && p.n == 2 * ns) return check_conv(s, p.v);
  return check_conv(s, NULL);
}

// einsum configs ("ab,bc->ac", "ab->ba"): label counts must match ranks,
// each label must name dimensions of compatible sizes, and every output
// label must appear in an input (which gives its size). Configs with an
// ellipsis are accepted unchecked, and their result is given.
cx_status_t cx_infer_einsum(cx_infer_state_t* s) {
  bool unary = s->kind == CX_OP_UNARY_EINSUM;
  uint32_t nin = unary ? 1 : 2;
  CX_RETURN_IF_ERROR(cx_i_count(s, nin, nin));
  CX_RETURN_IF_ERROR(cx_i_all_tensors(s));
  const cx_attr_t* cfg;
  CX_RETURN_IF_ERROR(cx_i_get_kind(s, CX_I_NAME(s, einsum_config), CX_ATTR_STRING, true, &cfg));
  const char* str = cfg->str.data;
  const char* stop = str + cfg->str.len;
  if (strstr(str, "...")) return cx_i_result(s, NULL);
  const char* arrow = strstr(str, "->");
  if (!arrow) return cx_i_error(s, NULL, "einsum_config \"%s\" has no '->'", str);
  int64_t size[128];
  for (int i = 0; i < 128; i++) size[i] = -2;  // -2: label not seen yet
  const char* p = str;
  for (uint32_t k = 0; k < nin; k++) {
    const cx_type_t* t = cx_i_otype(s, k);
    const char* end = k + 1 < nin ? strchr(p, ',') : arrow;
    if (!end || end > arrow)
      return cx_i_error(s, NULL, "einsum_config \"%s\" does not have %u inputs", str, nin);
    uint32_t r = 0;
    for (const char* c = p; c < end; c++, r++) {
      unsigned char ch = (unsigned char)*c;
      if (ch >= 128 || !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
        return cx_i_error(s, NULL, "einsum_config \"%s\" has an invalid label '%c'", str, *c);
      if (r >= cx_v_rank(t)) break;
      int64_t d = cx_v_dim(t, r);
      if (size[ch] == -2 || cx_v_dyn(size[ch]))
        size[ch] = d;
      else if (!cx_v_dims_compat(size[ch], d))
        return cx_i_error(s, NULL, "einsum label '%c' has inconsistent sizes %lld and %lld", *c,
                          (long long)size[ch], (long long)d);
    }
    if ((uint32_t)(end - p) != cx_v_rank(t))
      return cx_i_error(s, NULL,
                        "einsum_config \"%s\": term %u has %u labels for a tensor of rank %u", str,
                        k, (uint32_t)(end - p), cx_v_rank(t));
    p = end + 1;
  }
  // The output term: each label's size.
  int64_t dims[CX_V_MAX_RANK];
  uint32_t rank = 0;
  for (const char* c = arrow + 2; c < stop; c++) {
    unsigned char ch = (unsigned char)*c;
    if (ch >= 128 || !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
      return cx_i_error(s, NULL, "einsum_config \"%s\" has an invalid label '%c'", str, *c);
    if (size[ch] == -2)
      return cx_i_error(s, NULL, "einsum output label '%c' does not appear in an input", *c);
    if (rank == CX_V_MAX_RANK) return cx_i_error(s, NULL, "einsum result rank is too large");
    dims[rank++] = size[ch];
  }
  return cx_i_result_tensor(s, cx_i_none(s), rank, dims, NULL);
}

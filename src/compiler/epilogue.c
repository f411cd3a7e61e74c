// GEMM epilogue planning (epilogue.h).
#include "compiler/epilogue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir/attr_ints.h"
#include "ir/builder.h"

enum { kMaxGeluOps = 16 };

typedef struct matcher {
  cx_context_t* ctx;
  cx_fusion_plan_t* plan;
  // Ops to turn into fusion roots if the chain is taken (computed operands
  // that need a buffer).
  cx_op_t* to_root[2 * CX_RT_EP_MAX_OPS];
  uint32_t num_to_root;
  // Ops of chains already taken: a chain stops before them, so two chains
  // that meet (a convolution's result added to another's, as in ResNet's
  // downsampling blocks) end at different ops.
  cx_ptrmap_t claimed;
} matcher_t;

static bool claimed(const matcher_t* m, const cx_op_t* op) {
  return cx_ptrmap_get(&m->claimed, op) != NULL;
}

static cx_fusion_role_t role_of(const matcher_t* m, const cx_op_t* op) {
  return cx_fusion_role(m->plan, op);
}

// Ops of row fusions (fusion_rows.h) stay as planned: their kernels are
// built from the plan's lists of members.
static bool in_row_fusion(const matcher_t* m, const cx_op_t* op) {
  if (cx_fusion_is_row_root(m->plan, op)) return true;
  const cx_op_t* root = cx_ptrmap_get(&m->plan->roots, op);
  return root && cx_fusion_is_row_root(m->plan, root);
}

static bool f32_static(const cx_value_t* v) {
  return cx_type_is_tensor(v->type) && cx_tensor_has_static_shape(v->type) &&
         cx_tensor_elem(v->type) == CX_ELEM_F32;
}

static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }
static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }

static void row_major(uint32_t rank, const int64_t* dims, int64_t* out) {
  int64_t s = 1;
  for (uint32_t d = rank; d > 0; d--) {
    out[d - 1] = s;
    s *= dims[d - 1];
  }
}

// The value of a constant with one distinct element (a splat or a single
// element) of f32.
static bool splat_value(const cx_op_t* op, double* out) {
  if (!op || op->kind != CX_OP_CONSTANT) return false;
  const cx_value_t* r = &op->results[0];
  if (!f32_static(r)) return false;
  const cx_attr_t* a = cx_value_constant_attr(r);
  const void* data;
  size_t nbytes;
  bool splat;
  if (!a || !cx_attr_dense_data(a, &data, &nbytes, &splat) || nbytes < sizeof(float)) return false;
  if (!splat && cx_tensor_num_elements(r->type) != 1) return false;
  float f;
  memcpy(&f, data, sizeof f);
  *out = f;
  return true;
}

// Strides of a row-major reshape: the tensor of dims src read through
// src_strides, seen as dims dst (same element count, same order). False if
// a group of source dims that merges does not fold into one stride.
static bool reshape_strides(uint32_t sr, const int64_t* sd, const int64_t* ss, uint32_t dr,
                            const int64_t* dd, int64_t* out) {
  int64_t s_dims[CX_MAX_RANK], s_str[CX_MAX_RANK];
  uint32_t ns = 0, dmap[CX_MAX_RANK], nd = 0;
  for (uint32_t i = 0; i < sr; i++) {
    if (sd[i] == 0) return false;
    if (sd[i] == 1) continue;
    s_dims[ns] = sd[i];
    s_str[ns++] = ss[i];
  }
  for (uint32_t j = 0; j < dr; j++) {
    if (dd[j] == 0) return false;
    out[j] = 0;
    if (dd[j] != 1) dmap[nd++] = j;
  }
  uint32_t i = 0, j = 0;
  while (i < ns && j < nd) {
    uint32_t ig = i, jg = j;
    int64_t ps = s_dims[i++], pd = dd[dmap[j++]];
    while (ps != pd) {
      if (ps < pd) {
        if (i == ns) return false;
        ps *= s_dims[i++];
      } else {
        if (j == nd) return false;
        pd *= dd[dmap[j++]];
      }
    }
    // The group's source dims must be one linear run.
    for (uint32_t k = ig; k + 1 < i; k++)
      if (s_str[k] != s_str[k + 1] * s_dims[k + 1]) return false;
    int64_t run = s_str[i - 1];
    for (uint32_t k = j; k > jg; k--) {
      out[dmap[k - 1]] = run;
      run *= dd[dmap[k - 1]];
    }
  }
  return i == ns && j == nd;
}

// The strides along the dot's result dims of a tensor read at x's index
// through xs (per dim of x), where dot dim d steps ostr[d] through x's
// row-major layout. The dot's dims ordered by ostr are a row-major reshape
// of x (x is the dot's result reshaped and transposed).
static bool via_x(const cx_value_t* x, const int64_t* xs, const cx_value_t* dot_out,
                  const int64_t* ostr, int64_t* out) {
  uint32_t dr = rank_of(dot_out), order[CX_MAX_RANK], n = 0;
  const int64_t* dd = dims_of(dot_out);
  for (uint32_t d = 0; d < dr; d++) {
    out[d] = 0;
    if (dd[d] == 1) continue;
    uint32_t j = n++;
    for (; j > 0 && ostr[order[j - 1]] < ostr[d]; j--) order[j] = order[j - 1];
    order[j] = d;
  }
  int64_t pd[CX_MAX_RANK] = {0}, ps[CX_MAX_RANK] = {0};
  for (uint32_t k = 0; k < n; k++) pd[k] = dd[order[k]];
  if (!reshape_strides(rank_of(x), dims_of(x), xs, n, pd, ps)) return false;
  for (uint32_t k = 0; k < n; k++) out[order[k]] = ps[k];
  return true;
}

// What an elementwise operand reads: a splat, or a value with a buffer
// and its strides along the operand's dims.
typedef struct view {
  bool splat;
  double value;
  cx_value_t* base;
  int64_t strides[CX_MAX_RANK];
} view_t;

static bool is_view_op(const cx_op_t* op) {
  return op->kind == CX_OP_BROADCAST_IN_DIM || op->kind == CX_OP_RESHAPE ||
         op->kind == CX_OP_TRANSPOSE;
}

static bool peel(matcher_t* m, cx_value_t* v, view_t* out, int depth) {
  if (!f32_static(v) || rank_of(v) > CX_MAX_RANK) return false;
  cx_op_t* d = v->def_op;
  out->splat = false;
  if (splat_value(d, &out->value)) {
    out->splat = true;
    return true;
  }
  cx_fusion_role_t r = d ? role_of(m, d) : CX_FUSION_NONE;
  if (d && depth < 8 && is_view_op(d) &&
      (r == CX_FUSION_INLINED || r == CX_FUSION_MEMBER || r == CX_FUSION_VIEW)) {
    cx_value_t* x = cx_op_operand(d, 0);
    view_t in;
    if (!peel(m, x, &in, depth + 1)) return false;
    if (in.splat) {
      *out = in;
      return true;
    }
    out->base = in.base;
    uint32_t rank = rank_of(v);
    if (d->kind == CX_OP_RESHAPE)
      return reshape_strides(rank_of(x), dims_of(x), in.strides, rank, dims_of(v), out->strides);
    int64_t a[CX_MAX_RANK];
    uint32_t n;
    if (d->kind == CX_OP_TRANSPOSE) {
      if (!cx_op_get_ints(m->ctx, d, CX_NAME_permutation, a, CX_MAX_RANK, &n) || n != rank)
        return false;
      for (uint32_t i = 0; i < rank; i++) out->strides[i] = in.strides[a[i]];
      return true;
    }
    if (!cx_op_get_ints(m->ctx, d, CX_NAME_broadcast_dimensions, a, CX_MAX_RANK, &n) ||
        n != rank_of(x))
      return false;
    for (uint32_t i = 0; i < rank; i++) out->strides[i] = 0;
    for (uint32_t k = 0; k < n; k++)
      out->strides[a[k]] = dims_of(x)[k] == 1 ? 0 : in.strides[k];
    return true;
  }
  // A value with a buffer, or one computed inside a kernel that gets a
  // buffer of its own.
  if (d && (r == CX_FUSION_INLINED || r == CX_FUSION_MEMBER)) {
    if (in_row_fusion(m, d)) return false;
    if (m->num_to_root == sizeof m->to_root / sizeof m->to_root[0]) return false;
    m->to_root[m->num_to_root++] = d;
  } else if (d && r != CX_FUSION_NONE && r != CX_FUSION_ROOT) {
    return false;
  }
  out->base = v;
  row_major(rank_of(v), dims_of(v), out->strides);
  return true;
}

static bool peel_splat(matcher_t* m, cx_value_t* v, double* out) {
  uint32_t saved = m->num_to_root;
  view_t w;
  bool ok = peel(m, v, &w, 0) && w.splat;
  m->num_to_root = saved;
  if (ok) *out = w.value;
  return ok;
}

// An op of the chain: computed in a kernel now (its role says so).
static bool chain_op(const matcher_t* m, const cx_op_t* op) {
  cx_fusion_role_t r = role_of(m, op);
  return (r == CX_FUSION_MEMBER || r == CX_FUSION_ROOT) && op->num_results == 1 &&
         f32_static(&op->results[0]) && !in_row_fusion(m, op);
}

// An ADD, MUL or SUB step of operand `other` (a splat: ADD or SCALE).
static bool tensor_step(matcher_t* m, cx_value_t* other, const cx_value_t* x,
                        const cx_value_t* dot_out, const int64_t* ostr, cx_rt_ep_kind_t kind,
                        cx_ep_step_t* st) {
  uint32_t saved = m->num_to_root;
  view_t w;
  if (!peel(m, other, &w, 0)) {
    m->num_to_root = saved;
    return false;
  }
  if (w.splat) {  // SUB of a splat is taken before
    st->kind = kind == CX_RT_EP_ADD ? CX_RT_EP_ADD : CX_RT_EP_SCALE;
    st->a = (float)w.value;
    return true;
  }
  // Strides along the dot's result dims.
  if (!via_x(x, w.strides, dot_out, ostr, st->strides)) {
    m->num_to_root = saved;
    return false;
  }
  st->kind = kind;
  st->operand = w.base;
  return true;
}

// One epilogue op from U consuming x (the dot's result reshaped and
// transposed: dot dim d steps ostr[d] through x's row-major layout).
static bool match_step(matcher_t* m, cx_op_t* u, const cx_value_t* x, const cx_value_t* dot_out,
                       const int64_t* ostr, cx_ep_step_t* st) {
  if (!chain_op(m, u)) return false;
  memset(st, 0, sizeof *st);
  int xi = -1;
  for (uint32_t i = 0; i < u->num_operands; i++)
    if (cx_op_operand(u, i) == x) xi = xi < 0 ? (int)i : 99;  // x twice: not a step
  if (xi < 0 || xi == 99) return false;
  cx_value_t* other = u->num_operands == 2 ? cx_op_operand(u, 1 - xi) : NULL;
  double c;
  switch (u->kind) {
    case CX_OP_TANH: st->kind = CX_RT_EP_TANH; return true;
    case CX_OP_LOGISTIC: st->kind = CX_RT_EP_SIGMOID; return true;
    case CX_OP_NEGATE:
      st->kind = CX_RT_EP_SCALE;
      st->a = -1.0f;
      return true;
    case CX_OP_DIVIDE:
      if (xi != 0 || !peel_splat(m, other, &c)) return false;
      st->kind = CX_RT_EP_SCALE;
      st->a = (float)(1.0 / c);
      return true;
    case CX_OP_SUBTRACT:
      if (xi != 0) return false;
      if (peel_splat(m, other, &c)) {
        st->kind = CX_RT_EP_ADD;
        st->a = (float)-c;
        return true;
      }
      return tensor_step(m, other, x, dot_out, ostr, CX_RT_EP_SUB, st);
    case CX_OP_MAXIMUM:
      if (!peel_splat(m, other, &c)) return false;
      st->kind = c == 0 ? CX_RT_EP_RELU : CX_RT_EP_CLAMP;
      st->a = (float)c;
      st->b = INFINITY;
      return true;
    case CX_OP_MINIMUM:
      if (!peel_splat(m, other, &c)) return false;
      st->kind = CX_RT_EP_CLAMP;
      st->a = -INFINITY;
      st->b = (float)c;
      return true;
    case CX_OP_CLAMP: {
      double lo, hi;
      if (xi != 1 || !peel_splat(m, cx_op_operand(u, 0), &lo) ||
          !peel_splat(m, cx_op_operand(u, 2), &hi))
        return false;
      st->kind = CX_RT_EP_CLAMP;
      st->a = (float)lo;
      st->b = (float)hi;
      return true;
    }
    case CX_OP_ADD:
    case CX_OP_MULTIPLY:
      return tensor_step(m, other, x, dot_out, ostr,
                         u->kind == CX_OP_ADD ? CX_RT_EP_ADD : CX_RT_EP_MUL, st);
    default: return false;
  }
}

// ---- GELU (erf form) ------------------------------------------------------------------

// A product of factors: x^px * c * (1 + f)^pe, where f is erf(x * k) or
// tanh(k1 * x + k3 * x^3) (then tanh is set, k = k1 and k3).
typedef struct product {
  int px, pe;
  double c, k, k3;
  bool tanh;
  const cx_op_t* ops[kMaxGeluOps];
  uint32_t num_ops;
} product_t;

static bool add_op(product_t* p, const cx_op_t* op) {
  for (uint32_t i = 0; i < p->num_ops; i++)
    if (p->ops[i] == op) return false;  // a value used twice in the product
  if (p->num_ops == kMaxGeluOps) return false;
  p->ops[p->num_ops++] = op;
  return true;
}

// A polynomial in x of degree 3 or less: c[0] + c[1] x + c[2] x^2 + c[3] x^3.
typedef struct poly {
  double c[4];
} poly_t;

static bool parse_poly(matcher_t* m, cx_value_t* v, const cx_value_t* x, product_t* p,
                       poly_t* out, int depth) {
  memset(out, 0, sizeof *out);
  if (v == x) {
    out->c[1] = 1;
    return true;
  }
  double k;
  if (peel_splat(m, v, &k)) {
    out->c[0] = k;
    return true;
  }
  cx_op_t* d = v->def_op;
  if (!d || depth > 8 || !chain_op(m, d) || role_of(m, d) != CX_FUSION_MEMBER || !add_op(p, d))
    return false;
  poly_t a, b;
  switch (d->kind) {
    case CX_OP_ADD:
    case CX_OP_SUBTRACT:
      if (!parse_poly(m, cx_op_operand(d, 0), x, p, &a, depth + 1) ||
          !parse_poly(m, cx_op_operand(d, 1), x, p, &b, depth + 1))
        return false;
      for (int i = 0; i < 4; i++) out->c[i] = a.c[i] + (d->kind == CX_OP_ADD ? b.c[i] : -b.c[i]);
      return true;
    case CX_OP_MULTIPLY:
      if (!parse_poly(m, cx_op_operand(d, 0), x, p, &a, depth + 1) ||
          !parse_poly(m, cx_op_operand(d, 1), x, p, &b, depth + 1))
        return false;
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
          if (a.c[i] == 0 || b.c[j] == 0) continue;
          if (i + j > 3) return false;
          out->c[i + j] += a.c[i] * b.c[j];
        }
      return true;
    case CX_OP_DIVIDE:
      if (!peel_splat(m, cx_op_operand(d, 1), &k) || k == 0 ||
          !parse_poly(m, cx_op_operand(d, 0), x, p, &a, depth + 1))
        return false;
      for (int i = 0; i < 4; i++) out->c[i] = a.c[i] / k;
      return true;
    default: return false;
  }
}

static bool parse_product(matcher_t* m, cx_value_t* v, const cx_value_t* x, product_t* p,
                          int depth) {
  if (v == x) {
    p->px++;
    return true;
  }
  double c;
  if (peel_splat(m, v, &c)) {
    p->c *= c;
    return true;
  }
  cx_op_t* d = v->def_op;
  if (!d || depth > 8 || !chain_op(m, d) || role_of(m, d) != CX_FUSION_MEMBER || !add_op(p, d))
    return false;
  switch (d->kind) {
    case CX_OP_MULTIPLY:
      return parse_product(m, cx_op_operand(d, 0), x, p, depth + 1) &&
             parse_product(m, cx_op_operand(d, 1), x, p, depth + 1);
    case CX_OP_DIVIDE:
      if (!peel_splat(m, cx_op_operand(d, 1), &c) || c == 0) return false;
      p->c /= c;
      return parse_product(m, cx_op_operand(d, 0), x, p, depth + 1);
    case CX_OP_ADD: {
      // 1 + erf(x * k) or 1 + tanh(k1 x + k3 x^3), either way round.
      for (int side = 0; side < 2; side++) {
        double one;
        cx_value_t* e = cx_op_operand(d, 1 - side);
        cx_op_t* erf = e->def_op;
        if (!peel_splat(m, cx_op_operand(d, side), &one) || one != 1.0) continue;
        if (!erf || (erf->kind != CX_OP_CHLO_ERF && erf->kind != CX_OP_TANH) ||
            !chain_op(m, erf) || role_of(m, erf) != CX_FUSION_MEMBER || !add_op(p, erf) ||
            p->pe != 0)
          return false;
        if (erf->kind == CX_OP_TANH) {
          poly_t q;
          if (!parse_poly(m, cx_op_operand(erf, 0), x, p, &q, depth + 1) || q.c[0] != 0 ||
              q.c[2] != 0)
            return false;
          p->tanh = true;
          p->k = q.c[1];
          p->k3 = q.c[3];
          p->pe++;
          return true;
        }
        product_t q = {.c = 1.0};
        memcpy(q.ops, p->ops, sizeof q.ops);
        q.num_ops = p->num_ops;
        if (!parse_product(m, cx_op_operand(erf, 0), x, &q, depth + 1) || q.px != 1 || q.pe != 0)
          return false;
        memcpy(p->ops, q.ops, sizeof q.ops);
        p->num_ops = q.num_ops;
        p->k = q.c;
        p->pe++;
        return true;
      }
      return false;
    }
    default: return false;
  }
}

static bool near(double a, double b) { return fabs(a - b) <= 1e-6 * fabs(b); }

// x's whole forward cone up to the op that is x * 0.5 * (1 + erf(x/sqrt 2))
// or x * 0.5 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), with no value but
// that op's used outside it.
static cx_op_t* match_gelu(matcher_t* m, cx_value_t* x, bool* out_tanh) {
  cx_op_t* cone[kMaxGeluOps];
  uint32_t n = 0;
  for (uint32_t i = 0; i <= n && i < kMaxGeluOps; i++) {
    const cx_value_t* v = i == 0 ? x : &cone[i - 1]->results[0];
    if (i > 0 && cone[i - 1]->num_results != 1) continue;
    for (const cx_operand_t* u = v->first_use; u; u = u->next_use) {
      cx_op_t* op = u->owner;
      bool seen = false;
      for (uint32_t j = 0; j < n; j++) seen |= cone[j] == op;
      if (seen) continue;
      if (op->kind != CX_OP_MULTIPLY && op->kind != CX_OP_DIVIDE && op->kind != CX_OP_ADD &&
          op->kind != CX_OP_SUBTRACT && op->kind != CX_OP_CHLO_ERF && op->kind != CX_OP_TANH)
        continue;
      if (n == kMaxGeluOps) return NULL;
      cone[n++] = op;
    }
  }
  for (uint32_t i = n; i > 0; i--) {
    cx_op_t* e = cone[i - 1];
    if (e->kind != CX_OP_MULTIPLY && e->kind != CX_OP_DIVIDE) continue;
    if (!chain_op(m, e) || e->results[0].type != x->type) continue;
    product_t p = {.c = 1.0};
    p.ops[p.num_ops++] = e;
    bool ok;
    if (e->kind == CX_OP_MULTIPLY) {
      ok = parse_product(m, cx_op_operand(e, 0), x, &p, 0) &&
           parse_product(m, cx_op_operand(e, 1), x, &p, 0);
    } else {
      double c;
      ok = peel_splat(m, cx_op_operand(e, 1), &c) && c != 0;
      if (ok) {
        p.c /= c;
        ok = parse_product(m, cx_op_operand(e, 0), x, &p, 0);
      }
    }
    // sqrt(2 / pi) and 0.044715 sqrt(2 / pi): the tanh form's constants.
    const double k1 = 0.79788456080286535588, k3 = 0.044715 * k1;
    if (!ok || p.px != 1 || p.pe != 1 || !near(p.c, 0.5)) continue;
    if (p.tanh ? !near(p.k, k1) || !near(p.k3, k3) : !near(p.k, 0.70710678118654752440)) continue;
    // Closed: x and every value but e's used only inside.
    bool closed = true;
    for (const cx_operand_t* u = x->first_use; u && closed; u = u->next_use) {
      bool in = false;
      for (uint32_t j = 0; j < p.num_ops; j++) in |= p.ops[j] == u->owner;
      closed = in;
    }
    for (uint32_t j = 1; j < p.num_ops && closed; j++) {
      for (const cx_operand_t* u = p.ops[j]->results[0].first_use; u && closed; u = u->next_use) {
        bool in = false;
        for (uint32_t k = 0; k < p.num_ops; k++) in |= p.ops[k] == u->owner;
        closed = in;
      }
    }
    if (closed) {
      *out_tanh = p.tanh;
      return e;
    }
  }
  return NULL;
}

// ---- chains -------------------------------------------------------------------------

static bool set_role(cx_fusion_plan_t* plan, const cx_op_t* op, cx_fusion_role_t r) {
  if (r != CX_FUSION_MEMBER) cx_ptrmap_remove(&plan->roots, op);  // a member no more
  return cx_ptrmap_put(&plan->roles, op, (void*)(uintptr_t)r);
}

static cx_status_t plan_dot(matcher_t* m, cx_op_t* dot) {
  cx_value_t* out = &dot->results[0];
  cx_epilogue_t ep;
  memset(&ep, 0, sizeof ep);
  ep.dot = dot;
  cx_value_t* x = out;
  // Where each dot dim steps through x's row-major layout.
  int64_t ostr[CX_MAX_RANK], good_ostr[CX_MAX_RANK];
  row_major(rank_of(out), dims_of(out), ostr);
  uint32_t good_steps = 0, good_to_root = 0;
  cx_op_t* good_end = NULL;
  // The chain's ops in order (good_ops of them up to good_end).
  enum { kMaxChainOps = 4 * CX_RT_EP_MAX_OPS };
  cx_op_t* ops[kMaxChainOps];
  uint32_t num_ops = 0, good_ops = 0;
  m->num_to_root = 0;
  while (ep.num_steps < CX_RT_EP_MAX_OPS && num_ops < kMaxChainOps) {
    cx_operand_t* u = x->first_use;
    if (!u) break;
    cx_op_t* op = u->owner;
    if (claimed(m, op)) break;
    if (!u->next_use && (op->kind == CX_OP_RESHAPE || op->kind == CX_OP_TRANSPOSE) &&
        op->num_results == 1 && f32_static(&op->results[0])) {
      // Reshapes keep the layout; a transpose moves the dot's dims.
      cx_fusion_role_t r = role_of(m, op);
      if ((r != CX_FUSION_MEMBER && r != CX_FUSION_ROOT && r != CX_FUSION_INLINED) ||
          in_row_fusion(m, op))
        break;
      if (op->kind == CX_OP_TRANSPOSE) {
        cx_value_t* t = &op->results[0];
        int64_t perm[CX_MAX_RANK], trm[CX_MAX_RANK], xs[CX_MAX_RANK], next[CX_MAX_RANK];
        uint32_t n;
        if (!cx_op_get_ints(m->ctx, op, CX_NAME_permutation, perm, CX_MAX_RANK, &n) ||
            n != rank_of(x))
          break;
        row_major(n, dims_of(t), trm);
        for (uint32_t j = 0; j < n; j++) xs[perm[j]] = trm[j];
        if (!via_x(x, xs, out, ostr, next)) break;
        memcpy(ostr, next, sizeof ostr);
      }
      x = &op->results[0];
      ops[num_ops++] = op;
      // A reshape or transpose that has a buffer may be where the GEMM
      // writes (the copy it would make disappears).
      if (r != CX_FUSION_INLINED) {
        good_ops = num_ops;
        good_steps = ep.num_steps;
        good_to_root = m->num_to_root;
        good_end = op;
        memcpy(good_ostr, ostr, sizeof ostr);
      }
      continue;
    }
    cx_ep_step_t* st = &ep.steps[ep.num_steps];
    if (!u->next_use && match_step(m, op, x, out, ostr, st)) {
      ep.num_steps++;
      x = &op->results[0];
    } else {
      bool tanh_form = false;
      cx_op_t* e = match_gelu(m, x, &tanh_form);
      if (!e || claimed(m, e)) break;
      memset(st, 0, sizeof *st);
      st->kind = tanh_form ? CX_RT_EP_GELU_TANH : CX_RT_EP_GELU_ERF;
      ep.num_steps++;
      op = e;
      x = &e->results[0];
    }
    ops[num_ops++] = op;
    good_ops = num_ops;
    good_steps = ep.num_steps;
    good_to_root = m->num_to_root;
    good_end = op;
    memcpy(good_ostr, ostr, sizeof ostr);
  }
  if (!good_end) return NULL;
  memcpy(ep.out_strides, good_ostr, sizeof good_ostr);
  cx_epilogue_t* keep = cx_alloc(m->plan->allocator, sizeof *keep);
  if (!keep) return CX_OOM();
  ep.num_steps = good_steps;
  ep.end = good_end;
  *keep = ep;
  keep->next = m->plan->epilogues;
  m->plan->epilogues = keep;
  bool ok = cx_ptrmap_put(&m->plan->epilogue_ends, good_end, keep);
  for (uint32_t i = 0; i < good_ops && ok; i++) ok = cx_ptrmap_put(&m->claimed, ops[i], ops[i]);
  for (uint32_t i = 0; i < good_to_root && ok; i++) {
    if (role_of(m, m->to_root[i]) == CX_FUSION_ROOT) continue;
    ok = set_role(m->plan, m->to_root[i], CX_FUSION_ROOT);
    m->plan->num_fusions++;
  }
  if (ok && role_of(m, good_end) != CX_FUSION_ROOT) {
    ok = set_role(m->plan, good_end, CX_FUSION_ROOT);
    m->plan->num_fusions++;
  }
  ok = ok && set_role(m->plan, dot, CX_FUSION_DEFERRED);
  return ok ? NULL : CX_OOM();
}

// ---- operand views ------------------------------------------------------------------

bool cx_operand_view(cx_context_t* ctx, const cx_value_t* v,
                     bool (*through)(void* arg, const cx_op_t* op), void* arg,
                     const cx_value_t** out_base, int64_t* out_strides) {
  const cx_op_t* d = v->def_op;
  if (!cx_type_is_tensor(v->type) || !cx_tensor_has_static_shape(v->type) ||
      rank_of(v) > CX_MAX_RANK)
    return false;
  if (!d || (d->kind != CX_OP_RESHAPE && d->kind != CX_OP_TRANSPOSE) || !through(arg, d)) {
    *out_base = v;
    row_major(rank_of(v), dims_of(v), out_strides);
    return true;
  }
  const cx_value_t* x = cx_op_operand(d, 0);
  int64_t xs[CX_MAX_RANK];
  if (!cx_type_is_tensor(x->type) || !cx_operand_view(ctx, x, through, arg, out_base, xs))
    return false;
  if (d->kind == CX_OP_RESHAPE)
    return reshape_strides(rank_of(x), dims_of(x), xs, rank_of(v), dims_of(v), out_strides);
  int64_t perm[CX_MAX_RANK];
  uint32_t n;
  if (!cx_op_get_ints(ctx, d, CX_NAME_permutation, perm, CX_MAX_RANK, &n) || n != rank_of(v))
    return false;
  for (uint32_t i = 0; i < n; i++) out_strides[i] = xs[perm[i]];
  return true;
}

// While planning: the candidate, views already planned, recomputed ones and
// the candidate's fusion members (reshapes and transposes computed with it:
// the walk goes through unary ops only, so it meets no other member).
typedef struct view_plan {
  matcher_t* m;
  const cx_op_t* candidate;
} view_plan_t;

static bool plan_through(void* arg, const cx_op_t* op) {
  view_plan_t* vp = arg;
  cx_fusion_role_t r = role_of(vp->m, op);
  return op == vp->candidate || r == CX_FUSION_VIEW || r == CX_FUSION_INLINED ||
         (r == CX_FUSION_MEMBER && !in_row_fusion(vp->m, op));
}

// Whether a convolution reading `v` (of strides `st`) as its input would
// lose more than a copy costs: its kernels gather im2col blocks element by
// element unless the features lie contiguous (an NCHW input of a 7x7
// convolution: 8.2 ms against 2.2 ms NHWC plus 0.1 ms for the copy); a 1x1
// convolution, one GEMM on the input as it lies, reads any layout well.
static bool conv_wants_copy(cx_context_t* ctx, const cx_op_t* conv, const cx_value_t* v,
                            const int64_t* st) {
  if (conv->kind != CX_OP_CONVOLUTION || cx_op_operand((cx_op_t*)conv, 0) != v) return false;
  const cx_attr_t* dn = cx_op_attr(conv, cx_name(ctx, CX_NAME_dimension_numbers));
  const cx_value_t* k = cx_op_operand((cx_op_t*)conv, 1);
  if (!dn || dn->kind != CX_ATTR_CONV || dn->conv.input_feature_dim < 0 ||
      dn->conv.input_feature_dim >= (int64_t)rank_of(v))
    return false;
  int64_t taps = 1;
  for (uint32_t i = 0; i < dn->conv.kernel_spatial_dims.len; i++) {
    int64_t d = dn->conv.kernel_spatial_dims.data[i];
    if (d >= 0 && d < (int64_t)rank_of(k)) taps *= dims_of(k)[d];
  }
  return taps > 1 && st[dn->conv.input_feature_dim] != 1;
}

// A reshape or transpose computed alone (its kernel reads a buffer) whose
// uses are all GEMM operands becomes a view they read through (unless a
// convolution would read it much slower than a copy).
static cx_status_t plan_view(matcher_t* m, cx_op_t* op) {
  if ((op->kind != CX_OP_RESHAPE && op->kind != CX_OP_TRANSPOSE) ||
      role_of(m, op) != CX_FUSION_ROOT || op->num_results != 1 || !op->results[0].first_use ||
      cx_fusion_epilogue(m->plan, op) || in_row_fusion(m, op))
    return NULL;
  for (const cx_operand_t* u = op->results[0].first_use; u; u = u->next_use) {
    const cx_op_t* user = u->owner;
    if (user->block != op->block ||
        (user->kind != CX_OP_DOT_GENERAL && user->kind != CX_OP_DOT &&
         user->kind != CX_OP_CONVOLUTION))
      return NULL;
    if (cx_op_operand(user, 0) != &op->results[0] && cx_op_operand(user, 1) != &op->results[0])
      return NULL;
    if (!cx_lower_dot_takes_gemm(m->ctx, user)) return NULL;
  }
  view_plan_t vp = {m, op};
  const cx_value_t* base;
  int64_t strides[CX_MAX_RANK];
  if (!cx_operand_view(m->ctx, &op->results[0], plan_through, &vp, &base, strides)) return NULL;
  for (const cx_operand_t* u = op->results[0].first_use; u; u = u->next_use)
    if (conv_wants_copy(m->ctx, u->owner, &op->results[0], strides)) return NULL;
  // The base must have a buffer: an argument or a value computed on its own.
  cx_fusion_role_t r = base->def_op ? role_of(m, base->def_op) : CX_FUSION_NONE;
  if (r != CX_FUSION_NONE && r != CX_FUSION_ROOT) return NULL;
  if (!set_role(m->plan, op, CX_FUSION_VIEW)) return CX_OOM();
  m->plan->num_fusions--;
  return NULL;
}

const cx_epilogue_t* cx_fusion_epilogue(const cx_fusion_plan_t* plan, const cx_op_t* op) {
  void* v;
  return cx_ptrmap_find(&plan->epilogue_ends, op, &v) ? v : NULL;
}

cx_status_t cx_epilogue_plan(cx_context_t* ctx, cx_block_t* block, cx_fusion_plan_t* plan) {
  matcher_t m;
  memset(&m, 0, sizeof m);
  m.ctx = ctx;
  m.plan = plan;
  cx_ptrmap_init(&m.claimed, cx_allocator_system());
  // Last dot first: a chain's computed operand turned into a root is then
  // never an op an earlier dot's chain has already claimed as its own (and
  // an earlier dot's chain may end there).
  cx_status_t s = NULL;
  for (cx_op_t* op = block->last_op; op && !s; op = op->prev) {
    if ((op->kind != CX_OP_DOT_GENERAL && op->kind != CX_OP_DOT &&
         op->kind != CX_OP_CONVOLUTION) ||
        op->num_results != 1 || !f32_static(&op->results[0]) ||
        !cx_lower_dot_takes_epilogue(ctx, op))
      continue;
    s = plan_dot(&m, op);
  }
  cx_ptrmap_free(&m.claimed);
  // Views after epilogues: a chain's end gets a buffer the views above it
  // can then read.
  for (cx_op_t* op = block->last_op; op && !s; op = op->prev) s = plan_view(&m, op);
  return s;
}

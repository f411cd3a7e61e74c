// Lowering dot products and convolutions: dot_general, dot, einsum,
// unary_einsum, convolution (lower_conv.c), dynamic_conv, chlo.ragged_dot.
//
// A contraction whose element types the GEMM microkernels take (f32, f64,
// bf16, f16 and i8 inputs; runtime/kernels/gemm.h) becomes a GEMM routine
// call (runtime/routine_gemm.h): its dimensions are grouped into batch, M,
// N and K axes, and each group is folded into one strided axis of the
// kernel's views when the operand's layout allows (transposes are strides,
// never copies). An operand whose group does not fold (e.g. a free dimension
// between two contracting ones) is first copied into the order the GEMM
// reads by a generated strided-copy kernel; a result that does not fold is
// computed into a scratch buffer and copied out the same way.
//
// Everything else (integers of every width, complex, f8, mixed operand
// types, dot algorithms with roundings of their own, empty contractions)
// becomes a generated loop kernel that computes each result element as the
// interpreter does (codegen/cg_dot_conv.h).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_dot_conv.h"
#include "compiler/epilogue.h"
#include "compiler/lower.h"
#include "compiler/lower_dense.h"
#include "runtime/routine_gemm.h"
#include "runtime/routines.h"

// ---- helpers ---------------------------------------------------------------------------

static bool static_tensor(const cx_value_t* v) {
  return cx_type_is_tensor(v->type) && cx_tensor_has_static_shape(v->type);
}

static const int64_t* dims_of(const cx_value_t* v) { return v->type->tensor.dims; }
static uint32_t rank_of(const cx_value_t* v) { return v->type->tensor.rank; }
static cx_elem_t elem_of(const cx_value_t* v) { return cx_tensor_elem(v->type); }

static void row_major_strides(uint32_t rank, const int64_t* dims, int64_t* out) {
  int64_t s = 1;
  for (uint32_t d = rank; d > 0; d--) {
    out[d - 1] = s;
    s *= dims[d - 1] ? dims[d - 1] : 1;
  }
}

static const char* short_name(const cx_op_t* op) {
  const char* dot = strchr(op->name, '.');
  return dot ? dot + 1 : op->name;
}

// The op as one generated loop kernel over its result (codegen computes
// each element; its tensor operands are the kernel's inputs).
cx_status_t cx_lower_loop_kernel(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  enum { kMaxInputs = 8 };
  cx_value_t* inputs[kMaxInputs];
  uint32_t bind[kMaxInputs + 1];
  uint32_t n = 0;
  if (op->num_operands > kMaxInputs || op->num_results != 1)
    return cx_lower_op_error(op, CX_INTERNAL, "has an unexpected number of operands or results");
  for (uint32_t i = 0; i < op->num_operands; i++) {
    cx_value_t* v = cx_op_operand(op, i);
    bool seen = false;
    for (uint32_t j = 0; j < n; j++) seen |= inputs[j] == v;
    if (seen || !cx_type_is_tensor(v->type)) continue;
    CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, v, &bind[n]));
    inputs[n++] = v;
  }
  cx_value_t* root = cx_op_result(op, 0);
  CX_RETURN_IF_ERROR(cx_lower_define(lw, root, &bind[n]));
  if (!cx_lower_nbytes(root->type)) return NULL;  // an empty result: nothing to compute
  char name[64];
  snprintf(name, sizeof name, "k%u_%s", lw->num_kernels++, short_name(op));
  cx_cg_fusion_t f = {name, 1, &op, 1, &root, n, inputs};
  cx_cg_kernel_info_t info;
  CX_RETURN_IF_ERROR(cx_cg_emit_fusion(lw->cg, &f, &info));
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_KERNEL;
  cx_lower_where(lw, op, &st);
  st.kernel.kernel = info.index;
  st.kernel.work_items = info.work_items;
  st.kernel.grain = info.grain;
  cx_xb_step(&lw->xb, program, &st, bind, n + 1);
  return NULL;
}

// A strided-copy kernel step: `to` (dense, dims) from `from` read through
// src_strides.
static cx_status_t emit_copy(cx_lower_t* lw, uint32_t program, const cx_op_t* op, cx_elem_t elem,
                             uint32_t rank, const int64_t* dims, const int64_t* src_strides,
                             uint32_t from, uint32_t to) {
  char name[64];
  snprintf(name, sizeof name, "k%u_%s_copy", lw->num_kernels++, short_name(op));
  cx_cg_kernel_info_t info;
  CX_RETURN_IF_ERROR(cx_cg_emit_strided_copy(lw->cg, name, elem, rank, dims, src_strides, 0, &info));
  if (!info.work_items) return NULL;
  cx_rt_step_t st = {0};
  st.kind = CX_RT_STEP_KERNEL;
  cx_lower_where(lw, op, &st);
  st.kernel.kernel = info.index;
  st.kernel.work_items = info.work_items;
  st.kernel.grain = info.grain;
  uint32_t b[2] = {from, to};
  cx_xb_step(&lw->xb, program, &st, b, 2);
  return NULL;
}

// ---- contractions as GEMMs -----------------------------------------------------------

typedef enum axis_role { AX_BATCH, AX_M, AX_N, AX_K, AX_ROLES } axis_role_t;

// One dimension of a contraction: its size and its stride (in elements) in
// each operand and in the result (0 where it does not occur).
typedef struct axis {
  axis_role_t role;
  int64_t size;
  // lhs, rhs, result, then the epilogue's tensors (T_EP + its step)
  int64_t stride[3 + CX_RT_EP_MAX_OPS];
  int dim[3];         // its dimension in each (-1: none)
} axis_t;

enum { T_LHS, T_RHS, T_OUT, T_EP };

typedef struct contraction {
  uint32_t n;
  axis_t ax[3 * CX_MAX_RANK];
  const cx_value_t* v[3];  // lhs, rhs, result
  // The values whose buffers the GEMM reads for lhs and rhs (NULL: v):
  // what v is a view of (epilogue.h), with the axes' strides in them.
  const cx_value_t* src[2];
} contraction_t;

// The GEMM element types for (lhs, rhs) -> result, if the kernels have them.
bool cx_lower_dense_types(cx_elem_t l, cx_elem_t r, cx_elem_t o, cx_rt_dtype_t* in,
                          cx_rt_dtype_t* out) {
  if (l != r) return false;
  switch (o) {
    case CX_ELEM_F32: *out = CX_RT_F32; break;
    case CX_ELEM_F64: *out = CX_RT_F64; break;
    case CX_ELEM_BF16: *out = CX_RT_BF16; break;
    case CX_ELEM_F16: *out = CX_RT_F16; break;
    case CX_ELEM_SI32: *out = CX_RT_I32; break;
    default: return false;
  }
  switch (l) {
    case CX_ELEM_F32:
      *in = CX_RT_F32;
      return o == CX_ELEM_F32 || o == CX_ELEM_BF16 || o == CX_ELEM_F16;
    case CX_ELEM_F64: *in = CX_RT_F64; return o == CX_ELEM_F64;
    case CX_ELEM_BF16: *in = CX_RT_BF16; return o == CX_ELEM_F32 || o == CX_ELEM_BF16;
    case CX_ELEM_F16: *in = CX_RT_F16; return o == CX_ELEM_F32 || o == CX_ELEM_F16;
    case CX_ELEM_SI8: *in = CX_RT_I8; return o == CX_ELEM_SI32 || o == CX_ELEM_F32;
    default: return false;
  }
}

// Rounding `e`'s values to `p` changes none of them.
static bool rounding_is_exact(cx_elem_t e, cx_elem_t p) {
  if (p == e || p == CX_ELEM_F64) return true;
  return p == CX_ELEM_F32 && (e == CX_ELEM_BF16 || e == CX_ELEM_F16);
}

// A dot algorithm whose roundings are those the GEMM makes anyway (f32
// sums for results of f32 or narrower, f64 for f64).
static bool algorithm_is_default(const cx_dot_algorithm_t* a, cx_elem_t l, cx_elem_t r,
                                 cx_elem_t o) {
  if (!a || cx_elem_is_integer(o)) return true;
  if (a->lhs_precision_type && !rounding_is_exact(l, cx_type_elem(a->lhs_precision_type)))
    return false;
  if (a->rhs_precision_type && !rounding_is_exact(r, cx_type_elem(a->rhs_precision_type)))
    return false;
  if (a->accumulation_type) {
    cx_elem_t acc = cx_type_elem(a->accumulation_type);
    if (acc != (o == CX_ELEM_F64 ? CX_ELEM_F64 : CX_ELEM_F32)) return false;
  }
  return true;
}

// Folds a group of axes (in order, outermost first) into one axis of
// operand t: its size and stride. False if the layout does not allow it.
static bool fold(const axis_t* const* g, uint32_t n, int t, int64_t* size, int64_t* stride) {
  int64_t sz = 1, st = 0, inner_stride = 0, inner_size = 1;
  bool any = false;
  for (uint32_t i = n; i > 0; i--) {  // innermost first
    const axis_t* a = g[i - 1];
    sz *= a->size;
    if (a->size == 1) continue;
    if (!any) {
      st = a->stride[t];
      any = true;
    } else if (a->stride[t] != inner_stride * inner_size) {
      return false;
    }
    inner_stride = a->stride[t];
    inner_size = a->size;
  }
  *size = sz;
  *stride = any ? st : 0;
  return true;
}

static int cmp_desc(int64_t a, int64_t b) { return a > b ? -1 : a < b ? 1 : 0; }

// Orders a group by the stride in operand t, largest first (stable).
static void sort_group(const axis_t** g, uint32_t n, int t) {
  for (uint32_t i = 1; i < n; i++)
    for (uint32_t j = i; j > 0 && cmp_desc(g[j]->stride[t], g[j - 1]->stride[t]) < 0; j--) {
      const axis_t* x = g[j];
      g[j] = g[j - 1];
      g[j - 1] = x;
    }
}

// Whether each of the first `nt` tensors folds every group into one axis.
static bool all_fold(const axis_t* groups[AX_ROLES][3 * CX_MAX_RANK], const uint32_t* count,
                     int nt) {
  for (int t = 0; t < nt; t++)
    for (int r = 0; r < AX_ROLES; r++) {
      int64_t sz, st;
      if (!fold(groups[r], count[r], t, &sz, &st)) return false;
    }
  return true;
}

// The GEMM routine's outer batch (routine_gemm.h): its size (1: none) and
// each tensor's stride along it.
typedef struct outer_batch {
  int64_t size;
  int64_t stride[3 + CX_RT_EP_MAX_OPS];
} outer_batch_t;

// A batch, M or N group that some tensor cannot fold (attention's (batch,
// head) batch when the heads lie inside each token's row; (batch, token)
// rows read through a transpose) is split into outer axes, which become
// the routine's outer batch, and the rest, when then every tensor folds
// every group. The groups lose the outer axes. Not for tiny GEMMs, where a
// copy costs less than a routine call per outer index.
static bool split_outer(const axis_t* groups[AX_ROLES][3 * CX_MAX_RANK], uint32_t* count, int nt,
                        outer_batch_t* out) {
  enum { kMaxOuter = 4096, kMinInnerMacs = 32768 };
  int64_t total = 1;
  for (int r = 0; r < AX_ROLES; r++)
    for (uint32_t i = 0; i < count[r]; i++) total *= groups[r][i]->size;
  for (int r = AX_BATCH; r <= AX_N; r++) {
    for (uint32_t s = 1; s < count[r]; s++) {
      int64_t size = 1;
      for (uint32_t i = 0; i < s; i++) size *= groups[r][i]->size;
      if (size > kMaxOuter || size <= 1 || total / size < kMinInnerMacs) continue;
      bool ok = true;
      for (int t = 0; t < nt && ok; t++) ok = fold(groups[r], s, t, &size, &out->stride[t]);
      if (!ok) continue;
      const axis_t* kept[AX_ROLES][3 * CX_MAX_RANK];
      uint32_t kc[AX_ROLES];
      memcpy(kept, groups, sizeof kept);
      memcpy(kc, count, sizeof kc);
      memmove(kept[r], kept[r] + s, (kc[r] - s) * sizeof(kept[r][0]));
      kc[r] -= s;
      if (!all_fold(kept, kc, nt)) continue;
      memcpy(groups, kept, sizeof kept);
      memcpy(count, kc, sizeof kc);
      out->size = size;
      return true;
    }
  }
  return false;
}

// The epilogue's ops as the GEMM record's: tensor operands folded along the
// result's (B, M, N) groups and bound after A, B and C. False (nothing
// emitted) if one does not fold.
static bool epilogue_params(cx_lower_t* lw, const cx_op_t* op, const cx_epilogue_t* ep,
                            const axis_t* groups[AX_ROLES][3 * CX_MAX_RANK],
                            const uint32_t* count, cx_rt_gemm_params_t* p, uint32_t* bind,
                            uint32_t* num_bind, cx_status_t* out_status) {
  static const int out_roles[3] = {AX_BATCH, AX_M, AX_N};
  int64_t st3[CX_RT_EP_MAX_OPS][3] = {{0}};
  *out_status = NULL;
  for (uint32_t i = 0; i < ep->num_steps; i++) {
    if (!ep->steps[i].operand) continue;  // no tensor, or a splat (zero strides)
    for (int j = 0; j < 3; j++) {
      int64_t sz;
      if (!fold(groups[out_roles[j]], count[out_roles[j]], T_EP + (int)i, &sz, &st3[i][j]))
        return false;
    }
  }
  for (uint32_t i = 0; i < ep->num_steps && !*out_status; i++) {
    const cx_ep_step_t* st = &ep->steps[i];
    cx_rt_gemm_ep_param_t* e = &p->ep[i];
    e->kind = (int32_t)st->kind;
    e->a = st->a;
    e->b = st->b;
    if (!cx_ep_has_operand(st->kind)) continue;
    e->type = CX_RT_F32;
    e->bs = st3[i][0];
    e->rs = st3[i][1];
    e->cs = st3[i][2];
    e->binding = (int32_t)(3 + *num_bind);
    if (st->operand) {
      *out_status = cx_lower_slot_of(lw, op, st->operand, &bind[*num_bind]);
    } else {
      float v = st->a;  // an added splat: one element read with zero strides
      bind[*num_bind] = cx_xb_constant(&lw->xb, &v, sizeof v, false, sizeof v);
    }
    (*num_bind)++;
  }
  p->num_ep = (int32_t)ep->num_steps;
  return true;
}

// Element types checked by the caller; the contraction has work to do
// (no empty axis). Emits the copies and the GEMM call. With an epilogue
// the GEMM writes the epilogue's last value; if the result or an epilogue
// tensor does not fold, *ep_done is false and nothing is emitted.
static cx_status_t lower_gemm(cx_lower_t* lw, uint32_t program, const cx_op_t* op,
                              const contraction_t* c, cx_rt_dtype_t in_type,
                              cx_rt_dtype_t out_type, const cx_epilogue_t* ep, bool* ep_done) {
  const axis_t* groups[AX_ROLES][3 * CX_MAX_RANK];
  uint32_t count[AX_ROLES] = {0};
  for (uint32_t i = 0; i < c->n; i++) groups[c->ax[i].role][count[c->ax[i].role]++] = &c->ax[i];
  // Batch, M and N axes in the result's order; K axes in an order both
  // operands fold in if there is one (the sum's order does not matter).
  for (int r = AX_BATCH; r <= AX_N; r++) sort_group(groups[r], count[r], T_OUT);
  sort_group(groups[AX_K], count[AX_K], T_LHS);
  int64_t sz, st;
  if (!fold(groups[AX_K], count[AX_K], T_RHS, &sz, &st)) {
    const axis_t* by_rhs[3 * CX_MAX_RANK];
    memcpy(by_rhs, groups[AX_K], count[AX_K] * sizeof(by_rhs[0]));
    sort_group(by_rhs, count[AX_K], T_RHS);
    if (fold(by_rhs, count[AX_K], T_LHS, &sz, &st))
      memcpy(groups[AX_K], by_rhs, count[AX_K] * sizeof(by_rhs[0]));
  }
  // Which tensors fold: lhs in (B, M, K), rhs in (B, K, N), out in (B, M, N).
  static const int roles_of[3][3] = {{AX_BATCH, AX_M, AX_K}, {AX_BATCH, AX_K, AX_N},
                                     {AX_BATCH, AX_M, AX_N}};
  int64_t size[3][3], stride[3][3];
  bool folds[3];
  outer_batch_t outer = {1, {0}};
  int nt = 3 + (ep ? (int)ep->num_steps : 0);
  if (!all_fold(groups, count, nt)) (void)split_outer(groups, count, nt, &outer);
  for (int t = 0; t < 3; t++) {
    folds[t] = true;
    for (int j = 0; j < 3; j++)
      folds[t] &= fold(groups[roles_of[t][j]], count[roles_of[t][j]], t, &size[t][j], &stride[t][j]);
  }
  cx_rt_gemm_params_t p;
  memset(&p, 0, sizeof(p));
  uint32_t ep_bind[CX_RT_EP_MAX_OPS], num_ep_bind = 0;
  if (ep) {
    *ep_done = false;
    if (!folds[T_OUT]) return NULL;
    cx_status_t s = NULL;
    if (!epilogue_params(lw, op, ep, groups, count, &p,
                         ep_bind, &num_ep_bind, &s))
      return NULL;
    CX_RETURN_IF_ERROR(s);
    *ep_done = true;
  }
  int64_t gsize[AX_ROLES];
  for (int r = 0; r < AX_ROLES; r++) {
    gsize[r] = 1;
    for (uint32_t i = 0; i < count[r]; i++) gsize[r] *= groups[r][i]->size;
  }
  uint32_t slot[3];
  for (int t = 0; t < 3; t++) {
    const cx_value_t* v = c->v[t];
    if (t == T_OUT && ep) CX_RETURN_IF_ERROR(cx_lower_define(lw, &ep->end->results[0], &slot[t]));
    else if (t == T_OUT) CX_RETURN_IF_ERROR(cx_lower_define(lw, v, &slot[t]));
    else CX_RETURN_IF_ERROR(cx_lower_slot_of(lw, op, c->src[t] ? c->src[t] : v, &slot[t]));
  }
  uint32_t gemm_slot[3] = {slot[0], slot[1], slot[2]};
  // Operands that do not fold are copied into (B, M, K) / (B, K, N) order:
  // the copy's dims are the group's axes in order, read through the
  // operand's strides.
  for (int t = 0; t < 3; t++) {
    if (folds[t]) continue;
    int64_t dims[3 * CX_MAX_RANK], src[3 * CX_MAX_RANK];
    uint32_t rank = 0;
    for (int j = 0; j < 3; j++)
      for (uint32_t i = 0; i < count[roles_of[t][j]]; i++) {
        const axis_t* a = groups[roles_of[t][j]][i];
        dims[rank] = a->size;
        src[rank++] = a->stride[t];
      }
    if (rank > CX_MAX_RANK)
      return cx_lower_op_error(op, CX_UNIMPLEMENTED, "needs a transpose of rank %u", rank);
    cx_elem_t e = elem_of(c->v[t]);
    uint64_t nbytes = cx_lower_nbytes(c->v[t]->type);
    gemm_slot[t] = cx_xb_scratch(&lw->xb, nbytes);
    if (t != T_OUT) {
      CX_RETURN_IF_ERROR(emit_copy(lw, program, op, e, rank, dims, src, slot[t], gemm_slot[t]));
    }
    int64_t dense = 1;
    for (int j = 2; j >= 0; j--) {
      size[t][j] = gsize[roles_of[t][j]];
      stride[t][j] = size[t][j] == 1 ? 0 : dense;
      dense *= size[t][j];
    }
  }
  p.a_type = p.b_type = (int32_t)in_type;
  p.c_type = (int32_t)out_type;
  p.batch = gsize[AX_BATCH];
  p.m = gsize[AX_M];
  p.n = gsize[AX_N];
  p.k = gsize[AX_K];
  p.a_bs = stride[T_LHS][0];
  p.a_rs = stride[T_LHS][1];
  p.a_cs = stride[T_LHS][2];
  p.b_bs = stride[T_RHS][0];
  p.b_rs = stride[T_RHS][1];
  p.b_cs = stride[T_RHS][2];
  p.c_bs = stride[T_OUT][0];
  p.c_rs = stride[T_OUT][1];
  p.c_cs = stride[T_OUT][2];
  p.outer = outer.size;
  p.a_os = outer.stride[T_LHS];
  p.b_os = outer.stride[T_RHS];
  p.c_os = outer.stride[T_OUT];
  for (uint32_t i = 0; ep && i < ep->num_steps; i++) p.ep_os[i] = outer.stride[T_EP + i];
  // A constant B is packed once, by the first call, and kept with the
  // executable. Only where a call would pack it too: with few rows the
  // kernels read B in place (gemm.c: the skinny and direct-B paths, up to
  // 96 rows), and packing would change their order of summation; a
  // column-major C is computed transposed, with A in B's place.
  if (p.m > 96 && p.c_cs == 1 && p.b_os == 0 && gemm_slot[T_RHS] < lw->xb.slots.len &&
      lw->xb.slots.data[gemm_slot[T_RHS]].kind == CX_RT_SLOT_CONST)
    p.b_cache = (int32_t)cx_xb_cache(&lw->xb) + 1;
  cx_rt_step_t st_call = {0};
  st_call.kind = CX_RT_STEP_CALL;
  cx_lower_where(lw, op, &st_call);
  if (ep) cx_lower_epilogue_ops(lw, ep, &st_call);
  st_call.call.routine = CX_RT_ROUTINE_GEMM;
  st_call.call.params = cx_xb_params(&lw->xb, &p, sizeof(p));
  st_call.call.params_size = sizeof(p);
  uint32_t bind[3 + CX_RT_EP_MAX_OPS] = {gemm_slot[0], gemm_slot[1], gemm_slot[2]};
  memcpy(bind + 3, ep_bind, num_ep_bind * sizeof(uint32_t));
  cx_xb_step(&lw->xb, program, &st_call, bind, 3 + num_ep_bind);
  if (!folds[T_OUT]) {
    // The result in (B, M, N) order -> its own layout: element idx of the
    // result reads the scratch at its axes' dense (B, M, N) strides.
    const cx_value_t* out = c->v[T_OUT];
    int64_t src[CX_MAX_RANK] = {0};
    int64_t dense = 1;
    for (int j = 2; j >= 0; j--)
      for (uint32_t i = count[roles_of[T_OUT][j]]; i > 0; i--) {
        const axis_t* a = groups[roles_of[T_OUT][j]][i - 1];
        if (a->dim[T_OUT] >= 0) src[a->dim[T_OUT]] = dense;
        dense *= a->size;
      }
    CX_RETURN_IF_ERROR(emit_copy(lw, program, op, elem_of(out), rank_of(out), dims_of(out), src,
                                 gemm_slot[T_OUT], slot[T_OUT]));
  }
  return NULL;
}

// True if the contraction has no work for a GEMM (an empty axis): the loop
// kernel handles it (zeros for an empty K).
static bool contraction_empty(const contraction_t* c) {
  for (uint32_t i = 0; i < c->n; i++)
    if (c->ax[i].size == 0) return true;
  return false;
}

static void add_axis(contraction_t* c, axis_role_t role, int64_t size, int ld, int rd, int od,
                     const int64_t strides[3][CX_MAX_RANK]) {
  axis_t* a = &c->ax[c->n++];
  a->role = role;
  a->size = size;
  a->dim[T_LHS] = ld;
  a->dim[T_RHS] = rd;
  a->dim[T_OUT] = od;
  for (int t = 0; t < 3; t++) a->stride[t] = a->dim[t] >= 0 ? strides[t][a->dim[t]] : 0;
  for (int t = 3; t < 3 + CX_RT_EP_MAX_OPS; t++) a->stride[t] = 0;
}

// ---- dot_general / dot ---------------------------------------------------------------------

// The dot as a contraction for a GEMM of the returned types; false if the
// GEMM does not take it (a loop kernel does).
static bool dot_contraction(const cx_op_t* op, const cx_dot_spec_t* s, contraction_t* c,
                            cx_rt_dtype_t* in_type, cx_rt_dtype_t* out_type) {
  cx_value_t* lhs = cx_op_operand(op, 0);
  cx_value_t* rhs = cx_op_operand(op, 1);
  cx_value_t* out = cx_op_result((cx_op_t*)op, 0);
  if (!cx_lower_dense_types(elem_of(lhs), elem_of(rhs), elem_of(out), in_type, out_type) ||
      !algorithm_is_default(s->algorithm, elem_of(lhs), elem_of(rhs), elem_of(out)))
    return false;
  memset(c, 0, sizeof(*c));
  c->v[T_LHS] = lhs;
  c->v[T_RHS] = rhs;
  c->v[T_OUT] = out;
  int64_t strides[3][CX_MAX_RANK];
  for (int t = 0; t < 3; t++) row_major_strides(rank_of(c->v[t]), dims_of(c->v[t]), strides[t]);
  const int64_t* ld = dims_of(lhs);
  const int64_t* rd = dims_of(rhs);
  for (uint32_t i = 0; i < s->nb; i++)
    add_axis(c, AX_BATCH, ld[s->lb[i]], (int)s->lb[i], (int)s->rb[i], (int)i, strides);
  for (uint32_t i = 0; i < s->nlf; i++)
    add_axis(c, AX_M, ld[s->lf[i]], (int)s->lf[i], -1, (int)(s->nb + i), strides);
  for (uint32_t i = 0; i < s->nrf; i++)
    add_axis(c, AX_N, rd[s->rf[i]], -1, (int)s->rf[i], (int)(s->nb + s->nlf + i), strides);
  for (uint32_t i = 0; i < s->nc; i++)
    add_axis(c, AX_K, ld[s->lc[i]], (int)s->lc[i], (int)s->rc[i], -1, strides);
  return !contraction_empty(c);
}

static bool statically_gemm(cx_context_t* ctx, const cx_op_t* op, cx_dot_spec_t* s) {
  if (op->kind != CX_OP_DOT_GENERAL && op->kind != CX_OP_DOT) return false;
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (!static_tensor(cx_op_operand(op, i)) || cx_tensor_is_quantized(cx_op_operand(op, i)->type))
      return false;
  if (op->num_results != 1 || !static_tensor(cx_op_result((cx_op_t*)op, 0)) ||
      cx_tensor_is_quantized(cx_op_result((cx_op_t*)op, 0)->type))
    return false;
  return cx_dot_spec_read(ctx, op, s);
}

bool cx_lower_dot_takes_gemm(cx_context_t* ctx, const cx_op_t* op) {
  if (op->kind == CX_OP_CONVOLUTION) return cx_lower_conv_takes_routine(ctx, op);
  cx_dot_spec_t s;
  contraction_t c;
  cx_rt_dtype_t in_type, out_type;
  return statically_gemm(ctx, op, &s) && dot_contraction(op, &s, &c, &in_type, &out_type);
}

// An operand without a buffer of its own is a view (epilogue.h).
static bool has_no_buffer(void* lw, const cx_op_t* op) {
  return !cx_lower_has_slot(lw, &op->results[0]);
}

// Reads lhs and rhs through the views they are.
static void read_through_views(cx_lower_t* lw, contraction_t* c) {
  for (int t = T_LHS; t <= T_RHS; t++) {
    const cx_value_t* base;
    int64_t st[CX_MAX_RANK];
    if (!cx_operand_view(lw->ctx, c->v[t], has_no_buffer, lw, &base, st) || base == c->v[t])
      continue;
    c->src[t] = base;
    for (uint32_t i = 0; i < c->n; i++)
      if (c->ax[i].dim[t] >= 0) c->ax[i].stride[t] = st[c->ax[i].dim[t]];
  }
}

bool cx_lower_dot_takes_epilogue(cx_context_t* ctx, const cx_op_t* op) {
  if (op->kind == CX_OP_CONVOLUTION) return cx_lower_conv_takes_epilogue(ctx, op);
  cx_dot_spec_t s;
  contraction_t c;
  cx_rt_dtype_t in_type, out_type;
  return statically_gemm(ctx, op, &s) && dot_contraction(op, &s, &c, &in_type, &out_type) &&
         out_type == CX_RT_F32;
}

cx_status_t cx_lower_gemm_epilogue(struct cx_lower* lw, uint32_t program, const cx_epilogue_t* ep,
                                   bool* out_done) {
  *out_done = false;
  if (ep->dot->kind == CX_OP_CONVOLUTION) return cx_lower_conv_epilogue(lw, program, ep, out_done);
  cx_dot_spec_t s;
  contraction_t c;
  cx_rt_dtype_t in_type, out_type;
  if (!statically_gemm(lw->ctx, ep->dot, &s) ||
      !dot_contraction(ep->dot, &s, &c, &in_type, &out_type) || out_type != CX_RT_F32)
    return NULL;
  read_through_views(lw, &c);
  // The epilogue tensors' strides along the result's dims.
  for (uint32_t i = 0; i < c.n; i++) {
    axis_t* a = &c.ax[i];
    if (a->dim[T_OUT] < 0) continue;
    a->stride[T_OUT] = ep->out_strides[a->dim[T_OUT]];
    for (uint32_t j = 0; j < ep->num_steps; j++)
      a->stride[T_EP + j] = ep->steps[j].operand ? ep->steps[j].strides[a->dim[T_OUT]] : 0;
  }
  return lower_gemm(lw, program, ep->dot, &c, in_type, out_type, ep, out_done);
}

static cx_status_t lower_dot(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  cx_dot_spec_t s;
  if (!cx_dot_spec_read(lw->ctx, op, &s))
    return cx_lower_op_error(op, CX_INVALID_ARGUMENT, "has malformed dimension numbers");
  contraction_t c;
  cx_rt_dtype_t in_type, out_type;
  if (!dot_contraction(op, &s, &c, &in_type, &out_type))
    return cx_lower_loop_kernel(lw, program, op);
  read_through_views(lw, &c);
  return lower_gemm(lw, program, op, &c, in_type, out_type, NULL, NULL);
}

// ---- einsum ------------------------------------------------------------------------------
//
// A two-operand einsum without diagonals, broadcasts or labels summed in one
// operand only is a contraction: labels in both operands and the output are
// batch axes, in one operand and the output free axes, in both operands only
// contracting axes. Others (and unary_einsum) are loop kernels.

static bool einsum_labels(const char* s, size_t len, int* labels, uint32_t* n) {
  *n = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = s[i];
    if (ch == ' ') continue;
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) return false;  // '...'
    if (*n == CX_MAX_RANK) return false;
    for (uint32_t j = 0; j < *n; j++)
      if (labels[j] == ch) return false;  // a diagonal
    labels[(*n)++] = ch;
  }
  return true;
}

static int find_label(const int* labels, uint32_t n, int l) {
  for (uint32_t i = 0; i < n; i++)
    if (labels[i] == l) return (int)i;
  return -1;
}

static cx_status_t lower_einsum(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  if (op->kind != CX_OP_EINSUM) return cx_lower_loop_kernel(lw, program, op);
  cx_value_t* lhs = cx_op_operand(op, 0);
  cx_value_t* rhs = cx_op_operand(op, 1);
  cx_value_t* out = cx_op_result(op, 0);
  cx_rt_dtype_t in_type, out_type;
  if (!cx_lower_dense_types(elem_of(lhs), elem_of(rhs), elem_of(out), &in_type, &out_type))
    return cx_lower_loop_kernel(lw, program, op);
  const cx_attr_t* cfg = cx_op_attr(op, cx_name(lw->ctx, CX_NAME_einsum_config));
  if (!cfg || cfg->kind != CX_ATTR_STRING) return cx_lower_loop_kernel(lw, program, op);
  const char* config = cfg->str.data;
  const char* arrow = strstr(config, "->");
  const char* comma = arrow ? memchr(config, ',', (size_t)(arrow - config)) : NULL;
  int lab[3][CX_MAX_RANK];
  uint32_t n[3];
  if (!comma || !einsum_labels(config, (size_t)(comma - config), lab[0], &n[0]) ||
      !einsum_labels(comma + 1, (size_t)(arrow - comma - 1), lab[1], &n[1]) ||
      !einsum_labels(arrow + 2, strlen(arrow + 2), lab[2], &n[2]) || n[0] != rank_of(lhs) ||
      n[1] != rank_of(rhs) || n[2] != rank_of(out))
    return cx_lower_loop_kernel(lw, program, op);
  contraction_t c;
  memset(&c, 0, sizeof(c));
  c.v[T_LHS] = lhs;
  c.v[T_RHS] = rhs;
  c.v[T_OUT] = out;
  int64_t strides[3][CX_MAX_RANK];
  for (int t = 0; t < 3; t++) row_major_strides(rank_of(c.v[t]), dims_of(c.v[t]), strides[t]);
  // Every label once, from whichever term has it first.
  for (int t = 0; t < 3; t++) {
    for (uint32_t i = 0; i < n[t]; i++) {
      int l = lab[t][i];
      int at[3] = {find_label(lab[0], n[0], l), find_label(lab[1], n[1], l),
                   find_label(lab[2], n[2], l)};
      bool first = true;
      for (int u = 0; u < t; u++) first &= at[u] < 0;
      if (!first) continue;
      int64_t size = -1;
      for (int u = 0; u < 3; u++) {
        if (at[u] < 0) continue;
        int64_t d = dims_of(c.v[u])[at[u]];
        if (size >= 0 && d != size) return cx_lower_loop_kernel(lw, program, op);  // broadcast
        size = d;
      }
      axis_role_t role;
      if (at[0] >= 0 && at[1] >= 0) role = at[2] >= 0 ? AX_BATCH : AX_K;
      else if (at[2] < 0) return cx_lower_loop_kernel(lw, program, op);  // summed in one operand
      else role = at[0] >= 0 ? AX_M : AX_N;
      add_axis(&c, role, size, at[0], at[1], at[2], strides);
    }
  }
  if (contraction_empty(&c)) return cx_lower_loop_kernel(lw, program, op);
  return lower_gemm(lw, program, op, &c, in_type, out_type, NULL, NULL);
}

// ---- dispatch --------------------------------------------------------------------------------

cx_status_t cx_lower_dot_conv_op(cx_lower_t* lw, uint32_t program, cx_op_t* op) {
  for (uint32_t i = 0; i < op->num_operands; i++)
    if (!static_tensor(cx_op_operand(op, i)))
      return cx_lower_op_error(op, CX_UNIMPLEMENTED, "has an operand without a static shape");
  if (op->num_results != 1 || !static_tensor(cx_op_result(op, 0)))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED, "has a result without a static shape");
  if (cx_tensor_is_quantized(cx_op_result(op, 0)->type) ||
      cx_tensor_is_quantized(cx_op_operand(op, 0)->type) ||
      (op->num_operands > 1 && cx_tensor_is_quantized(cx_op_operand(op, 1)->type)))
    return cx_lower_op_error(op, CX_UNIMPLEMENTED,
                             "on quantized types is not supported by the compiler yet");
  switch (op->kind) {
    case CX_OP_DOT_GENERAL:
    case CX_OP_DOT: return lower_dot(lw, program, op);
    case CX_OP_EINSUM:
    case CX_OP_UNARY_EINSUM: return lower_einsum(lw, program, op);
    case CX_OP_CONVOLUTION: return cx_lower_conv(lw, program, op);
    case CX_OP_DYNAMIC_CONV:
    case CX_OP_CHLO_RAGGED_DOT: return cx_lower_loop_kernel(lw, program, op);
    default: return cx_lower_op_error(op, CX_UNIMPLEMENTED, "is not supported by the compiler yet");
  }
}

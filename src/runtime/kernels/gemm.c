// The GEMM driver: validation, kernel choice, cache blocking (the five loops
// around the microkernel, after Goto and BLIS), the split across threads and
// the hand-off to the epilogue. See gemm.h for the interface.
#include "runtime/kernels/gemm.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cxla/allocator.h"
#include "runtime/kernels/gemm_plan.h"

static inline int64_t cx_ru(int64_t x, int64_t m) { return (x + m - 1) / m * m; }
static inline int64_t cx_cdiv(int64_t x, int64_t m) { return (x + m - 1) / m; }
static inline int64_t cx_min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t cx_max64(int64_t a, int64_t b) { return a > b ? a : b; }

const char* cx_rt_dtype_name(cx_rt_dtype_t t) {
  switch (t) {
    case CX_RT_F32: return "f32";
    case CX_RT_F64: return "f64";
    case CX_RT_BF16: return "bf16";
    case CX_RT_F16: return "f16";
    case CX_RT_I8: return "i8";
    case CX_RT_I32: return "i32";
  }
  return "?";
}

static bool cx_dtype_valid(cx_rt_dtype_t t) { return t >= CX_RT_F32 && t <= CX_RT_I32; }

static cx_status_t cx_check_epilogue(const cx_rt_epilogue_t* ep) {
  if (!ep) return NULL;
  if (ep->num_ops < 0 || ep->num_ops > CX_RT_EP_MAX_OPS)
    return CX_ERROR(CX_INVALID_ARGUMENT, "epilogue has %d ops (at most %d)", ep->num_ops,
                    CX_RT_EP_MAX_OPS);
  for (int i = 0; i < ep->num_ops; ++i) {
    const cx_rt_ep_op_t* op = &ep->ops[i];
    if (op->kind < CX_RT_EP_SCALE || op->kind > CX_RT_EP_SUB)
      return CX_ERROR(CX_INVALID_ARGUMENT, "epilogue op %d has unknown kind %d", i, (int)op->kind);
    if (cx_ep_has_operand(op->kind) &&
        (!op->data || !cx_dtype_valid(op->type)))
      return CX_ERROR(CX_INVALID_ARGUMENT, "epilogue op %d needs an operand", i);
  }
  return NULL;
}

// Which packed family a type combination runs in, before ISA fallbacks.
static cx_status_t cx_pick_family(const cx_rt_gemm_t* g, bool ident, cx_gemm_family_t* out) {
  cx_rt_dtype_t a = g->a.type, b = g->b.type, c = g->c.type;
  if (a != b)
    return CX_ERROR(CX_UNIMPLEMENTED, "gemm with mixed input types %s x %s", cx_rt_dtype_name(a),
                    cx_rt_dtype_name(b));
  switch (a) {
    case CX_RT_F32:
    case CX_RT_F16:
    case CX_RT_BF16:
      if (c != CX_RT_F32 && c != CX_RT_BF16 && c != CX_RT_F16) break;
      *out = a == CX_RT_BF16 ? CX_FAM_BF16 : CX_FAM_F32;
      return NULL;
    case CX_RT_F64:
      if (c != CX_RT_F64) break;
      *out = CX_FAM_F64;
      return NULL;
    case CX_RT_I8:
      if (c == CX_RT_I32 && !ident)
        return CX_ERROR(CX_UNIMPLEMENTED, "an i8 gemm with an epilogue needs an f32 output");
      if (c != CX_RT_I32 && c != CX_RT_F32) break;
      *out = CX_FAM_I8;
      return NULL;
    default:
      break;
  }
  return CX_ERROR(CX_UNIMPLEMENTED, "gemm %s x %s -> %s is not supported", cx_rt_dtype_name(a),
                  cx_rt_dtype_name(b), cx_rt_dtype_name(c));
}

static const cx_gemm_kernel_t* cx_pick_kernel(cx_rt_isa_t isa, cx_gemm_family_t fam,
                                              const cx_rt_cpu_features_t* cpu) {
  const cx_gemm_kernel_t* k = NULL;
  if (isa == CX_RT_ISA_AVX512) {
    k = cx_gemm_kernel_avx512(fam, cpu);
    if (!k && fam == CX_FAM_I8 && cpu->avx_vnni) k = cx_gemm_kernel_avx2(fam, cpu);
    if (!k && fam == CX_FAM_BF16) k = cx_gemm_kernel_avx512(CX_FAM_F32, cpu);
  } else if (isa == CX_RT_ISA_AVX2) {
    k = cx_gemm_kernel_avx2(fam, cpu);
    if (!k && fam == CX_FAM_BF16) k = cx_gemm_kernel_avx2(CX_FAM_F32, cpu);
  }
  if (!k) {
    if (fam == CX_FAM_BF16) fam = CX_FAM_F32;
    if (fam == CX_FAM_I8) fam = CX_FAM_I8_PLAIN;
    k = cx_gemm_kernel_portable(fam);
  }
  return k;
}

static void cx_transpose_view(cx_rt_view_t* v) {
  int64_t t = v->rs;
  v->rs = v->cs;
  v->cs = t;
}

static cx_status_t cx_gemm_plan_init_ex(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                        bool allow_transpose, bool b_packed, cx_gemm_plan_t* p) {
  memset(p, 0, sizeof(*p));
  if (g->batch < 0 || g->m < 0 || g->n < 0 || g->k < 0)
    return CX_ERROR(CX_INVALID_ARGUMENT, "gemm sizes must be >= 0 (batch %lld m %lld n %lld k %lld)",
                    (long long)g->batch, (long long)g->m, (long long)g->n, (long long)g->k);
  if (!cx_dtype_valid(g->a.type) || !cx_dtype_valid(g->b.type) || !cx_dtype_valid(g->c.type))
    return CX_ERROR(CX_INVALID_ARGUMENT, "gemm has an unknown element type");
  CX_RETURN_IF_ERROR(cx_check_epilogue(g->epilogue));
  bool ident = cx_ep_is_identity(g->epilogue);
  cx_gemm_family_t fam = CX_FAM_F32;
  CX_RETURN_IF_ERROR(cx_pick_family(g, ident, &fam));
  bool empty = g->batch == 0 || g->m == 0 || g->n == 0;
  if (!empty && (!g->c.data || (g->k > 0 && (!g->a.data || (!b_packed && !g->b.data)))))
    return CX_ERROR(CX_INVALID_ARGUMENT, "gemm operand data is NULL");
  p->g = *g;
  if (g->epilogue) {
    p->ep = *g->epilogue;
    p->ep_ptr = &p->ep;
  }
  // Everything downstream (the skinny path included) must see the copy,
  // which is transposed along with C below.
  p->g.epilogue = p->ep_ptr;
  // A column-major C is computed as C^T = B^T A^T so the microkernel always
  // stores contiguous rows.
  if (allow_transpose && p->g.c.cs != 1 && (p->g.c.rs == 1 || p->g.m == 1)) {
    cx_rt_gemm_t* q = &p->g;
    cx_rt_view_t a = q->a, b = q->b;
    q->a = b;
    q->b = a;
    cx_transpose_view(&q->a);
    cx_transpose_view(&q->b);
    cx_transpose_view(&q->c);
    int64_t t = q->m;
    q->m = q->n;
    q->n = t;
    if (q->m == 1) q->c.rs = 0;  // a single row: its stride is never used
    for (int i = 0; i < p->ep.num_ops; ++i) {
      int64_t s = p->ep.ops[i].rs;
      p->ep.ops[i].rs = p->ep.ops[i].cs;
      p->ep.ops[i].cs = s;
    }
    if (q->n == 1) q->c.cs = 1;
  }
  if (p->g.n == 1 && allow_transpose) p->g.c.cs = 1;  // one column: any stride is unit
  p->isa = cx_rt_kernel_ctx_isa(ctx);
  p->kern = cx_pick_kernel(p->isa, fam, cx_rt_kernel_ctx_features(ctx));
  cx_rt_dtype_t acc = cx_gemm_acc_type(p->kern->family);
  p->direct = p->g.c.type == acc && p->g.c.cs == 1 && (acc != CX_RT_I32 || ident);
  // Small m: B's elements are used by few rows, so reading B in place beats
  // packing it (the skinny path: GEMV-like decoder shapes, late conv layers).
  p->b_direct = p->isa == CX_RT_ISA_AVX512 && p->kern->family == CX_FAM_F32 && p->kern->mr == 12 &&
                p->g.b.type == CX_RT_F32 && p->g.b.cs == 1 && p->g.m <= 96;
  int64_t K = p->g.k;
  p->passes = K == 0 ? 1 : cx_cdiv(K, p->kern->kc);
  p->kc_step = K == 0 ? 0 : cx_ru(cx_cdiv(K, p->passes), p->kern->kgroup);
  return NULL;
}

cx_status_t cx_gemm_plan_init(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                              cx_gemm_plan_t* p) {
  return cx_gemm_plan_init_ex(ctx, g, true, false, p);
}

cx_status_t cx_gemm_plan_init_fixed(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                    cx_gemm_plan_t* p) {
  return cx_gemm_plan_init_ex(ctx, g, false, false, p);
}

cx_status_t cx_gemm_plan_reserve(const cx_gemm_plan_t* p, cx_rt_kernel_ctx_t* ctx, int threads,
                                 int64_t max_rows, int64_t max_cols) {
  const cx_gemm_kernel_t* k = p->kern;
  int64_t mc = cx_min64(k->mc, cx_ru(max_rows, k->mr));
  int64_t nc = cx_min64(k->nc, cx_ru(max_cols, k->nr));
  size_t a = (size_t)cx_cdiv(mc, k->mr) * cx_gemm_panel_bytes(k, true, p->kc_step);
  size_t b = (size_t)cx_cdiv(nc, k->nr) * cx_gemm_panel_bytes(k, false, p->kc_step);
  CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, threads, 0, a + 64));
  CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, threads, 1, b + 64));
  if (!p->direct && p->passes > 1) {
    size_t w = (size_t)cx_ru(max_rows, k->mr) * (size_t)nc * 8;
    CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, threads, 2, w));
  }
  return NULL;
}

// Stores (or adds) a partial tile of accumulators.
static void cx_tile_merge(cx_rt_dtype_t acc, char* dst, int64_t ld, const char* tile, int ldt,
                          int rows, int cols, bool add) {
  for (int r = 0; r < rows; ++r) {
    switch (acc) {
      case CX_RT_F64: {
        double* d = (double*)dst + r * ld;
        const double* s = (const double*)tile + r * ldt;
        for (int j = 0; j < cols; ++j) d[j] = add ? d[j] + s[j] : s[j];
        break;
      }
      case CX_RT_I32: {
        int32_t* d = (int32_t*)dst + r * ld;
        const int32_t* s = (const int32_t*)tile + r * ldt;
        for (int j = 0; j < cols; ++j) d[j] = add ? d[j] + s[j] : s[j];
        break;
      }
      default: {
        float* d = (float*)dst + r * ld;
        const float* s = (const float*)tile + r * ldt;
        for (int j = 0; j < cols; ++j) d[j] = add ? d[j] + s[j] : s[j];
        break;
      }
    }
  }
}

// Finishes a tile of the last K pass kept in the tile buffer: the output is
// ops(tile), or ops(tile + output) when earlier passes accumulated there.
static inline void cx_ep_sum_or_apply(const cx_ep_args_t* ea, bool first, float* tile, int ldt,
                                      int64_t gi, int64_t gj, int mr, int nr, cx_rt_isa_t isa) {
  if (first)
    cx_ep_apply(ea, CX_RT_F32, tile, ldt, gi, gj, mr, nr, isa);
  else
    cx_ep_apply_sum(ea, tile, ldt, gi, gj, mr, nr, isa);
}

// The microkernel, with a slice of the next panel to prefetch when there is
// one (npf > 0 only for kernels that have ukr_pf).
static inline void cx_ukr_call(const cx_gemm_kernel_t* K, int64_t kc, const void* a, const void* b,
                               void* c, int64_t ldc, int accumulate, const char* pf, int64_t npf) {
  if (npf > 0)
    K->ukr_pf(kc, a, b, c, ldc, accumulate, pf, npf);
  else
    K->ukr(kc, a, b, c, ldc, accumulate);
}

void cx_gemm_plan_run_part(const cx_gemm_plan_t* p, cx_rt_kernel_ctx_t* ctx, int thread,
                           int64_t bi, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  const cx_gemm_kernel_t* K = p->kern;
  const cx_rt_gemm_t* g = &p->g;
  const int MR = K->mr, NR = K->nr;
  const cx_rt_dtype_t acc = cx_gemm_acc_type(K->family);
  const int64_t accs = (int64_t)cx_rt_dtype_size(acc);
  const int64_t esa = (int64_t)cx_rt_dtype_size(g->a.type);
  const int64_t esb = (int64_t)cx_rt_dtype_size(g->b.type);
  cx_pack_src_t sa = {g->a.type, (const char*)g->a.data + bi * g->a.bs * esa, g->a.rs, g->a.cs};
  cx_pack_src_t sb = {g->b.type, (const char*)g->b.data + bi * g->b.bs * esb, g->b.cs, g->b.rs};
  char* Ap = cx_rt_kernel_ctx_scratch(ctx, thread, 0);
  char* Bp = cx_rt_kernel_ctx_scratch(ctx, thread, 1);
  char* W = cx_rt_kernel_ctx_scratch(ctx, thread, 2);
  char* C = (char*)g->c.data + bi * g->c.bs * accs;  // used only when direct
  _Alignas(64) char tile[12 * 32 * 8];
  const bool ident = cx_ep_is_identity(p->ep_ptr);
  // Packed f32 panels are [k][32] floats that the R x 32 kernels can read.
  const bool f32_rows = p->isa == CX_RT_ISA_AVX512 && K->family == CX_FAM_F32 && K->mr == 12;
  const cx_ep_args_t ea = {p->ep_ptr, g->c, bi};
  const bool ep_tile = !ident && p->direct && acc == CX_RT_F32 && p->isa == CX_RT_ISA_AVX512;
  const int64_t ldw = cx_ru(cx_min64(K->nc, j1 - j0), NR);
  for (int64_t jc = j0; jc < j1; jc += K->nc) {
    int64_t nc = cx_min64(K->nc, j1 - jc);
    for (int64_t ps = 0; ps < p->passes; ++ps) {
      int64_t k0 = ps * p->kc_step;
      int64_t kc = cx_min64(p->kc_step, g->k - k0);
      int64_t kcp = cx_ru(kc, K->kgroup);
      bool first = ps == 0, last = ps == p->passes - 1;
      size_t pbb;
      const char* bpan;
      if (p->b_direct) {
        pbb = 0;
        bpan = NULL;
      } else if (p->bpre) {
        pbb = cx_gemm_panel_bytes(K, false, p->kc_step);
        bpan = p->bpre + (size_t)bi * p->bpre_bs + (size_t)(ps * cx_cdiv(g->n, NR) + jc / NR) * pbb;
      } else {
        pbb = cx_gemm_pack(K, false, &sb, jc, nc, k0, kc, Bp);
        bpan = Bp;
      }
      for (int64_t ic = i0; ic < i1; ic += K->mc) {
        int64_t mc = cx_min64(K->mc, i1 - ic);
        size_t pba;
        const char* apan;
        if (p->apre) {
          pba = cx_gemm_panel_bytes(K, true, p->kc_step);
          apan = p->apre + (size_t)(ps * cx_cdiv(g->m, MR) + ic / MR) * pba;
        } else {
          pba = cx_gemm_pack(K, true, &sa, ic, mc, k0, kc, Ap);
          apan = Ap;
        }
        for (int64_t jr = 0; jr < nc; jr += NR) {
          int nr = (int)cx_min64(NR, nc - jr);
          const char* bp = bpan + (size_t)(jr / NR) * pbb;
          // A prepacked B (a model's weights) comes from memory, and with few
          // rows each panel serves few microkernel calls: the first call of
          // a panel would wait on it. So the next panel is fetched into L2
          // a slice per call while this one is computed.
          const char* next_bp = NULL;
          if (p->bpre && jr + NR < nc)
            next_bp = bp + pbb;
          else if (p->bpre && ps + 1 < p->passes)  // the first panel of the next K pass
            next_bp = p->bpre + (size_t)bi * p->bpre_bs +
                      (size_t)((ps + 1) * cx_cdiv(g->n, NR) + jc / NR) * pbb;
          int64_t pf_lines = (int64_t)(pbb / 64);
          int64_t pf_per = cx_cdiv(pf_lines, cx_cdiv(mc, MR));
          const float* bdir = NULL;
          int64_t ldbd = g->b.rs;
          if (p->b_direct) {
            const float* b0 = (const float*)sb.data + k0 * g->b.rs + jc + jr;
            if (nr == NR) {
              bdir = b0;
            } else {  // ragged right edge: pack just this panel
              cx_gemm_pack(K, false, &sb, jc + jr, nr, k0, kc, Bp);
              bp = Bp;
            }
          } else if (p->bpre_rows && nr == NR) {
            bdir = (const float*)bp;  // a packed panel: [k][32]
            ldbd = NR;
          }
          for (int64_t ir = 0; ir < mc; ir += MR) {
            int mr = (int)cx_min64(MR, mc - ir);
            const char* ap = apan + (size_t)(ir / MR) * pba;
            // This call's slice of the next panel: spread over its k loop
            // by the kernels that can (the f32 AVX-512 ones; a burst of them
            // stalls the core), else issued here.
            const char* pf = NULL;
            int64_t npf = 0;
            if (next_bp) {
              int64_t l0 = ir / MR * pf_per, l1 = cx_min64(pf_lines, l0 + pf_per);
              pf = next_bp + l0 * 64;
              npf = l1 > l0 ? l1 - l0 : 0;
              if (!bdir && !K->ukr_pf) {
                for (int64_t l = 0; l < npf; ++l) __builtin_prefetch(pf + l * 64, 0, 2);
                npf = 0;
              }
            }
            int64_t gi = ic + ir, gj = jc + jr;
            if (last) cx_ep_prefetch(&ea, gi, gj, mr, nr);
            // An epilogue finishes the last pass from the tile buffer, not
            // from the output (cx_ep_apply_sum says why).
            const bool ep_sum = last && ep_tile;
            if (ep_sum && bdir) {
              cx_gemm_f32_bdirect_avx512(mr, kcp, (const float*)ap, bdir, ldbd, (float*)tile, NR, 0,
                                         pf, npf);
              cx_ep_sum_or_apply(&ea, first, (float*)tile, NR, gi, gj, mr, nr, p->isa);
            } else if (ep_sum) {
              cx_ukr_call(K, kcp, ap, bp, tile, NR, 0, pf, npf);
              cx_ep_sum_or_apply(&ea, first, (float*)tile, NR, gi, gj, mr, nr, p->isa);
            } else if (bdir) {
              float* cp = p->direct ? (float*)(C + (gi * g->c.rs + gj) * accs) : NULL;
              if (p->direct) {
                cx_gemm_f32_bdirect_avx512(mr, kcp, (const float*)ap, bdir, ldbd, cp, g->c.rs,
                                           !first, pf, npf);
                if (last && !ident) cx_ep_apply(&ea, acc, cp, g->c.rs, gi, gj, mr, nr, p->isa);
              } else if (p->passes > 1) {
                float* wp = (float*)(W + ((gi - i0) * ldw + (gj - jc)) * accs);
                cx_gemm_f32_bdirect_avx512(mr, kcp, (const float*)ap, bdir, ldbd, wp, ldw,
                                           !first, pf, npf);
                if (last) cx_ep_apply(&ea, acc, wp, ldw, gi, gj, mr, nr, p->isa);
              } else {
                cx_gemm_f32_bdirect_avx512(mr, kcp, (const float*)ap, bdir, ldbd, (float*)tile,
                                           NR, 0, pf, npf);
                cx_ep_apply(&ea, acc, tile, NR, gi, gj, mr, nr, p->isa);
              }
            } else if (p->direct) {
              char* cp = C + (gi * g->c.rs + gj) * accs;
              if (mr == MR && nr == NR) {
                cx_ukr_call(K, kcp, ap, bp, cp, g->c.rs, !first, pf, npf);
              } else if (f32_rows && nr == NR) {
                // The last rows (M = 128 leaves 8): only those rows' FMAs,
                // straight into C, instead of a full tile and a merge.
                cx_gemm_f32_bdirect_avx512(mr, kcp, (const float*)ap, (const float*)bp, NR,
                                           (float*)cp, g->c.rs, !first, pf, npf);
              } else {
                cx_ukr_call(K, kcp, ap, bp, tile, NR, 0, pf, npf);
                cx_tile_merge(acc, cp, g->c.rs, tile, NR, mr, nr, !first);
              }
              if (last && !ident) cx_ep_apply(&ea, acc, cp, g->c.rs, gi, gj, mr, nr, p->isa);
            } else if (p->passes > 1) {
              char* wp = W + ((gi - i0) * ldw + (gj - jc)) * accs;
              cx_ukr_call(K, kcp, ap, bp, wp, ldw, !first, pf, npf);
              if (last) cx_ep_apply(&ea, acc, wp, ldw, gi, gj, mr, nr, p->isa);
            } else {
              cx_ukr_call(K, kcp, ap, bp, tile, NR, 0, pf, npf);
              cx_ep_apply(&ea, acc, tile, NR, gi, gj, mr, nr, p->isa);
            }
          }
        }
      }
    }
  }
}

size_t cx_gemm_plan_prepack_b_bytes(const cx_gemm_plan_t* p) {
  return (size_t)(p->passes * cx_cdiv(p->g.n, p->kern->nr)) *
         cx_gemm_panel_bytes(p->kern, false, p->kc_step);
}

void cx_gemm_plan_prepack_b(cx_gemm_plan_t* p, int64_t bi, void* dst) {
  const cx_rt_gemm_t* g = &p->g;
  int64_t esb = (int64_t)cx_rt_dtype_size(g->b.type);
  cx_pack_src_t sb = {g->b.type, (const char*)g->b.data + bi * g->b.bs * esb, g->b.cs, g->b.rs};
  size_t pbb = cx_gemm_panel_bytes(p->kern, false, p->kc_step);
  int64_t npan = cx_cdiv(g->n, p->kern->nr);
  for (int64_t ps = 0; ps < p->passes; ++ps) {
    int64_t k0 = ps * p->kc_step;
    int64_t kc = cx_min64(p->kc_step, g->k - k0);
    cx_gemm_pack_strided(p->kern, false, &sb, 0, g->n, k0, kc, pbb,
                         (char*)dst + (size_t)(ps * npan) * pbb);
  }
  p->bpre = dst;
}

size_t cx_gemm_plan_prepack_a_bytes(const cx_gemm_plan_t* p) {
  return (size_t)(p->passes * cx_cdiv(p->g.m, p->kern->mr)) *
         cx_gemm_panel_bytes(p->kern, true, p->kc_step);
}

void cx_gemm_plan_prepack_a(cx_gemm_plan_t* p, int64_t bi, void* dst) {
  const cx_rt_gemm_t* g = &p->g;
  int64_t esa = (int64_t)cx_rt_dtype_size(g->a.type);
  cx_pack_src_t sa = {g->a.type, (const char*)g->a.data + bi * g->a.bs * esa, g->a.rs, g->a.cs};
  size_t pba = cx_gemm_panel_bytes(p->kern, true, p->kc_step);
  int64_t npan = cx_cdiv(g->m, p->kern->mr);
  for (int64_t ps = 0; ps < p->passes; ++ps) {
    int64_t k0 = ps * p->kc_step;
    int64_t kc = cx_min64(p->kc_step, g->k - k0);
    cx_gemm_pack_strided(p->kern, true, &sa, 0, g->m, k0, kc, pba,
                         (char*)dst + (size_t)(ps * npan) * pba);
  }
  p->apre = dst;
}

typedef struct cx_gemm_job {
  const cx_gemm_plan_t* plan;
  cx_rt_kernel_ctx_t* ctx;
  int64_t parts_m, parts_n, bm, bn;  // bm, bn: the largest part (scratch sizing)
  int threads;
} cx_gemm_job_t;

// Part p of `parts` over `tiles` register tiles of `r` rows: whole tiles,
// spread as evenly as they go (a ragged last part would idle a thread).
static inline void cx_even_part(int64_t p, int64_t parts, int64_t size, int64_t r, int64_t* lo,
                                int64_t* hi) {
  int64_t tiles = cx_cdiv(size, r);
  *lo = cx_min64(size, p * tiles / parts * r);
  *hi = cx_min64(size, (p + 1) * tiles / parts * r);
}

// A rows x cols operand of batch b, when one of its strides is 1.
static void cx_prefetch_operand(const cx_rt_view_t* v, int64_t b, int64_t rows, int64_t cols) {
  enum { MAX_LINES = 512 };
  const int64_t es = (int64_t)cx_rt_dtype_size(v->type);
  int64_t runs, len;
  if (v->cs == 1)
    runs = rows, len = cols;
  else if (v->rs == 1)
    runs = cols, len = rows;
  else
    return;
  int64_t stride = v->cs == 1 ? v->rs : v->cs;
  if (stride == len) len *= runs, runs = 1;  // one block
  if (runs * ((len * es + 63) / 64 + 1) > MAX_LINES) return;
  const char* p = (const char*)v->data + b * v->bs * es;
  for (int64_t r = 0; r < runs; ++r) cx_prefetch_run(p + r * stride * es, len * es, false);
}

void cx_rt_gemm_prefetch(const cx_rt_gemm_t* g, int64_t b) {
  if (b < 0 || b >= g->batch) return;
  cx_prefetch_operand(&g->a, b, g->m, g->k);
  cx_prefetch_operand(&g->b, b, g->k, g->n);
}

static void cx_gemm_task(void* arg, int64_t t, int thread) {
  const cx_gemm_job_t* j = arg;
  const cx_gemm_kernel_t* k = j->plan->kern;
  int64_t per = j->parts_m * j->parts_n;
  int64_t b = t / per, r = t % per;
  // Whole products per task: the thread's next one is `threads` on (not
  // with B packed once: the products share its panels).
  if (per == 1 && !j->plan->bpre) cx_rt_gemm_prefetch(&j->plan->g, b + j->threads);
  int64_t i0, i1, j0, j1;
  cx_even_part(r / j->parts_n, j->parts_m, j->plan->g.m, k->mr, &i0, &i1);
  cx_even_part(r % j->parts_n, j->parts_n, j->plan->g.n, k->nr, &j0, &j1);
  if (i0 >= i1 || j0 >= j1) return;
  cx_gemm_plan_run_part(j->plan, j->ctx, thread, b, i0, i1, j0, j1);
}

// Packing an operand once for all threads (B of a large product, A of one
// split along N): task t packs the panels [t*per, ...) of every K pass.
typedef struct cx_pack_job {
  const cx_gemm_plan_t* plan;
  char* dst;
  bool is_a;
  int64_t batch, per;  // batch: B's (A is packed for batch 0 only)
} cx_pack_job_t;

static void cx_pack_task(void* arg, int64_t t, int thread) {
  (void)thread;
  const cx_pack_job_t* j = arg;
  const cx_gemm_plan_t* p = j->plan;
  const cx_rt_gemm_t* g = &p->g;
  const cx_gemm_kernel_t* K = p->kern;
  const cx_rt_view_t* v = j->is_a ? &g->a : &g->b;
  int64_t es = (int64_t)cx_rt_dtype_size(v->type);
  cx_pack_src_t src = {v->type, (const char*)v->data + j->batch * v->bs * es,
                       j->is_a ? v->rs : v->cs, j->is_a ? v->cs : v->rs};
  int64_t rows = j->is_a ? g->m : g->n, R = j->is_a ? K->mr : K->nr;
  size_t pb = cx_gemm_panel_bytes(K, j->is_a, p->kc_step);
  int64_t npan = cx_cdiv(rows, R);
  int64_t p0 = t * j->per, p1 = cx_min64(npan, p0 + j->per);
  for (int64_t ps = 0; ps < p->passes; ++ps) {
    int64_t k0 = ps * p->kc_step;
    int64_t kc = cx_min64(p->kc_step, g->k - k0);
    cx_gemm_pack_strided(K, j->is_a, &src, p0 * R, cx_min64(rows, p1 * R) - p0 * R, k0, kc, pb,
                         j->dst + (size_t)(ps * npan + p0) * pb);
  }
}

// Packs B of batch b into dst with every thread helping.
static void cx_gemm_pack_b_parallel(cx_rt_kernel_ctx_t* ctx, const cx_gemm_plan_t* p, int threads,
                                    int64_t b, char* dst) {
  int64_t npan = cx_cdiv(p->g.n, p->kern->nr);
  cx_pack_job_t j = {p, dst, false, b, cx_max64(1, cx_cdiv(npan, 4 * (int64_t)threads))};
  cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), cx_cdiv(npan, j.per), threads,
                                 cx_pack_task, &j);
}

cx_status_t cx_gemm_plan_execute(cx_rt_kernel_ctx_t* ctx, cx_gemm_plan_t* plan) {
  const cx_rt_gemm_t* q = &plan->g;
  if (q->batch == 0 || q->m == 0 || q->n == 0) return NULL;
  if (plan->isa == CX_RT_ISA_AVX512 &&
      (plan->bpre ? cx_gemm_skinny_packed_avx512(ctx, plan) : cx_gemm_skinny_avx512(ctx, q)))
    return NULL;
  int threads = cx_rt_kernel_ctx_num_threads(ctx);
  double work = (double)q->m * (double)q->n * (double)(q->k + 1);
  if (work * (double)q->batch < 32768.0) threads = 1;  // not worth waking a thread
  const cx_gemm_kernel_t* k = plan->kern;
  cx_gemm_job_t job = {plan, ctx, 1, 1, q->m, q->n, threads};
  if (threads > 1 && q->batch < 2 * threads && q->batch % threads != 0) {
    // Split each product so that every thread gets work; along the dimension
    // with more register tiles, in whole tiles.
    int64_t want = cx_cdiv(threads, q->batch);
    int64_t tm = cx_cdiv(q->m, k->mr), tn = cx_cdiv(q->n, k->nr);
    if (tn >= tm) {
      job.parts_n = cx_min64(want, tn);
      job.bn = cx_cdiv(tn, job.parts_n) * k->nr;
      // Split along N, every thread would pack all of A for itself (BERT's
      // M = 128 products: 0.4-1.5 MB each); pack it once, together.
      size_t abytes = cx_gemm_plan_prepack_a_bytes(plan);
      if (q->batch == 1 && !plan->apre && job.parts_n > 1 && tm > 1 &&
          q->m * q->k >= ((int64_t)1 << 16) && abytes <= ((size_t)64 << 20)) {
        CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_GEMM_SLOT_SHARED_A, abytes + 64));
        char* dst = cx_rt_kernel_ctx_scratch(ctx, 0, CX_GEMM_SLOT_SHARED_A);
        cx_pack_job_t aj = {plan, dst, true, 0, cx_max64(1, cx_cdiv(tm, 2 * (int64_t)threads))};
        cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), cx_cdiv(tm, aj.per), threads,
                                       cx_pack_task, &aj);
        plan->apre = dst;
      }
    } else {
      job.parts_m = cx_min64(want, tm);
      job.bm = cx_cdiv(tm, job.parts_m) * k->mr;
      // Split along M, every thread would pack all of B for itself. For one
      // large product pack it once, together, and hand out MC-sized row
      // blocks: the atomic task counter then balances the threads (a core
      // of this shared host is often busy elsewhere).
      if (q->batch == 1 && !plan->bpre && !plan->b_direct && q->m >= 2 * k->mc &&
          cx_gemm_plan_prepack_b_bytes(plan) <= ((size_t)64 << 20)) {
        size_t bytes = cx_gemm_plan_prepack_b_bytes(plan);
        CX_RETURN_IF_ERROR(cx_rt_kernel_ctx_reserve(ctx, 1, CX_GEMM_SLOT_SHARED_B, bytes + 64));
        char* dst = cx_rt_kernel_ctx_scratch(ctx, 0, CX_GEMM_SLOT_SHARED_B);
        cx_gemm_pack_b_parallel(ctx, plan, threads, 0, dst);
        plan->bpre = dst;
        plan->bpre_bs = 0;
        job.parts_m = cx_min64(tm, cx_ru(cx_cdiv(q->m, k->mc), threads));
        job.bm = cx_cdiv(tm, job.parts_m) * k->mr;
      }
    }
  }
  int64_t tasks = q->batch * job.parts_m * job.parts_n;
  if (threads > tasks) threads = (int)tasks;
  job.threads = threads;
  CX_RETURN_IF_ERROR(cx_gemm_plan_reserve(plan, ctx, threads, job.bm, job.bn));
  cx_rt_thread_pool_parallel_for(cx_rt_kernel_ctx_pool(ctx), tasks, threads, cx_gemm_task, &job);
  return NULL;
}

cx_status_t cx_rt_gemm(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g) {
  cx_gemm_plan_t plan;
  CX_RETURN_IF_ERROR(cx_gemm_plan_init(ctx, g, &plan));
  return cx_gemm_plan_execute(ctx, &plan);
}

// ---- B packed once (gemm.h) ----

struct cx_rt_gemm_packed_b {
  const cx_gemm_kernel_t* kern;  // the kernel the panels were packed for
  cx_rt_dtype_t a_type, b_type, c_type;
  int64_t batch, k, n;           // batch 1: one B shared by every batch
  int64_t kc_step;
  size_t batch_bytes;
  void* data;
};

void* cx_gemm_weights_alloc(size_t bytes) {
  // Huge pages for large operands: their TLB footprint matters on every
  // call (THP is madvise-only here).
  const size_t huge = (size_t)2 << 20;
  if (bytes < 2 * huge) return aligned_alloc(64, bytes ? (bytes + 63) / 64 * 64 : 64);
  void* p = NULL;
  if (posix_memalign(&p, huge, bytes)) return NULL;
#ifdef MADV_HUGEPAGE
  (void)madvise(p, bytes / huge * huge, MADV_HUGEPAGE);
#endif
  return p;
}

static cx_status_t cx_prepack_b(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g, bool consume,
                                cx_rt_gemm_packed_b_t** out_packed) {
  *out_packed = NULL;
  cx_gemm_plan_t plan;
  CX_RETURN_IF_ERROR(cx_gemm_plan_init_ex(ctx, g, false, false, &plan));
  if (g->k > 0 && g->n > 0 && !g->b.data)
    return CX_ERROR(CX_INVALID_ARGUMENT, "gemm prepack: B data is NULL");
  int64_t batch = g->b.bs == 0 ? 1 : g->batch;
  size_t per = cx_gemm_plan_prepack_b_bytes(&plan);
  per = (per + 63) / 64 * 64;
  if (batch > 0 && per > SIZE_MAX / (size_t)batch) return CX_OOM();
  size_t bytes = per * (size_t)batch;
  cx_rt_gemm_packed_b_t* pb = cx_calloc(cx_allocator_system(), 1, sizeof(*pb));
  if (!pb) return CX_OOM();
  *pb = (cx_rt_gemm_packed_b_t){plan.kern, g->a.type, g->b.type, g->c.type, batch, g->k, g->n,
                                plan.kc_step, per, NULL};
  pb->data = cx_gemm_weights_alloc(bytes);
  if (!pb->data) {
    cx_free(cx_allocator_system(), pb);
    return CX_OOM();
  }
  if (g->k == 0) {
    memset(pb->data, 0, bytes);  // empty panels (int8 ones end with zero column sums)
  } else if (g->n > 0) {
    int threads = cx_rt_kernel_ctx_num_threads(ctx);
    if (!consume || batch != 1 || !cx_gemm_consume_b(ctx, &plan, threads, pb->data))
      for (int64_t b = 0; b < batch; ++b)
        cx_gemm_pack_b_parallel(ctx, &plan, threads, b, (char*)pb->data + (size_t)b * per);
  }
  *out_packed = pb;
  return NULL;
}

cx_status_t cx_rt_gemm_prepack_b(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                 cx_rt_gemm_packed_b_t** out_packed) {
  return cx_prepack_b(ctx, g, false, out_packed);
}

cx_status_t cx_rt_gemm_prepack_b_consume(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                         cx_rt_gemm_packed_b_t** out_packed) {
  return cx_prepack_b(ctx, g, true, out_packed);
}

void cx_rt_gemm_packed_b_destroy(cx_rt_gemm_packed_b_t* packed) {
  if (!packed) return;
  free(packed->data);  // aligned_alloc'ed (beyond cx_allocator_t's 16 bytes)
  cx_free(cx_allocator_system(), packed);
}

cx_status_t cx_rt_gemm_prepacked(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                 const cx_rt_gemm_packed_b_t* pb) {
  if (!pb) return CX_ERROR(CX_INVALID_ARGUMENT, "gemm: packed B is NULL");
  if (g->k != pb->k || g->n != pb->n)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "gemm k x n = %lld x %lld, but B was packed as %lld x %lld", (long long)g->k,
                    (long long)g->n, (long long)pb->k, (long long)pb->n);
  if (g->a.type != pb->a_type || g->c.type != pb->c_type)
    return CX_ERROR(CX_INVALID_ARGUMENT, "gemm types differ from those B was packed for");
  if (pb->batch != 1 && g->batch != pb->batch)
    return CX_ERROR(CX_INVALID_ARGUMENT, "gemm batch %lld, but %lld B matrices were packed",
                    (long long)g->batch, (long long)pb->batch);
  cx_rt_gemm_t q = *g;
  q.b = (cx_rt_view_t){pb->b_type, NULL, 0, 0, 0};
  cx_gemm_plan_t plan;
  CX_RETURN_IF_ERROR(cx_gemm_plan_init_ex(ctx, &q, false, true, &plan));
  if (plan.kern != pb->kern || plan.kc_step != pb->kc_step)
    return CX_ERROR(CX_INVALID_ARGUMENT,
                    "B was packed for another kernel (the context's ISA changed since)");
  // Packed f32 panels are [k][32] floats whatever B's source type was.
  plan.bpre_rows = plan.isa == CX_RT_ISA_AVX512 && plan.kern->family == CX_FAM_F32 &&
                   plan.kern->mr == 12 && plan.g.m <= 96;
  plan.b_direct = false;
  plan.bpre = pb->data;
  plan.bpre_bs = pb->batch == 1 ? 0 : pb->batch_bytes;
  return cx_gemm_plan_execute(ctx, &plan);
}

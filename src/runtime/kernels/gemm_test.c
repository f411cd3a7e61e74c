// GEMM against a scalar double-precision reference: every ISA path the CPU
// can run (forced through the context), every element type combination,
// every epilogue op, sizes 1, 3, 17, 255, 1000 and non-contiguous, transposed
// and negative strides. Tolerances follow from the accumulation type and the
// output format; int8 must be exact.
#include "runtime/kernels/gemm.h"

#include "cx_test.h"
#include "runtime/kernels/kernel_test_util.h"

static cx_rt_thread_pool_t* g_pool;
static uint64_t g_rng = 0x9e3779b97f4a7c15ull;

// A strided view over a fresh buffer: rows x cols per batch with the given
// strides (may be negative); the buffer covers every addressed element.
typedef struct cx_tview {
  cx_tbuf_t buf;
  int64_t origin;  // index of element (0, 0, 0) in buf
  int64_t rs, cs, bs;
} cx_tview_t;

static cx_tview_t cx_tview_make(cx_rt_dtype_t t, int64_t batch, int64_t rows, int64_t cols,
                                int64_t rs, int64_t cs, int64_t bs) {
  int64_t lo = 0, hi = 0;
  int64_t ext[3] = {batch - 1, rows - 1, cols - 1}, st[3] = {bs, rs, cs};
  for (int d = 0; d < 3; ++d) {
    if (ext[d] < 0) continue;
    if (st[d] < 0) lo += ext[d] * st[d]; else hi += ext[d] * st[d];
  }
  cx_tview_t v = {cx_t_random(t, (size_t)(hi - lo + 1), &g_rng), -lo, rs, cs, bs};
  return v;
}

static inline int64_t cx_tv_idx(const cx_tview_t* v, int64_t b, int64_t i, int64_t j) {
  return v->origin + b * v->bs + i * v->rs + j * v->cs;
}

static cx_rt_view_t cx_tv_view(cx_tview_t* v) {
  size_t es = cx_rt_dtype_size(v->buf.type);
  return (cx_rt_view_t){v->buf.type, (char*)v->buf.data + v->origin * (int64_t)es, v->rs, v->cs,
                        v->bs};
}

static double cx_ref_op(const cx_rt_ep_op_t* op, double x, double operand) {
  switch (op->kind) {
    case CX_RT_EP_SCALE: return x * op->a;
    case CX_RT_EP_ADD: return x + operand;
    case CX_RT_EP_MUL: return x * operand;
    case CX_RT_EP_SUB: return x - operand;
    case CX_RT_EP_RELU: return x > 0 ? x : 0;
    case CX_RT_EP_CLAMP: return x < op->a ? op->a : x > op->b ? op->b : x;
    case CX_RT_EP_GELU_ERF: return 0.5 * x * (1 + erf(x / sqrt(2.0)));
    case CX_RT_EP_GELU_TANH:
      return 0.5 * x * (1 + tanh(sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
    case CX_RT_EP_SIGMOID: return 1 / (1 + exp(-x));
    case CX_RT_EP_TANH: return tanh(x);
  }
  return x;
}

// Epilogue operands of a test: up to two tensors.
typedef struct cx_tep {
  cx_rt_epilogue_t ep;
  cx_tview_t operand[CX_RT_EP_MAX_OPS];
  int has_operand[CX_RT_EP_MAX_OPS];
} cx_tep_t;

typedef struct cx_tcase {
  cx_rt_dtype_t in, out;
  int64_t batch, m, k, n;
  int layout;
} cx_tcase_t;

static int g_checked;
// 1: run every case through cx_rt_gemm_prepack_b + cx_rt_gemm_prepacked.
static int g_prepack;

static void cx_run_case(cx_rt_kernel_ctx_t* ctx, const cx_tcase_t* tc, cx_tep_t* tep) {
  int64_t B = tc->batch, M = tc->m, K = tc->k, N = tc->n;
  cx_tview_t a, b, c;
  switch (tc->layout) {
    case 0:  // all row-major, contiguous batches
      a = cx_tview_make(tc->in, B, M, K, K, 1, M * K);
      b = cx_tview_make(tc->in, B, K, N, N, 1, K * N);
      c = cx_tview_make(tc->out, B, M, N, N, 1, M * N);
      break;
    case 1:  // A and B transposed (column-major), C with a padded row pitch
      a = cx_tview_make(tc->in, B, M, K, 1, M, M * K);
      b = cx_tview_make(tc->in, B, K, N, 1, K, K * N);
      c = cx_tview_make(tc->out, B, M, N, N + 3, 1, M * (N + 3));
      break;
    case 2:  // C column-major (computed as C^T = B^T A^T), padded A
      a = cx_tview_make(tc->in, B, M, K, K + 2, 1, M * (K + 2));
      b = cx_tview_make(tc->in, B, K, N, N, 1, K * N);
      c = cx_tview_make(tc->out, B, M, N, 1, M, M * N);
      break;
    case 3:  // every stride non-unit, interleaved batches
      a = cx_tview_make(tc->in, B, M, K, 2 * K * B, 2 * B, 2);
      b = cx_tview_make(tc->in, B, K, N, 3 * N, 3, 3 * N * K);
      c = cx_tview_make(tc->out, B, M, N, 2 * N, 2, 2 * N * M);
      break;
    default:  // negative strides (reversed rows of B and C), broadcast A batch
      a = cx_tview_make(tc->in, B, M, K, K, 1, 0);
      b = cx_tview_make(tc->in, B, K, N, -N, 1, K * N);
      c = cx_tview_make(tc->out, B, M, N, -N, 1, -M * N);
      break;
  }
  cx_rt_gemm_t g = {.batch = B, .m = M, .n = N, .k = K, .a = cx_tv_view(&a), .b = cx_tv_view(&b),
                    .c = cx_tv_view(&c), .epilogue = tep ? &tep->ep : NULL};
  cx_status_t s = NULL;
  if (g_prepack) {
    cx_rt_gemm_packed_b_t* pb = NULL;
    s = cx_rt_gemm_prepack_b(ctx, &g, &pb);
    // The packed operand must not depend on B staying around: clobber it.
    if (!s) memset(b.buf.data, 0x7f, b.buf.n * cx_rt_dtype_size(b.buf.type));
    if (!s) s = cx_rt_gemm_prepacked(ctx, &g, pb);
    cx_rt_gemm_packed_b_destroy(pb);
  } else {
    s = cx_rt_gemm(ctx, &g);
  }
  if (s) {
    CX_FAIL_("gemm %s->%s %lldx%lldx%lldx%lld layout %d isa %s: %s", cx_rt_dtype_name(tc->in),
             cx_rt_dtype_name(tc->out), (long long)B, (long long)M, (long long)K, (long long)N,
             tc->layout, cx_rt_isa_name(cx_rt_kernel_ctx_isa(ctx)), cx_status_message(s));
    cx_status_free(s);
  } else {
    double acc_eps = tc->in == CX_RT_F64 ? 1.2e-16 : tc->in == CX_RT_I8 ? 0 : 6e-8;
    if (tep && tc->in == CX_RT_I8) acc_eps = 6e-8;
    int bad = 0;
    for (int64_t bi = 0; bi < B && bad < 3; ++bi) {
      for (int64_t i = 0; i < M && bad < 3; ++i) {
        for (int64_t j = 0; j < N && bad < 3; ++j) {
          double ref = 0, mag = 0;
          for (int64_t k = 0; k < K; ++k) {
            double p = a.buf.val[cx_tv_idx(&a, bi, i, k)] * b.buf.val[cx_tv_idx(&b, bi, k, j)];
            ref += p;
            mag += fabs(p);
          }
          double tol = (double)(K + 4) * acc_eps * mag;
          if (tep) {
            for (int o = 0; o < tep->ep.num_ops; ++o) {
              const cx_rt_ep_op_t* op = &tep->ep.ops[o];
              double opv = tep->has_operand[o]
                               ? tep->operand[o].buf.val[cx_tv_idx(&tep->operand[o], bi, i, j)]
                               : 0;
              ref = cx_ref_op(op, ref, opv);
              if (op->kind == CX_RT_EP_SCALE || op->kind == CX_RT_EP_MUL) tol *= fabs(op->kind == CX_RT_EP_SCALE ? op->a : opv) + 1e-30;
              mag = fabs(ref) > mag ? fabs(ref) : mag;
            }
            tol += 4e-6 * (1 + fabs(ref));  // vector exp/erf approximations
          }
          tol += cx_t_eps(tc->out) * fabs(ref) * 1.01 + 1e-300;
          if (tc->out == CX_RT_F16) tol += 3e-8;  // half an f16 subnormal step
          double got = cx_t_load(&c.buf, (size_t)cx_tv_idx(&c, bi, i, j));
          if (!(fabs(got - ref) <= tol)) {
            CX_FAIL_("gemm %s->%s b%lld m%lld k%lld n%lld layout %d isa %s ep %d: C[%lld,%lld,%lld] = "
                     "%.9g, want %.9g (tol %.3g)",
                     cx_rt_dtype_name(tc->in), cx_rt_dtype_name(tc->out), (long long)B, (long long)M,
                     (long long)K, (long long)N, tc->layout,
                     cx_rt_isa_name(cx_rt_kernel_ctx_isa(ctx)), tep ? tep->ep.num_ops : 0,
                     (long long)bi, (long long)i, (long long)j, got, ref, tol);
            ++bad;
          }
        }
      }
    }
    ++g_checked;
  }
  cx_t_free(&a.buf);
  cx_t_free(&b.buf);
  cx_t_free(&c.buf);
}

static const cx_rt_isa_t kIsas[] = {CX_RT_ISA_PORTABLE, CX_RT_ISA_AVX2, CX_RT_ISA_AVX512};

static cx_rt_kernel_ctx_t* cx_ctx_for(cx_rt_isa_t isa) {
  cx_rt_kernel_ctx_t* ctx = NULL;
  CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
  if (!ctx) return NULL;
  cx_status_t s = cx_rt_kernel_ctx_set_isa(ctx, isa);
  if (s) {  // this CPU cannot run it: skip
    fprintf(stderr, "  (skipping %s: %s)\n", cx_rt_isa_name(isa), cx_status_message(s));
    cx_status_free(s);
    cx_rt_kernel_ctx_destroy(ctx);
    return NULL;
  }
  return ctx;
}

CX_TEST(test_gemm_types_and_layouts) {
  static const cx_rt_dtype_t pairs[][2] = {
      {CX_RT_F32, CX_RT_F32},  {CX_RT_F32, CX_RT_BF16}, {CX_RT_F32, CX_RT_F16},
      {CX_RT_F64, CX_RT_F64},  {CX_RT_BF16, CX_RT_F32}, {CX_RT_BF16, CX_RT_BF16},
      {CX_RT_F16, CX_RT_F32},  {CX_RT_F16, CX_RT_F16},  {CX_RT_I8, CX_RT_I32},
      {CX_RT_I8, CX_RT_F32}};
  static const int64_t small[][4] = {{1, 1, 1, 1},   {1, 3, 3, 3},   {2, 17, 17, 17},
                                     {1, 1, 17, 3},  {2, 3, 1, 17},  {1, 17, 3, 1},
                                     {1, 13, 0, 5},  {3, 4, 7, 16},  {2, 2, 2, 2},
                                     {1, 4, 0, 9}};
  static const int64_t big[][4] = {{1, 255, 17, 33}, {1, 3, 1000, 17}, {1, 17, 3, 1000},
                                   {1, 1000, 5, 3},  {2, 40, 300, 70}};
  for (size_t ii = 0; ii < sizeof(kIsas) / sizeof(kIsas[0]); ++ii) {
    cx_rt_kernel_ctx_t* ctx = cx_ctx_for(kIsas[ii]);
    if (!ctx) continue;
    for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); ++p) {
      for (size_t s = 0; s < sizeof(small) / sizeof(small[0]); ++s)
        for (int layout = 0; layout < 5; ++layout) {
          cx_tcase_t tc = {pairs[p][0], pairs[p][1], small[s][0], small[s][1], small[s][2],
                           small[s][3], layout};
          cx_run_case(ctx, &tc, NULL);
        }
      for (size_t s = 0; s < sizeof(big) / sizeof(big[0]); ++s) {
        cx_tcase_t tc = {pairs[p][0], pairs[p][1], big[s][0], big[s][1], big[s][2], big[s][3],
                         (int)(s % 5)};
        cx_run_case(ctx, &tc, NULL);
      }
    }
    // One product large enough to be split across threads and K blocks.
    cx_tcase_t tc = {CX_RT_F32, CX_RT_F32, 1, 255, 600, 255, 0};
    cx_run_case(ctx, &tc, NULL);
    tc.out = CX_RT_BF16;
    cx_run_case(ctx, &tc, NULL);
    cx_rt_kernel_ctx_destroy(ctx);
  }
}

static void cx_add_op(cx_tep_t* t, cx_rt_ep_kind_t kind, float a, float b) {
  t->ep.ops[t->ep.num_ops++] = (cx_rt_ep_op_t){.kind = kind, .a = a, .b = b};
}

// An ADD/MUL operand of m x n per batch: bias along n, along m, or full.
static void cx_add_tensor_op(cx_tep_t* t, cx_rt_ep_kind_t kind, cx_rt_dtype_t type, int form,
                             int64_t batch, int64_t m, int64_t n) {
  int o = t->ep.num_ops++;
  cx_tview_t v = form == 0   ? cx_tview_make(type, batch, m, n, 0, 1, 0)
                 : form == 1 ? cx_tview_make(type, batch, m, n, 1, 0, 0)
                             : cx_tview_make(type, batch, m, n, n, 1, m * n);
  t->operand[o] = v;
  t->has_operand[o] = 1;
  t->ep.ops[o] = (cx_rt_ep_op_t){.kind = kind, .type = type, .data = cx_tv_view(&v).data,
                                 .rs = v.rs, .cs = v.cs, .bs = v.bs};
}

static void cx_free_tep(cx_tep_t* t) {
  for (int o = 0; o < t->ep.num_ops; ++o)
    if (t->has_operand[o]) cx_t_free(&t->operand[o].buf);
}

CX_TEST(test_gemm_epilogues) {
  static const cx_rt_ep_kind_t acts[] = {CX_RT_EP_RELU,      CX_RT_EP_GELU_ERF, CX_RT_EP_GELU_TANH,
                                         CX_RT_EP_SIGMOID,   CX_RT_EP_TANH,     CX_RT_EP_CLAMP,
                                         CX_RT_EP_SCALE};
  static const int64_t shapes[][4] = {{1, 3, 5, 17},   {2, 17, 40, 33}, {1, 1, 300, 40},
                                      {1, 37, 300, 20}, {2, 40, 20, 3},  {3, 4, 9, 16},
                                      {1, 2, 2, 2}};
  static const cx_rt_dtype_t pairs[][2] = {{CX_RT_F32, CX_RT_F32}, {CX_RT_BF16, CX_RT_BF16},
                                           {CX_RT_F64, CX_RT_F64}, {CX_RT_I8, CX_RT_F32},
                                           {CX_RT_F16, CX_RT_F16}};
  for (size_t ii = 0; ii < sizeof(kIsas) / sizeof(kIsas[0]); ++ii) {
    cx_rt_kernel_ctx_t* ctx = cx_ctx_for(kIsas[ii]);
    if (!ctx) continue;
    for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); ++p) {
      for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); ++s) {
        int64_t B = shapes[s][0], M = shapes[s][1], K = shapes[s][2], N = shapes[s][3];
        for (size_t a = 0; a < sizeof(acts) / sizeof(acts[0]); ++a) {
          // scale -> bias (along n, m or full, typed) -> activation -> residual
          cx_tep_t t = {0};
          int form = (int)((a + s) % 3);
          cx_add_op(&t, CX_RT_EP_SCALE, 0.5f, 0);
          cx_add_tensor_op(&t, CX_RT_EP_ADD, (a % 2) ? CX_RT_BF16 : CX_RT_F32, form, B, M, N);
          cx_add_op(&t, acts[a], -0.25f, 0.75f);
          if (a % 3 == 0) cx_add_tensor_op(&t, CX_RT_EP_MUL, CX_RT_F16, 2, B, M, N);
          if (a % 3 == 1) cx_add_tensor_op(&t, CX_RT_EP_SUB, CX_RT_F32, form, B, M, N);
          cx_add_tensor_op(&t, CX_RT_EP_ADD, CX_RT_F32, 2, B, M, N);
          cx_tcase_t tc = {pairs[p][0], pairs[p][1], B, M, K, N, (int)(a % 5)};
          cx_run_case(ctx, &tc, &t);
          cx_free_tep(&t);
        }
      }
    }
    cx_rt_kernel_ctx_destroy(ctx);
  }
}

// Activations far into their saturated tails (products scaled by 40 reach
// |x| of several hundred): the vector exp/erf/tanh clamp their arguments
// there, and the results must still be the limits (x, 0, +-1) to rounding.
CX_TEST(test_gemm_epilogue_saturated_activations) {
  static const cx_rt_ep_kind_t acts[] = {CX_RT_EP_GELU_ERF, CX_RT_EP_GELU_TANH, CX_RT_EP_SIGMOID,
                                         CX_RT_EP_TANH};
  for (size_t ii = 0; ii < sizeof(kIsas) / sizeof(kIsas[0]); ++ii) {
    cx_rt_kernel_ctx_t* ctx = cx_ctx_for(kIsas[ii]);
    if (!ctx) continue;
    for (size_t a = 0; a < sizeof(acts) / sizeof(acts[0]); ++a) {
      cx_tep_t t = {0};
      cx_add_op(&t, CX_RT_EP_SCALE, 40.0f, 0);
      cx_add_op(&t, acts[a], 0, 0);
      cx_tcase_t tc = {CX_RT_F32, CX_RT_F32, 1, 37, 300, 70, 0};
      cx_run_case(ctx, &tc, &t);
      cx_free_tep(&t);
    }
    cx_rt_kernel_ctx_destroy(ctx);
  }
}

// The transcendental activations over x in [-8, 8] in steps of 2^-9, every
// ISA, against double references, with bounds from each one's accuracy,
// which the tile-sized tolerance of the tests above (4e-6) does not check:
// - GELU (erf form): erf's absolute error ~1 ulp of 1, x / sqrt(2) and the
//   result rounded: |x|/2 1e-7 + 1.2e-7 |gelu(x)| (an erf 5x less accurate
//   passed the tests above);
// - tanh: 2^-22 |tanh(x)|, 2 ULP (the table-driven form has 1.3; the
//   exp-based one it replaced had ~15 near |x| = 1/16);
// - GELU (tanh form): its argument's roundings through tanh' <= 1, tanh's
//   error and the result's rounding: |x|/2 2^-21 + 2^-23 |gelu(x)|.
// The products are x times 1 (K = 1), so C holds x exactly before the
// epilogue; 64 columns run the full-tile path and 3 the masked one.
static double cx_ref_activation(cx_rt_ep_kind_t kind, double x, double* tol) {
  switch (kind) {
    case CX_RT_EP_GELU_ERF: {
      double r = 0.5 * x * (1 + erf(x / sqrt(2.0)));
      *tol = fabs(x) * 0.5e-7 + 1.2e-7 * fabs(r);
      return r;
    }
    case CX_RT_EP_TANH: {
      double r = tanh(x);
      *tol = 0x1p-22 * fabs(r);
      return r;
    }
    default: {  // GELU_TANH
      double r = 0.5 * x * (1 + tanh(0.79788456080286536 * (x + 0.044715 * x * x * x)));
      *tol = fabs(x) * 0.5 * 0x1p-21 + 0x1p-23 * fabs(r);
      return r;
    }
  }
}

CX_TEST(test_gemm_epilogue_activation_accuracy) {
  enum { M = 8193 };
  float* a = malloc(sizeof(float) * M);
  float ones[64];
  float* c = malloc(sizeof(float) * M * 64);
  if (!a || !c) {
    CX_FAIL_("out of memory");
    free(a);
    free(c);
    return;
  }
  for (int64_t i = 0; i < M; ++i) a[i] = (float)(-8.0 + (double)i / 512);
  for (int j = 0; j < 64; ++j) ones[j] = 1.0f;
  static const cx_rt_ep_kind_t kinds[] = {CX_RT_EP_GELU_ERF, CX_RT_EP_TANH, CX_RT_EP_GELU_TANH};
  for (size_t ki = 0; ki < sizeof kinds / sizeof kinds[0]; ++ki) {
    cx_rt_epilogue_t ep = {.num_ops = 1, .ops = {{.kind = kinds[ki]}}};
    for (size_t ii = 0; ii < sizeof(kIsas) / sizeof(kIsas[0]); ++ii) {
      cx_rt_kernel_ctx_t* ctx = cx_ctx_for(kIsas[ii]);
      if (!ctx) continue;
      for (int64_t n = 3; n <= 64; n += 61) {
        cx_rt_gemm_t g = {.batch = 1, .m = M, .n = n, .k = 1,
                          .a = {CX_RT_F32, a, 1, 1, 0}, .b = {CX_RT_F32, ones, n, 1, 0},
                          .c = {CX_RT_F32, c, n, 1, 0}, .epilogue = &ep};
        CX_EXPECT_OK(cx_rt_gemm(ctx, &g));
        int bad = 0;
        for (int64_t i = 0; i < M && bad < 5; ++i) {
          double tol, ref = cx_ref_activation(kinds[ki], a[i], &tol);
          tol += 1e-45;
          for (int64_t j = 0; j < n && bad < 5; ++j) {
            if (!(fabs(c[i * n + j] - ref) <= tol)) {
              CX_FAIL_("activation %d isa %s n %lld: f(%.9g) = %.9g, want %.9g (tol %.3g)",
                       (int)kinds[ki], cx_rt_isa_name(cx_rt_kernel_ctx_isa(ctx)), (long long)n,
                       (double)a[i], c[i * n + j], ref, tol);
              ++bad;
            }
          }
        }
      }
      cx_rt_kernel_ctx_destroy(ctx);
    }
  }
  free(a);
  free(c);
}

// Tiny f32 products (at most 4 x 16 outputs: a program's 2x2 dot_generals)
// run in the calling thread on AVX-512; each element is the FMA chain over k
// in ascending order from zero, bit for bit, as in the larger skinny path.
CX_TEST(test_gemm_tiny_products_exact) {
  cx_rt_kernel_ctx_t* ctx = cx_ctx_for(CX_RT_ISA_AVX512);
  if (!ctx) return;
  static const int64_t shapes[][3] = {{1, 1, 1}, {2, 2, 2}, {4, 40, 16}, {3, 0, 5}, {4, 17, 13}};
  uint64_t rng = 77;
  for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); ++s) {
    int64_t M = shapes[s][0], K = shapes[s][1], N = shapes[s][2];
    cx_tbuf_t a = cx_t_random(CX_RT_F32, (size_t)(M * K + 1), &rng);
    cx_tbuf_t b = cx_t_random(CX_RT_F32, (size_t)(K * N + 1), &rng);
    cx_tbuf_t c = cx_t_random(CX_RT_F32, (size_t)(M * N), &rng);
    const float* A = a.data;
    const float* B = b.data;
    // A read column-major (strides 1, M) to cover strided rows.
    cx_rt_gemm_t g = {.batch = 1, .m = M, .n = N, .k = K,
                      .a = {CX_RT_F32, a.data, 1, M, 0},
                      .b = {CX_RT_F32, b.data, N, 1, 0},
                      .c = {CX_RT_F32, c.data, N, 1, 0}};
    CX_EXPECT_OK(cx_rt_gemm(ctx, &g));
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        float want = 0.0f;
        for (int64_t k = 0; k < K; ++k) want = fmaf(A[i + k * M], B[k * N + j], want);
        float got = ((const float*)c.data)[i * N + j];
        if (memcmp(&got, &want, sizeof(float)) != 0)
          CX_FAIL_("%lldx%lldx%lld: C[%lld,%lld] = %.9g, the FMA chain gives %.9g", (long long)M,
                   (long long)K, (long long)N, (long long)i, (long long)j, got, want);
      }
    cx_t_free(&a);
    cx_t_free(&b);
    cx_t_free(&c);
  }
  cx_rt_kernel_ctx_destroy(ctx);
}

CX_TEST(test_gemm_thread_counts) {
  cx_rt_kernel_ctx_t* ctx = cx_ctx_for(CX_RT_ISA_AUTO);
  if (!ctx) return;
  for (int t = 1; t <= 2; ++t) {
    cx_rt_kernel_ctx_set_num_threads(ctx, t);
    cx_tcase_t tc = {CX_RT_F32, CX_RT_F32, 1, 100, 64, 300, 0};
    cx_run_case(ctx, &tc, NULL);
    cx_tcase_t tb = {CX_RT_F32, CX_RT_F32, 3, 30, 20, 40, 1};
    cx_run_case(ctx, &tb, NULL);
  }
  cx_rt_kernel_ctx_destroy(ctx);
}

// Products big enough for the threaded paths: B packed once and shared by
// both threads (M split), N split, batches, K blocks; 1 and 2 threads.
CX_TEST(test_gemm_large_threaded) {
  for (size_t ii = 0; ii < sizeof(kIsas) / sizeof(kIsas[0]); ++ii) {
    cx_rt_kernel_ctx_t* ctx = cx_ctx_for(kIsas[ii]);
    if (!ctx) continue;
    for (int t = 1; t <= 2; ++t) {
      cx_rt_kernel_ctx_set_num_threads(ctx, t);
      cx_tcase_t cases[] = {{CX_RT_F32, CX_RT_F32, 1, 1000, 300, 70, 0},
                            {CX_RT_F32, CX_RT_F32, 1, 700, 17, 255, 2},
                            {CX_RT_F32, CX_RT_BF16, 1, 1000, 600, 40, 1},
                            {CX_RT_BF16, CX_RT_F32, 1, 800, 520, 33, 3},
                            {CX_RT_F64, CX_RT_F64, 1, 600, 300, 17, 4},
                            {CX_RT_I8, CX_RT_I32, 1, 700, 1000, 35, 0},
                            {CX_RT_F32, CX_RT_F32, 3, 255, 17, 1000, 0},
                            // Few rows, many columns: split along N with A
                            // packed once by both threads (BERT's M = 128).
                            {CX_RT_F32, CX_RT_F32, 1, 128, 520, 700, 0},
                            {CX_RT_F32, CX_RT_F32, 1, 90, 800, 600, 1},
                            {CX_RT_BF16, CX_RT_F32, 1, 60, 1100, 400, 2},
                            {CX_RT_F64, CX_RT_F64, 1, 40, 1700, 300, 3},
                            {CX_RT_I8, CX_RT_I32, 1, 30, 2500, 500, 4},
                            // M <= 4: the streaming GEMV paths (B in place, or packed once)
                            {CX_RT_F32, CX_RT_F32, 1, 1, 1000, 255, 0},
                            {CX_RT_F32, CX_RT_F32, 2, 3, 300, 1000, 0},
                            {CX_RT_F32, CX_RT_F32, 1, 4, 17, 3, 4},
                            {CX_RT_F32, CX_RT_F32, 1, 2, 1000, 1000, 2}};
      for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) cx_run_case(ctx, &cases[i], NULL);
      cx_tep_t ep = {0};
      cx_add_tensor_op(&ep, CX_RT_EP_ADD, CX_RT_F32, 0, 1, 1000, 70);
      cx_add_op(&ep, CX_RT_EP_GELU_ERF, 0, 0);
      cx_run_case(ctx, &cases[0], &ep);
      cx_free_tep(&ep);
      cx_tep_t ev = {0};  // a GEMV with a bias and a residual
      cx_add_tensor_op(&ev, CX_RT_EP_ADD, CX_RT_F32, 0, 1, 1, 255);
      cx_add_op(&ev, CX_RT_EP_TANH, 0, 0);
      cx_add_tensor_op(&ev, CX_RT_EP_ADD, CX_RT_BF16, 2, 1, 1, 255);
      cx_run_case(ctx, &cases[12], &ev);
      cx_free_tep(&ev);
      cx_tep_t eb = {0};  // the N split with a bias and GELU, as BERT's FFN1
      cx_add_tensor_op(&eb, CX_RT_EP_ADD, CX_RT_F32, 0, 1, 128, 700);
      cx_add_op(&eb, CX_RT_EP_GELU_ERF, 0, 0);
      cx_run_case(ctx, &cases[7], &eb);
      cx_free_tep(&eb);
      // Epilogues finishing three K passes (the earlier passes accumulated in
      // the output, the last one's tile added to them), ragged edges, with a
      // full-matrix gate and residual: B packed, and B read in place (M <= 96).
      cx_tcase_t deep[] = {{CX_RT_F32, CX_RT_F32, 1, 100, 1100, 70, 0},
                           {CX_RT_F32, CX_RT_F32, 1, 90, 1100, 75, 0}};
      for (size_t d = 0; d < sizeof(deep) / sizeof(deep[0]); ++d) {
        cx_tep_t er = {0};
        cx_add_tensor_op(&er, CX_RT_EP_MUL, CX_RT_F32, 2, 1, deep[d].m, deep[d].n);
        cx_add_op(&er, CX_RT_EP_RELU, 0, 0);
        cx_add_tensor_op(&er, CX_RT_EP_ADD, CX_RT_F32, 2, 1, deep[d].m, deep[d].n);
        cx_run_case(ctx, &deep[d], &er);
        cx_free_tep(&er);
      }
    }
    cx_rt_kernel_ctx_destroy(ctx);
  }
}

// A packed B only runs GEMMs it was packed for.
CX_TEST(test_gemm_prepack_mismatch) {
  cx_rt_kernel_ctx_t* ctx = cx_ctx_for(CX_RT_ISA_AUTO);
  if (!ctx) return;
  float a[6 * 4], b[4 * 5], c[6 * 5];
  for (int i = 0; i < 24; ++i) a[i] = (float)i;
  for (int i = 0; i < 20; ++i) b[i] = (float)(i % 3);
  cx_rt_gemm_t g = {.batch = 1, .m = 6, .n = 5, .k = 4, .a = {CX_RT_F32, a, 4, 1, 0},
                    .b = {CX_RT_F32, b, 5, 1, 0}, .c = {CX_RT_F32, c, 5, 1, 0}};
  cx_rt_gemm_packed_b_t* pb = NULL;
  CX_EXPECT_OK(cx_rt_gemm_prepack_b(ctx, &g, &pb));
  CX_EXPECT_OK(cx_rt_gemm_prepacked(ctx, &g, pb));
  CX_EXPECT(c[0] == 0 * 0 + 1 * 0 + 2 * 2 + 3 * 0);  // A[0] . B[:, 0] = (0,1,2,3) . (0,2,1,0)
  cx_rt_gemm_t bad = g;
  bad.k = 3;
  CX_EXPECT_ERROR(cx_rt_gemm_prepacked(ctx, &bad, pb));
  bad = g;
  bad.n = 4;
  CX_EXPECT_ERROR(cx_rt_gemm_prepacked(ctx, &bad, pb));
  bad = g;
  bad.a.type = CX_RT_F64;
  CX_EXPECT_ERROR(cx_rt_gemm_prepacked(ctx, &bad, pb));
  bad = g;
  bad.batch = 2;  // one packed B (batch stride 0): shared by any batch
  bad.a.bs = 0;
  bad.c.bs = 0;
  bad.m = 3;
  CX_EXPECT_OK(cx_rt_gemm_prepacked(ctx, &bad, pb));
  CX_EXPECT_ERROR(cx_rt_gemm_prepacked(ctx, &g, NULL));
  if (cx_rt_kernel_ctx_isa(ctx) != CX_RT_ISA_PORTABLE) {
    CX_EXPECT_OK(cx_rt_kernel_ctx_set_isa(ctx, CX_RT_ISA_PORTABLE));
    CX_EXPECT_ERROR(cx_rt_gemm_prepacked(ctx, &g, pb));  // packed for another kernel
  }
  cx_rt_gemm_packed_b_destroy(pb);
  cx_rt_gemm_packed_b_destroy(NULL);
  // Batched B: the batch must match.
  float b2[2 * 20] = {0};
  g.batch = 2;
  g.b.bs = 20;
  g.a.bs = 0;
  g.c.bs = 0;
  g.m = 3;
  CX_EXPECT_OK(cx_rt_kernel_ctx_set_isa(ctx, CX_RT_ISA_AUTO));
  g.b.data = b2;
  CX_EXPECT_OK(cx_rt_gemm_prepack_b(ctx, &g, &pb));
  bad = g;
  bad.batch = 3;
  CX_EXPECT_ERROR(cx_rt_gemm_prepacked(ctx, &bad, pb));
  cx_rt_gemm_packed_b_destroy(pb);
  cx_rt_kernel_ctx_destroy(ctx);
}

CX_TEST(test_gemm_rejects_bad_input) {
  cx_rt_kernel_ctx_t* ctx = NULL;
  CX_EXPECT_OK(cx_rt_kernel_ctx_create(NULL, &ctx));
  float x[4] = {0};
  cx_rt_gemm_t g = {.batch = 1, .m = 2, .n = 2, .k = 2, .a = {CX_RT_F32, x, 2, 1, 0},
                    .b = {CX_RT_F32, x, 2, 1, 0}, .c = {CX_RT_F32, x, 2, 1, 0}};
  cx_rt_gemm_t bad = g;
  bad.m = -1;
  CX_EXPECT_ERROR(cx_rt_gemm(ctx, &bad));
  bad = g;
  bad.a.data = NULL;
  CX_EXPECT_ERROR(cx_rt_gemm(ctx, &bad));
  bad = g;
  bad.b.type = CX_RT_F64;
  CX_EXPECT_ERROR(cx_rt_gemm(ctx, &bad));
  bad = g;
  bad.c.type = CX_RT_I8;
  CX_EXPECT_ERROR(cx_rt_gemm(ctx, &bad));
  bad = g;
  bad.a.type = (cx_rt_dtype_t)99;
  CX_EXPECT_ERROR(cx_rt_gemm(ctx, &bad));
  cx_rt_epilogue_t ep = {.num_ops = 1, .ops = {{.kind = CX_RT_EP_ADD}}};
  bad = g;
  bad.epilogue = &ep;
  CX_EXPECT_ERROR(cx_rt_gemm(ctx, &bad));
  ep.num_ops = 99;
  CX_EXPECT_ERROR(cx_rt_gemm(ctx, &bad));
  int8_t q[4] = {0};
  int32_t r[4];
  cx_rt_epilogue_t relu = {.num_ops = 1, .ops = {{.kind = CX_RT_EP_RELU}}};
  cx_rt_gemm_t gi = {.batch = 1, .m = 2, .n = 2, .k = 2, .a = {CX_RT_I8, q, 2, 1, 0},
                     .b = {CX_RT_I8, q, 2, 1, 0}, .c = {CX_RT_I32, r, 2, 1, 0}, .epilogue = &relu};
  CX_EXPECT_ERROR(cx_rt_gemm(ctx, &gi));
  CX_EXPECT_ERROR(cx_rt_kernel_ctx_set_isa(ctx, (cx_rt_isa_t)42));
  g.m = 0;
  g.a.data = NULL;
  CX_EXPECT_OK(cx_rt_gemm(ctx, &g));  // empty: nothing to do
  cx_rt_kernel_ctx_destroy(ctx);
}

int main(void) {
  CX_EXPECT_OK(cx_rt_thread_pool_create(2, &g_pool));
  CX_RUN(test_gemm_types_and_layouts);
  CX_RUN(test_gemm_epilogues);
  CX_RUN(test_gemm_epilogue_saturated_activations);
  CX_RUN(test_gemm_epilogue_activation_accuracy);
  CX_RUN(test_gemm_tiny_products_exact);
  CX_RUN(test_gemm_thread_counts);
  CX_RUN(test_gemm_large_threaded);
  CX_RUN(test_gemm_rejects_bad_input);
  CX_RUN(test_gemm_prepack_mismatch);
  int plain = g_checked;
  // Everything again with B packed once (the compiler's constant weights).
  g_prepack = 1;
  CX_RUN(test_gemm_types_and_layouts);
  CX_RUN(test_gemm_epilogues);
  CX_RUN(test_gemm_large_threaded);
  fprintf(stderr, "%d gemm cases checked (%d with prepacked B)\n", g_checked, g_checked - plain);
  cx_rt_thread_pool_destroy(g_pool);
  return CX_TEST_EXIT();
}

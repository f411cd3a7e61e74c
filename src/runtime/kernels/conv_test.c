// Convolution against a direct scalar implementation of the StableHLO
// definition: NHWC/HWIO, NCHW/OIHW and unusual dimension numbers, 1-3
// spatial dimensions, strides, padding (also negative), lhs and rhs dilation,
// feature groups (depthwise) and batch groups, every element type, every ISA
// path, and fused epilogues.
#include "runtime/kernels/conv.h"
#include "runtime/kernels/conv_internal.h"

#include "cx_test.h"
#include "runtime/kernels/kernel_test_util.h"

static cx_rt_thread_pool_t* g_pool;
static uint64_t g_rng = 0x243f6a8885a308d3ull;
static int g_checked;
// 1: run cases through cx_rt_conv_prepack_weights + cx_rt_conv_prepacked.
static int g_prepack;

typedef struct cx_ctensor {
  cx_tbuf_t buf;
  cx_rt_conv_tensor_t t;
} cx_ctensor_t;

// A dense tensor; dims[] = {n_dim, c_dim, spatial...} positions in the shape.
static cx_ctensor_t cx_ct_make(cx_rt_dtype_t type, int ns, int64_t n, int64_t c,
                               const int64_t* sp, const int* dims) {
  int rank = ns + 2;
  int64_t shape[5];
  shape[dims[0]] = n;
  shape[dims[1]] = c;
  int64_t sd[3];
  size_t total = (size_t)(n * c);
  for (int d = 0; d < ns; ++d) {
    shape[dims[2 + d]] = sp[d];
    sd[d] = dims[2 + d];
    total *= (size_t)sp[d];
  }
  cx_ctensor_t ct = {cx_t_random(type, total, &g_rng), {0}};
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(type, ct.buf.data, rank, shape, dims[0], dims[1], sd, ns,
                                           &ct.t));
  return ct;
}

static int64_t cx_ct_index(const cx_rt_conv_tensor_t* t, int ns, int64_t n, int64_t c,
                           const int64_t* x) {
  int64_t i = n * t->n_stride + c * t->c_stride;
  for (int d = 0; d < ns; ++d) i += x[d] * t->stride[d];
  return i;
}

typedef struct cx_cspec {
  int ns;
  int64_t n, cin, cout, G, BG;
  int64_t in[3], k[3];
  int64_t stride[3], lo[3], hi[3], ld[3], rd[3];
  int in_dims[5], k_dims[5], out_dims[5];
  cx_rt_dtype_t type, out_type;
  int epilogue;  // 0 none, 1 bias+relu, 2 scale+bias+residual+gelu
} cx_cspec_t;

static void cx_run_conv_case(cx_rt_kernel_ctx_t* ctx, const cx_cspec_t* s) {
  int ns = s->ns;
  int64_t out_sp[3];
  for (int d = 0; d < ns; ++d) {
    int64_t din = s->in[d] ? (s->in[d] - 1) * s->ld[d] + 1 : 0;
    int64_t dk = s->k[d] ? (s->k[d] - 1) * s->rd[d] + 1 : 0;
    int64_t padded = din + s->lo[d] + s->hi[d];
    out_sp[d] = padded < dk ? 0 : (padded - dk) / s->stride[d] + 1;
  }
  int64_t nout = s->n / s->BG;
  cx_ctensor_t x = cx_ct_make(s->type, ns, s->n, s->cin, s->in, s->in_dims);
  cx_ctensor_t w = cx_ct_make(s->type, ns, s->cin / s->G, s->cout, s->k, s->k_dims);
  cx_ctensor_t y = cx_ct_make(s->out_type, ns, nout, s->cout, out_sp, s->out_dims);
  int64_t P = 1;
  for (int d = 0; d < ns; ++d) P *= out_sp[d];
  cx_rt_conv_t cv = {.num_spatial = ns, .input = x.t, .kernel = w.t, .output = y.t,
                     .feature_group_count = s->G, .batch_group_count = s->BG};
  for (int d = 0; d < ns; ++d) {
    cv.window_stride[d] = s->stride[d];
    cv.pad_lo[d] = s->lo[d];
    cv.pad_hi[d] = s->hi[d];
    cv.lhs_dilation[d] = s->ld[d];
    cv.rhs_dilation[d] = s->rd[d];
  }
  // Epilogue operands indexed (batch, flattened output pixel in memory order,
  // feature): build them as dense [n][pixel][feature] arrays, and map the
  // reference's pixel index the same way (row-major over the output's
  // spatial dims sorted by stride).
  cx_tbuf_t bias = cx_t_random(CX_RT_F32, (size_t)s->cout, &g_rng);
  cx_tbuf_t mean = cx_t_random(CX_RT_F32, (size_t)s->cout, &g_rng);
  cx_tbuf_t resid32 = cx_t_random(CX_RT_F32, (size_t)(nout * P * s->cout), &g_rng);
  cx_tbuf_t resid = cx_t_random(CX_RT_BF16, (size_t)(nout * P * s->cout), &g_rng);
  cx_rt_epilogue_t ep = {0};
  if (s->epilogue == 1) {
    // Batch norm's shape and a residual (the direct kernel applies these in
    // its registers): subtract a mean, add a shift, a residual and a splat
    // (one element read with zero strides), ReLU.
    ep.num_ops = 5;
    ep.ops[0] = (cx_rt_ep_op_t){.kind = CX_RT_EP_SUB, .type = CX_RT_F32, .data = mean.data, .cs = 1};
    ep.ops[1] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = bias.data, .cs = 1};
    ep.ops[2] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = resid32.data,
                                .rs = s->cout, .cs = 1, .bs = P * s->cout};
    ep.ops[3] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = mean.data};
    ep.ops[4] = (cx_rt_ep_op_t){.kind = CX_RT_EP_RELU};
  } else if (s->epilogue == 2) {
    ep.num_ops = 4;
    ep.ops[0] = (cx_rt_ep_op_t){.kind = CX_RT_EP_SCALE, .a = 0.5f};
    ep.ops[1] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = bias.data, .cs = 1};
    ep.ops[2] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_BF16, .data = resid.data,
                                .rs = s->cout, .cs = 1, .bs = P * s->cout};
    ep.ops[3] = (cx_rt_ep_op_t){.kind = CX_RT_EP_GELU_TANH};
  }
  if (s->epilogue) cv.epilogue = &ep;
  // Memory order of the output spatial dims (largest stride first).
  int order[3] = {0, 1, 2};
  for (int i = 1; i < ns; ++i)
    for (int j = i; j > 0 && y.t.stride[order[j]] > y.t.stride[order[j - 1]]; --j) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  cx_status_t st = NULL;
  if (g_prepack) {
    cx_rt_conv_packed_weights_t* pw = NULL;
    cx_rt_conv_t desc = cv;
    desc.input.data = desc.output.data = NULL;  // not needed to pack
    st = cx_rt_conv_prepack_weights(ctx, &desc, &pw);
    if (!st) {
      // The packed weights must not depend on the kernel tensor any more.
      memset(w.buf.data, 0x7f, w.buf.n * cx_rt_dtype_size(w.buf.type));
      cv.kernel.data = NULL;
      st = cx_rt_conv_prepacked(ctx, &cv, pw);
    }
    cx_rt_conv_packed_weights_destroy(pw);
  } else {
    st = cx_rt_conv(ctx, &cv);
  }
  if (st) {
    CX_FAIL_("conv failed: %s", cx_status_message(st));
    cx_status_free(st);
  } else {
    int64_t cin_g = s->cin / s->G, cout_q = s->cout / (s->G * s->BG);
    double acc_eps = s->type == CX_RT_F64 ? 1.2e-16 : s->type == CX_RT_I8 ? 0 : 6e-8;
    int bad = 0;
    int64_t o[3] = {0, 0, 0};
    for (int64_t n = 0; n < nout && bad < 3; ++n) {
      for (int64_t p = 0; p < P && bad < 3; ++p) {
        int64_t rem = p;
        for (int d = ns - 1; d >= 0; --d) {
          o[d] = rem % out_sp[d];
          rem /= out_sp[d];
        }
        // Flattened pixel index in memory order, for epilogue operands.
        int64_t pm = 0;
        for (int i = 0; i < ns; ++i) pm = pm * out_sp[order[i]] + o[order[i]];
        for (int64_t f = 0; f < s->cout && bad < 3; ++f) {
          int64_t q = f / cout_q;
          int64_t nin = s->BG > 1 ? q * nout + n : n;
          int64_t c0 = s->G > 1 ? q * cin_g : 0;
          double ref = 0, mag = 0;
          int64_t taps = 1;
          for (int d = 0; d < ns; ++d) taps *= s->k[d];
          for (int64_t t = 0; t < taps; ++t) {
            int64_t kt[3], xi[3], r2 = t;
            bool ok = true;
            for (int d = ns - 1; d >= 0; --d) {
              kt[d] = r2 % s->k[d];
              r2 /= s->k[d];
            }
            for (int d = 0; d < ns && ok; ++d) {
              int64_t xx = o[d] * s->stride[d] - s->lo[d] + kt[d] * s->rd[d];
              if (xx < 0 || xx % s->ld[d]) ok = false;
              xx /= s->ld[d];
              if (xx >= s->in[d]) ok = false;
              xi[d] = xx;
            }
            if (!ok) continue;
            for (int64_t ci = 0; ci < cin_g; ++ci) {
              double v = x.buf.val[cx_ct_index(&x.t, ns, nin, c0 + ci, xi)] *
                         w.buf.val[cx_ct_index(&w.t, ns, ci, f, kt)];
              ref += v;
              mag += fabs(v);
            }
          }
          double tol = (double)(cin_g * taps + 4) * acc_eps * mag;
          if (s->epilogue == 1) {
            ref = ref - mean.val[f] + bias.val[f] + resid32.val[(n * P + pm) * s->cout + f] +
                  mean.val[0];
            ref = ref > 0 ? ref : 0;
          } else if (s->epilogue == 2) {
            ref = ref * 0.5 + bias.val[f] + resid.val[(n * P + pm) * s->cout + f];
            ref = 0.5 * ref * (1 + tanh(sqrt(2 / M_PI) * (ref + 0.044715 * ref * ref * ref)));
          }
          if (s->epilogue) tol += 4e-6 * (1 + fabs(ref));
          tol += cx_t_eps(s->out_type) * fabs(ref) * 1.01;
          if (s->out_type == CX_RT_F16) tol += 3e-8;
          double got = cx_t_load(&y.buf, (size_t)cx_ct_index(&y.t, ns, n, f, o));
          if (!(fabs(got - ref) <= tol)) {
            CX_FAIL_("conv %s isa %s ns %d G %lld BG %lld: y[n%lld p%lld f%lld] = %.9g, want %.9g",
                     cx_rt_dtype_name(s->type), cx_rt_isa_name(cx_rt_kernel_ctx_isa(ctx)), ns,
                     (long long)s->G, (long long)s->BG, (long long)n, (long long)p, (long long)f,
                     got, ref);
            ++bad;
          }
        }
      }
    }
    ++g_checked;
  }
  cx_t_free(&bias);
  cx_t_free(&mean);
  cx_t_free(&resid32);
  cx_t_free(&resid);
  cx_t_free(&x.buf);
  cx_t_free(&w.buf);
  cx_t_free(&y.buf);
}

static const int NHWC[] = {0, 3, 1, 2}, HWIO[] = {2, 3, 0, 1};
static const int NCHW[] = {0, 1, 2, 3}, OIHW[] = {1, 0, 2, 3};
static const int ODD_IN[] = {1, 0, 3, 2}, ODD_K[] = {3, 1, 2, 0}, ODD_OUT[] = {2, 3, 1, 0};

static cx_cspec_t cx_spec2d(const int* in, const int* k, const int* out) {
  cx_cspec_t s = {.ns = 2, .n = 1, .cin = 3, .cout = 5, .G = 1, .BG = 1, .in = {7, 6}, .k = {3, 3},
                  .stride = {1, 1}, .lo = {1, 1}, .hi = {1, 1}, .ld = {1, 1}, .rd = {1, 1},
                  .type = CX_RT_F32, .out_type = CX_RT_F32};
  memcpy(s.in_dims, in, 4 * sizeof(int));
  memcpy(s.k_dims, k, 4 * sizeof(int));
  memcpy(s.out_dims, out, 4 * sizeof(int));
  return s;
}

static void cx_conv_suite(cx_rt_kernel_ctx_t* ctx, cx_rt_dtype_t type, cx_rt_dtype_t out_type,
                          bool full) {
  const int* layouts[][3] = {{NHWC, HWIO, NHWC}, {NCHW, OIHW, NCHW}, {ODD_IN, ODD_K, ODD_OUT},
                             {NHWC, OIHW, NCHW}};
  for (int l = 0; l < 4; ++l) {
    cx_cspec_t s = cx_spec2d(layouts[l][0], layouts[l][1], layouts[l][2]);
    s.type = type;
    s.out_type = out_type;
    s.epilogue = type == CX_RT_I8 && out_type == CX_RT_I32 ? 0 : (l % 3);
    cx_run_conv_case(ctx, &s);  // 3x3 same padding
    if (!full) continue;
    cx_cspec_t t = s;  // strided, asymmetric and negative padding, rhs dilation
    t.n = 2, t.in[0] = 17, t.in[1] = 9, t.stride[0] = 2, t.stride[1] = 3, t.lo[0] = 2, t.hi[0] = 0;
    t.lo[1] = -1, t.hi[1] = 2, t.rd[0] = 2;
    cx_run_conv_case(ctx, &t);
    t = s;  // lhs dilation (transposed convolution)
    t.ld[0] = 2, t.ld[1] = 3, t.k[0] = 2, t.cin = 4, t.cout = 33;
    cx_run_conv_case(ctx, &t);
    t = s;  // feature groups
    t.cin = 6, t.cout = 9, t.G = 3;
    cx_run_conv_case(ctx, &t);
    t = s;  // depthwise, multiplier 1 (the direct kernel for channels-last f32)
    t.cin = 17, t.cout = 17, t.G = 17, t.n = 2;
    cx_run_conv_case(ctx, &t);
    t.cout = 34;  // depthwise with multiplier 2
    cx_run_conv_case(ctx, &t);
    t = s;  // batch groups
    t.n = 4, t.BG = 2, t.cout = 6;
    cx_run_conv_case(ctx, &t);
    t = s;  // 1x1 pointwise (one GEMM on the input) and 1x1 strided
    t.k[0] = t.k[1] = 1, t.lo[0] = t.lo[1] = t.hi[0] = t.hi[1] = 0, t.cin = 20, t.cout = 40, t.n = 2;
    cx_run_conv_case(ctx, &t);
    t.G = 2;
    cx_run_conv_case(ctx, &t);
    t.G = 1, t.stride[0] = t.stride[1] = 2;
    cx_run_conv_case(ctx, &t);
    t = s;  // deep enough for several K blocks and thread chunks
    t.cin = 70, t.cout = 40, t.in[0] = 15, t.in[1] = 13;
    cx_run_conv_case(ctx, &t);
  }
}

static const cx_rt_isa_t kIsas[] = {CX_RT_ISA_PORTABLE, CX_RT_ISA_AVX2, CX_RT_ISA_AVX512};

// Shapes for the direct kernel (channels-last f32): interior tiles of 1..14
// pixels, edge pixels gathered on both sides, rows skipped at the top and
// bottom, ragged blocks of output features, weights read in place (HWIO) and
// packed (OIHW), outputs stored directly or through the epilogue's tile path
// (NCHW, bf16), and the 1x1 case that flattens all pixels into one row.
static void cx_direct_suite(cx_rt_kernel_ctx_t* ctx) {
  cx_cspec_t b = cx_spec2d(NHWC, HWIO, NHWC);
  cx_cspec_t t = b;  // 3x3, 17 wide rows (tiles of 14 + gathered edges), 33 features
  t.in[0] = 9, t.in[1] = 17, t.cin = 17, t.cout = 33, t.epilogue = 1;
  cx_run_conv_case(ctx, &t);
  t.n = 2, t.stride[0] = 2, t.stride[1] = 3, t.lo[1] = 0, t.hi[0] = 2;  // strides, asymmetric pad
  cx_run_conv_case(ctx, &t);
  t = b;  // ResNet's first layer, scaled down: 7x7 stride 2 pad 3 over 3 channels
  t.in[0] = 21, t.in[1] = 40, t.k[0] = t.k[1] = 7, t.stride[0] = t.stride[1] = 2;
  t.lo[0] = t.lo[1] = t.hi[0] = t.hi[1] = 3, t.cin = 3, t.cout = 64;
  cx_run_conv_case(ctx, &t);
  t.cout = 1;  // one output feature (mask of one column)
  cx_run_conv_case(ctx, &t);
  t = b;  // 1x1 over a dense input: one flattened row of 255 pixels, 1000 features deep
  t.in[0] = 15, t.in[1] = 17, t.k[0] = t.k[1] = 1, t.lo[0] = t.lo[1] = t.hi[0] = t.hi[1] = 0;
  t.cin = 1000, t.cout = 20, t.n = 2, t.epilogue = 2;
  cx_run_conv_case(ctx, &t);
  t.cin = 20, t.cout = 255, t.stride[0] = t.stride[1] = 2;  // 1x1 stride 2: rows of 8
  cx_run_conv_case(ctx, &t);
  t.stride[0] = t.stride[1] = 1, t.lo[1] = 1, t.hi[1] = -1;  // 1x1 with padding: not flat
  cx_run_conv_case(ctx, &t);
  t.in[0] = 5, t.in[1] = 3, t.cin = 1024, t.cout = 40;  // the same with rows 4 KiB apart: no copy
  cx_run_conv_case(ctx, &t);
  // Rows 4 KiB apart alias in L1: the pixels read are copied with a padded
  // pitch first (1024 channels; 512 at stride 2, odd sizes; 2048 over a
  // batch of two).
  t.lo[1] = t.hi[1] = 0, t.in[0] = 5, t.in[1] = 7;
  cx_run_conv_case(ctx, &t);
  t.in[0] = 9, t.in[1] = 11, t.cin = 512, t.cout = 36, t.stride[0] = t.stride[1] = 2;
  cx_run_conv_case(ctx, &t);
  t.in[0] = 3, t.in[1] = 4, t.cin = 2048, t.cout = 33, t.stride[0] = t.stride[1] = 1, t.n = 2;
  cx_run_conv_case(ctx, &t);
  memcpy(t.out_dims, NCHW, 4 * sizeof(int));  // the copy feeding the tile path (NCHW output)
  t.cin = 1024, t.stride[0] = t.stride[1] = 2, t.in[0] = 7, t.in[1] = 5;
  cx_run_conv_case(ctx, &t);
  t = b;  // widths 1 and 3, one input channel, padding larger than the kernel
  t.in[0] = 5, t.in[1] = 1, t.cin = 1, t.cout = 3, t.lo[0] = 3, t.hi[1] = 3;
  cx_run_conv_case(ctx, &t);
  t.in[1] = 3, t.lo[1] = -1, t.hi[1] = 0;  // negative padding cuts the input
  cx_run_conv_case(ctx, &t);
  t = b;  // dilation along the row (per-tap segments) and across rows
  t.in[0] = 12, t.in[1] = 30, t.rd[0] = 2, t.rd[1] = 3, t.cin = 8, t.cout = 40, t.lo[1] = 3;
  cx_run_conv_case(ctx, &t);
  const int* outs[] = {NCHW, NHWC};
  for (int i = 0; i < 2; ++i) {  // tile path: NCHW output, and a bf16 output
    t = b;
    t.in[0] = 6, t.in[1] = 20, t.cin = 16, t.cout = 48, t.epilogue = 2;
    memcpy(t.out_dims, outs[i], 4 * sizeof(int));
    if (i == 1) t.out_type = CX_RT_BF16;
    cx_run_conv_case(ctx, &t);
  }
  t = b;  // packed weights over 256 KB: blocks outside, each prefetching the next (ragged last)
  t.in[0] = 5, t.in[1] = 11, t.cin = 32, t.cout = 300, t.epilogue = 1;
  cx_run_conv_case(ctx, &t);
  t.in[0] = 1, t.in[1] = 3;  // one tile per block: the tile prefetches the whole next block
  cx_run_conv_case(ctx, &t);
  t = cx_spec2d(NHWC, OIHW, NHWC);  // kernel not in HWIO order: packed per block in each task
  t.in[0] = 8, t.in[1] = 30, t.cin = 5, t.cout = 70;
  cx_run_conv_case(ctx, &t);
  t.in[0] = 20, t.cin = 16;  // big enough for two threads: packed once, shared by the tasks
  cx_run_conv_case(ctx, &t);
  cx_cspec_t d3 = {.ns = 3, .n = 1, .cin = 4, .cout = 35, .G = 1, .BG = 1, .in = {4, 7, 17},
                   .k = {2, 3, 3}, .stride = {1, 1, 2}, .lo = {1, 1, 1}, .hi = {0, 1, 1},
                   .ld = {1, 1, 1}, .rd = {1, 2, 1}, .in_dims = {0, 4, 1, 2, 3},
                   .k_dims = {3, 4, 0, 1, 2}, .out_dims = {0, 4, 1, 2, 3}, .type = CX_RT_F32,
                   .out_type = CX_RT_F32, .epilogue = 1};
  cx_run_conv_case(ctx, &d3);
  cx_cspec_t d1 = {.ns = 1, .n = 3, .cin = 6, .cout = 17, .G = 1, .BG = 1, .in = {100},
                   .k = {5}, .stride = {2}, .lo = {2}, .hi = {2}, .ld = {1}, .rd = {1},
                   .in_dims = {0, 2, 1}, .k_dims = {1, 2, 0}, .out_dims = {0, 2, 1},
                   .type = CX_RT_F32, .out_type = CX_RT_F32};
  cx_run_conv_case(ctx, &d1);
}

// Every algorithm on the same shapes: the direct kernel forced where it can
// run (falling back elsewhere), im2col + GEMM forced, and the automatic
// choice; each with per-call and prepacked weights.
CX_TEST(test_conv_algorithms) {
  static const cx_rt_conv_algo_t algos[] = {CX_RT_CONV_ALGO_DIRECT, CX_RT_CONV_ALGO_GEMM,
                                            CX_RT_CONV_ALGO_AUTO};
  for (size_t i = 0; i < 3; ++i) {
    cx_rt_kernel_ctx_t* ctx = NULL;
    CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
    cx_status_t s = cx_rt_kernel_ctx_set_isa(ctx, kIsas[i]);
    if (s) {
      cx_status_free(s);
      cx_rt_kernel_ctx_destroy(ctx);
      continue;
    }
    // Only AVX-512 has a direct kernel: elsewhere every algorithm is GEMM.
    for (size_t a = kIsas[i] == CX_RT_ISA_AVX512 ? 0 : 2; a < 3; ++a) {
      cx_rt_kernel_ctx_set_conv_algo(ctx, algos[a]);
      for (int t = 1; t <= 2; ++t) {
        cx_rt_kernel_ctx_set_num_threads(ctx, t);
        cx_direct_suite(ctx);
      }
      cx_conv_suite(ctx, CX_RT_F32, CX_RT_F32, true);
    }
    cx_rt_kernel_ctx_destroy(ctx);
  }
}

// The padded-pitch copy of 1x1 inputs whose rows alias in L1 is taken where
// it should be (the cases in cx_direct_suite check its results): for 1024
// channels and for 512 at stride 2, not for 1000 channels nor with padding.
CX_TEST(test_conv_direct_pitch_copy_taken) {
  static const struct { int64_t cin, stride, pad; bool copied; } cases[] = {
      {1024, 1, 0, true}, {512, 2, 0, true}, {1000, 1, 0, false}, {1024, 1, 1, false}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    cx_rt_kernel_ctx_t* ctx = NULL;
    CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
    cx_status_t st = cx_rt_kernel_ctx_set_isa(ctx, CX_RT_ISA_AVX512);
    if (st) {  // no direct kernel on this host
      cx_status_free(st);
      cx_rt_kernel_ctx_destroy(ctx);
      return;
    }
    cx_cspec_t t = cx_spec2d(NHWC, HWIO, NHWC);
    t.in[0] = 6, t.in[1] = 7, t.k[0] = t.k[1] = 1, t.cin = cases[i].cin, t.cout = 32;
    t.stride[0] = t.stride[1] = cases[i].stride;
    t.lo[0] = t.lo[1] = t.hi[0] = t.hi[1] = cases[i].pad;
    cx_run_conv_case(ctx, &t);
    bool copied = cx_rt_kernel_ctx_scratch(ctx, 0, CX_SLOT_PITCH) != NULL;
    if (copied != cases[i].copied)
      CX_FAIL_("1x1 over %lld channels, stride %lld, padding %lld: copied %d, want %d",
               (long long)cases[i].cin, (long long)cases[i].stride, (long long)cases[i].pad,
               copied, cases[i].copied);
    cx_rt_kernel_ctx_destroy(ctx);
  }
}

// An epilogue operand in the output's own memory (a compiled program places
// a residual that dies at the convolution there): laid out as the output, or
// shifted by one pixel (pixel p reads its residual where pixel p + 1 is
// written: no path can run that in place), on every algorithm, with an epilogue
// the direct kernel applies to its registers and one it does not (GELU),
// prepacked and not, 1 and 2 threads, batch 1 and 2. Each result must be bit
// for bit the same convolution's with the operand in a buffer of its own.
CX_TEST(test_conv_epilogue_operand_in_output) {
  static const cx_rt_conv_algo_t algos[] = {CX_RT_CONV_ALGO_DIRECT, CX_RT_CONV_ALGO_GEMM,
                                            CX_RT_CONV_ALGO_WINOGRAD_F2, CX_RT_CONV_ALGO_AUTO};
  static const char* const names[] = {"direct", "gemm", "winograd F2", "auto"};
  cx_rt_kernel_ctx_t* ctx = NULL;
  CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
  cx_status_t st = cx_rt_kernel_ctx_set_isa(ctx, CX_RT_ISA_AVX512);
  if (st) {  // the portable and AVX2 paths are all GEMM: the AUTO run below covers them
    cx_status_free(st);
  }
  const int64_t H = 9, W = 7, CIN = 24, COUT = 40, P = H * W;
  for (int64_t n = 1; n <= 2; ++n)
    for (int64_t k = 1; k <= 3; k += 2)
      for (size_t a = 0; a < sizeof(algos) / sizeof(algos[0]); ++a)
        for (int gelu = 0; gelu < 2; ++gelu)
          for (int shift = 0; shift < 2; ++shift)
            for (int threads = 1; threads <= 2; ++threads)
              for (int prepack = 0; prepack < 2; ++prepack) {
                cx_rt_kernel_ctx_set_conv_algo(ctx, algos[a]);
                cx_rt_kernel_ctx_set_num_threads(ctx, threads);
                // out: n images, then one more pixel (the shifted residual's last).
                const size_t ny = (size_t)(n * P * COUT), nbuf = ny + (size_t)COUT;
                cx_tbuf_t x = cx_t_random(CX_RT_F32, (size_t)(n * P * CIN), &g_rng);
                cx_tbuf_t w = cx_t_random(CX_RT_F32, (size_t)(k * k * CIN * COUT), &g_rng);
                cx_tbuf_t shiftv = cx_t_random(CX_RT_F32, (size_t)COUT, &g_rng);
                cx_tbuf_t resid = cx_t_random(CX_RT_F32, nbuf, &g_rng);
                float* own = malloc(nbuf * 4);      // the residual in its own buffer
                float* want = malloc(nbuf * 4);     // the output next to it
                float* shared = malloc(nbuf * 4);   // output and residual in one
                memcpy(own, resid.data, nbuf * 4);
                memcpy(shared, resid.data, nbuf * 4);
                cx_rt_conv_t c = {.num_spatial = 2, .pad_lo = {k / 2, k / 2},
                                  .pad_hi = {k / 2, k / 2}};
                int64_t xs[4] = {n, H, W, CIN}, ws[4] = {k, k, CIN, COUT};
                int64_t ys[4] = {n, H, W, COUT}, sp[2] = {1, 2}, ksp[2] = {0, 1};
                CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, x.data, 4, xs, 0, 3, sp, 2,
                                                         &c.input));
                CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, w.data, 4, ws, 2, 3, ksp, 2,
                                                         &c.kernel));
                cx_rt_epilogue_t ep = {.num_ops = 3};
                ep.ops[0] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32,
                                            .data = shiftv.data, .cs = 1};
                ep.ops[1] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32,
                                            .rs = COUT, .cs = 1, .bs = P * COUT};
                ep.ops[2] = (cx_rt_ep_op_t){.kind = gelu ? CX_RT_EP_GELU_ERF : CX_RT_EP_RELU};
                c.epilogue = &ep;
                CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, want, 4, ys, 0, 3, sp, 2,
                                                         &c.output));
                cx_rt_conv_packed_weights_t* pw = NULL;
                if (prepack) CX_EXPECT_OK(cx_rt_conv_prepack_weights(ctx, &c, &pw));
                for (int run = 0; run < 2; ++run) {
                  float* out = run == 0 ? want : shared;
                  float* r = run == 0 ? own : shared;
                  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, out, 4, ys, 0, 3, sp, 2,
                                                           &c.output));
                  ep.ops[1].data = r + (shift ? COUT : 0);
                  CX_EXPECT_OK(pw ? cx_rt_conv_prepacked(ctx, &c, pw) : cx_rt_conv(ctx, &c));
                }
                if (memcmp(want, shared, ny * 4) != 0)
                  CX_FAIL_("batch %lld %lldx%lld %s gelu %d shift %d threads %d prepack "
                           "%d: an operand in the output's memory changed the result",
                           (long long)n, (long long)k, (long long)k, names[a], gelu, shift,
                           threads, prepack);
                cx_rt_conv_packed_weights_destroy(pw);
                free(own);
                free(want);
                free(shared);
                cx_t_free(&x);
                cx_t_free(&w);
                cx_t_free(&shiftv);
                cx_t_free(&resid);
              }
  cx_rt_kernel_ctx_destroy(ctx);
}

// Packed weights only run the convolution they were packed for.
CX_TEST(test_conv_prepack_mismatch) {
  cx_rt_kernel_ctx_t* ctx = NULL;
  CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
  static float x[1 * 20 * 20 * 8], w[3 * 3 * 8 * 16], y[1 * 20 * 20 * 16];
  for (size_t i = 0; i < sizeof(x) / 4; ++i) x[i] = (float)(i % 7);
  for (size_t i = 0; i < sizeof(w) / 4; ++i) w[i] = (float)(i % 5) - 2;
  int64_t xs[] = {1, 20, 20, 8}, ws[] = {3, 3, 8, 16}, ys[] = {1, 20, 20, 16}, sp[] = {1, 2};
  int64_t ksp[] = {0, 1};
  cx_rt_conv_t c = {.num_spatial = 2, .pad_lo = {1, 1}, .pad_hi = {1, 1}};
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, x, 4, xs, 0, 3, sp, 2, &c.input));
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, w, 4, ws, 2, 3, ksp, 2, &c.kernel));
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, y, 4, ys, 0, 3, sp, 2, &c.output));
  cx_rt_conv_packed_weights_t* pw = NULL;
  CX_EXPECT_OK(cx_rt_conv_prepack_weights(ctx, &c, &pw));
  CX_EXPECT_OK(cx_rt_conv_prepacked(ctx, &c, pw));
  cx_rt_conv_t bad = c;
  bad.pad_lo[0] = 0;
  bad.output.size[0] = 19;
  CX_EXPECT_ERROR(cx_rt_conv_prepacked(ctx, &bad, pw));
  bad = c;
  bad.kernel.c_stride = 2;
  CX_EXPECT_ERROR(cx_rt_conv_prepacked(ctx, &bad, pw));
  CX_EXPECT_ERROR(cx_rt_conv_prepacked(ctx, &c, NULL));
  cx_rt_kernel_ctx_set_conv_algo(ctx, CX_RT_CONV_ALGO_GEMM);
  CX_EXPECT_ERROR(cx_rt_conv_prepacked(ctx, &c, pw));  // packed for another algorithm
  cx_rt_conv_packed_weights_destroy(pw);
  cx_rt_conv_packed_weights_destroy(NULL);
  bad = c;
  bad.kernel.data = NULL;
  CX_EXPECT_ERROR(cx_rt_conv_prepack_weights(ctx, &bad, &pw));
  CX_EXPECT(pw == NULL);
  cx_rt_kernel_ctx_destroy(ctx);
}

CX_TEST(test_conv_all_isas_and_types) {
  for (size_t i = 0; i < 3; ++i) {
    cx_rt_kernel_ctx_t* ctx = NULL;
    CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
    cx_status_t s = cx_rt_kernel_ctx_set_isa(ctx, kIsas[i]);
    if (s) {
      cx_status_free(s);
      cx_rt_kernel_ctx_destroy(ctx);
      continue;
    }
    cx_conv_suite(ctx, CX_RT_F32, CX_RT_F32, true);
    cx_conv_suite(ctx, CX_RT_BF16, CX_RT_BF16, false);
    cx_conv_suite(ctx, CX_RT_F16, CX_RT_F32, false);
    cx_conv_suite(ctx, CX_RT_F64, CX_RT_F64, false);
    cx_conv_suite(ctx, CX_RT_I8, CX_RT_I32, false);
    cx_conv_suite(ctx, CX_RT_I8, CX_RT_F32, false);
    cx_rt_kernel_ctx_destroy(ctx);
  }
}

CX_TEST(test_conv_1d_3d) {
  cx_rt_kernel_ctx_t* ctx = NULL;
  CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
  cx_cspec_t s = {.ns = 1, .n = 2, .cin = 5, .cout = 7, .G = 1, .BG = 1, .in = {30}, .k = {4},
                  .stride = {2}, .lo = {3}, .hi = {1}, .ld = {1}, .rd = {2}, .in_dims = {0, 2, 1},
                  .k_dims = {1, 2, 0}, .out_dims = {0, 2, 1}, .type = CX_RT_F32,
                  .out_type = CX_RT_F32};
  cx_run_conv_case(ctx, &s);
  cx_cspec_t t = {.ns = 3, .n = 1, .cin = 3, .cout = 4, .G = 1, .BG = 1, .in = {5, 6, 4},
                  .k = {2, 3, 3}, .stride = {1, 2, 1}, .lo = {0, 1, 1}, .hi = {1, 1, 1},
                  .ld = {1, 1, 2}, .rd = {1, 1, 1}, .in_dims = {0, 4, 1, 2, 3},
                  .k_dims = {3, 4, 0, 1, 2}, .out_dims = {0, 1, 2, 3, 4}, .type = CX_RT_F32,
                  .out_type = CX_RT_F32, .epilogue = 1};
  cx_run_conv_case(ctx, &t);
  cx_rt_kernel_ctx_destroy(ctx);
}

CX_TEST(test_conv_rejects_bad_input) {
  cx_rt_kernel_ctx_t* ctx = NULL;
  CX_EXPECT_OK(cx_rt_kernel_ctx_create(NULL, &ctx));
  float buf[64] = {0};
  int64_t xs[] = {1, 4, 4, 2}, ks[] = {3, 3, 2, 2}, ys[] = {1, 2, 2, 2}, sp[] = {1, 2};
  cx_rt_conv_t c = {.num_spatial = 2};
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, buf, 4, xs, 0, 3, sp, 2, &c.input));
  int64_t ksp[] = {0, 1};
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, buf, 4, ks, 2, 3, ksp, 2, &c.kernel));
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, buf + 32, 4, ys, 0, 3, sp, 2, &c.output));
  CX_EXPECT_OK(cx_rt_conv(ctx, &c));
  cx_rt_conv_t bad = c;
  bad.output.size[0] = 3;  // wrong output size
  CX_EXPECT_ERROR(cx_rt_conv(ctx, &bad));
  bad = c;
  bad.feature_group_count = 2;  // input features 2 != 2 x 2
  CX_EXPECT_ERROR(cx_rt_conv(ctx, &bad));
  bad = c;
  bad.window_stride[0] = -1;
  CX_EXPECT_ERROR(cx_rt_conv(ctx, &bad));
  bad = c;
  bad.num_spatial = 7;
  CX_EXPECT_ERROR(cx_rt_conv(ctx, &bad));
  bad = c;
  bad.kernel.type = CX_RT_F64;
  CX_EXPECT_ERROR(cx_rt_conv(ctx, &bad));
  int64_t dup[] = {1, 1};
  cx_rt_conv_tensor_t t;
  CX_EXPECT_ERROR(cx_rt_conv_tensor_from_dims(CX_RT_F32, buf, 4, xs, 0, 3, dup, 2, &t));
  cx_rt_kernel_ctx_destroy(ctx);
}

int main(void) {
  CX_EXPECT_OK(cx_rt_thread_pool_create(2, &g_pool));
  CX_RUN(test_conv_all_isas_and_types);
  CX_RUN(test_conv_1d_3d);
  CX_RUN(test_conv_rejects_bad_input);
  CX_RUN(test_conv_algorithms);
  CX_RUN(test_conv_direct_pitch_copy_taken);
  CX_RUN(test_conv_prepack_mismatch);
  CX_RUN(test_conv_epilogue_operand_in_output);
  int plain = g_checked;
  g_prepack = 1;  // everything again with the weights packed once
  CX_RUN(test_conv_all_isas_and_types);
  CX_RUN(test_conv_1d_3d);
  CX_RUN(test_conv_algorithms);
  fprintf(stderr, "%d conv cases checked (%d with prepacked weights)\n", g_checked,
          g_checked - plain);
  cx_rt_thread_pool_destroy(g_pool);
  return CX_TEST_EXIT();
}

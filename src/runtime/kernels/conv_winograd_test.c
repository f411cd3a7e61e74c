// The Winograd convolution (conv_winograd.c) forced on, against an f64
// direct reference within the documented error bound (docs/kernels.md):
// images whose tiles are cut by the border, padding 0/1/asymmetric, feature
// counts off the 16/32 grid, batch 2, stride 2 (F(2x2) by phases; odd and
// even image sizes), ResNet's epilogues (batch norm as
// subtract/multiply/add, residual add, ReLU), the other op kinds (scale, a
// bf16 operand per pixel, tanh, clamp) that the output transform applies to
// its registers, weights prepacked and not, 1
// and 2 threads. Also: shapes outside its conditions never take it (their
// results are bit for bit the direct kernel's), and the measured error on
// every ResNet-50 3x3 layer shape.
#include <math.h>
#include <stdio.h>

#include "cx_test.h"
#include "runtime/kernels/conv.h"
#include "runtime/kernels/conv_internal.h"
#include "runtime/kernels/kernel_test_util.h"

static cx_rt_thread_pool_t* g_pool;
static uint64_t g_rng = 0x9e3779b97f4a7c15ull;

// The documented bounds (docs/kernels.md): |error| <= B * 2^-24 * mag, where
// mag = sum over input features of (largest |x| in the tile's input patch)
// x (sum of |w| over the 3x3 taps); B for F(2x2) and F(4x4).
static const double kBound2 = 4.0, kBound4 = 32.0;

typedef struct cx_wcase {
  int64_t n, h, w, cin, cout;
  int64_t lo[2], hi[2];
  int epilogue;  // 0 none, 1 batch norm + ReLU, 2 batch norm + residual + ReLU,
                 // 3 scale, + a bf16 value per pixel, - mean, tanh, clamp
  bool oihw;     // kernel as OIHW (else HWIO)
  int stride;    // window stride in both dimensions (0: 1)
} cx_wcase_t;

static int cx_wstride(const cx_wcase_t* s) { return s->stride ? s->stride : 1; }

typedef struct cx_wdata {
  cx_tbuf_t x, k, y, mean, scale, shift, resid, pix;
  int64_t oh, ow;
  cx_rt_conv_t conv;
  cx_rt_epilogue_t ep;
} cx_wdata_t;

static void cx_wdata_make(const cx_wcase_t* s, cx_wdata_t* d) {
  memset(d, 0, sizeof(*d));
  const int st = cx_wstride(s);
  d->oh = (s->h + s->lo[0] + s->hi[0] - 3) / st + 1;
  d->ow = (s->w + s->lo[1] + s->hi[1] - 3) / st + 1;
  d->x = cx_t_random(CX_RT_F32, (size_t)(s->n * s->h * s->w * s->cin), &g_rng);
  d->k = cx_t_random(CX_RT_F32, (size_t)(9 * s->cin * s->cout), &g_rng);
  d->y = cx_t_random(CX_RT_F32, (size_t)(s->n * d->oh * d->ow * s->cout), &g_rng);
  d->mean = cx_t_random(CX_RT_F32, (size_t)s->cout, &g_rng);
  d->scale = cx_t_random(CX_RT_F32, (size_t)s->cout, &g_rng);
  d->shift = cx_t_random(CX_RT_F32, (size_t)s->cout, &g_rng);
  d->resid = cx_t_random(CX_RT_F32, (size_t)(s->n * d->oh * d->ow * s->cout), &g_rng);
  d->pix = cx_t_random(CX_RT_BF16, (size_t)(s->n * d->oh * d->ow), &g_rng);
  int64_t xs[4] = {s->n, s->h, s->w, s->cin}, ys[4] = {s->n, d->oh, d->ow, s->cout};
  int64_t sp[2] = {1, 2};
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, d->x.data, 4, xs, 0, 3, sp, 2, &d->conv.input));
  CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, d->y.data, 4, ys, 0, 3, sp, 2, &d->conv.output));
  if (s->oihw) {
    int64_t ks[4] = {s->cout, s->cin, 3, 3}, ksp[2] = {2, 3};
    CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, d->k.data, 4, ks, 1, 0, ksp, 2, &d->conv.kernel));
  } else {
    int64_t ks[4] = {3, 3, s->cin, s->cout}, ksp[2] = {0, 1};
    CX_EXPECT_OK(cx_rt_conv_tensor_from_dims(CX_RT_F32, d->k.data, 4, ks, 2, 3, ksp, 2, &d->conv.kernel));
  }
  d->conv.num_spatial = 2;
  for (int i = 0; i < 2; ++i) {
    d->conv.pad_lo[i] = s->lo[i], d->conv.pad_hi[i] = s->hi[i];
    d->conv.window_stride[i] = st;
  }
  if (s->epilogue == 3) {
    cx_rt_epilogue_t* ep = &d->ep;
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_SCALE, .a = 0.75f};
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_BF16, .data = d->pix.data,
                                             .rs = 1, .cs = 0, .bs = d->oh * d->ow};
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_SUB, .type = CX_RT_F32, .data = d->mean.data, .cs = 1};
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_TANH};
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_CLAMP, .a = -0.5f, .b = 0.8f};
    d->conv.epilogue = ep;
  } else if (s->epilogue) {
    cx_rt_epilogue_t* ep = &d->ep;
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_SUB, .type = CX_RT_F32, .data = d->mean.data, .cs = 1};
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_MUL, .type = CX_RT_F32, .data = d->scale.data, .cs = 1};
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = d->shift.data, .cs = 1};
    if (s->epilogue == 2)
      ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = d->resid.data,
                                               .rs = s->cout, .cs = 1, .bs = d->oh * d->ow * s->cout};
    ep->ops[ep->num_ops++] = (cx_rt_ep_op_t){.kind = CX_RT_EP_RELU};
    d->conv.epilogue = ep;
  }
}

static void cx_wdata_free(cx_wdata_t* d) {
  cx_tbuf_t* b[] = {&d->x, &d->k, &d->y, &d->mean, &d->scale, &d->shift, &d->resid, &d->pix};
  for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); ++i) cx_t_free(b[i]);
}

static cx_status_t cx_wrun(cx_rt_kernel_ctx_t* ctx, cx_wdata_t* d, bool prepack) {
  if (!prepack) return cx_rt_conv(ctx, &d->conv);
  cx_rt_conv_t desc = d->conv;
  desc.input.data = desc.output.data = NULL;
  cx_rt_conv_packed_weights_t* pw = NULL;
  cx_status_t st = cx_rt_conv_prepack_weights(ctx, &desc, &pw);
  if (st) return st;
  cx_rt_conv_t run = d->conv;
  run.kernel.data = NULL;  // the packed weights must stand alone
  st = cx_rt_conv_prepacked(ctx, &run, pw);
  cx_rt_conv_packed_weights_destroy(pw);
  return st;
}

// Worst error of d's output against the f64 reference, as a multiple of
// 2^-24 * mag (the bound's unit) for tiles of size m, and checks it against
// `bound` (0: no check).
static double cx_wcheck(const cx_wcase_t* s, const cx_wdata_t* d, int m, double bound) {
  const cx_rt_conv_tensor_t* kt = &d->conv.kernel;
  const int64_t st = cx_wstride(s), patch = (m - 1) * st + 3;
  double worst = 0;
  int bad = 0;
  double* pmax = calloc((size_t)s->cin, sizeof(double));
  for (int64_t n = 0; n < s->n; ++n)
    for (int64_t oy = 0; oy < d->oh; ++oy)
      for (int64_t ox = 0; ox < d->ow; ++ox) {
        // The tile's input patch: ((m-1)*stride + 3)^2 pixels from its
        // top-left corner.
        int64_t py = oy / m * m * st - s->lo[0], px = ox / m * m * st - s->lo[1];
        for (int64_t c = 0; c < s->cin; ++c) {
          double mx = 0;
          for (int64_t y = py; y < py + patch; ++y)
            for (int64_t x = px; x < px + patch; ++x)
              if (y >= 0 && y < s->h && x >= 0 && x < s->w)
                mx = fmax(mx, fabs(d->x.val[((n * s->h + y) * s->w + x) * s->cin + c]));
          pmax[c] = mx;
        }
        int64_t p = oy * d->ow + ox;
        for (int64_t f = 0; f < s->cout; ++f) {
          double ref = 0, mag = 0;
          for (int64_t c = 0; c < s->cin; ++c) {
            double wsum = 0;
            for (int64_t ky = 0; ky < 3; ++ky)
              for (int64_t kx = 0; kx < 3; ++kx) {
                double wv = d->k.val[c * kt->n_stride + f * kt->c_stride + ky * kt->stride[0] +
                                     kx * kt->stride[1]];
                wsum += fabs(wv);
                int64_t y = oy * st - s->lo[0] + ky, x = ox * st - s->lo[1] + kx;
                if (y >= 0 && y < s->h && x >= 0 && x < s->w)
                  ref += d->x.val[((n * s->h + y) * s->w + x) * s->cin + c] * wv;
              }
            mag += pmax[c] * wsum;
          }
          double slack = 0, amp = 1;
          if (s->epilogue == 3) {
            amp = 0.75;  // tanh and clamp do not widen an error
            ref = tanh(ref * 0.75 + d->pix.val[n * d->oh * d->ow + p] - d->mean.val[f]);
            ref = fmin(fmax(ref, -0.5), 0.8);
            slack = 8 * 6e-8 * (4 + fabs(ref));  // the epilogue's roundings, tanh's 1.3 ulp
          } else if (s->epilogue) {
            amp = fabs(d->scale.val[f]);
            ref = (ref - d->mean.val[f]) * d->scale.val[f] + d->shift.val[f];
            if (s->epilogue == 2) ref += d->resid.val[(n * d->oh * d->ow + p) * s->cout + f];
            ref = ref > 0 ? ref : 0;
            slack = 8 * 6e-8 * (4 + fabs(ref));  // the epilogue's own f32 roundings
          }
          double got = ((const float*)d->y.data)[(n * d->oh * d->ow + p) * s->cout + f];
          double err = fabs(got - ref);
          double unit = ldexp(mag * amp, -24);
          double r = unit > 0 ? fmax(0, err - slack) / unit : (err > slack ? INFINITY : 0);
          if (r > worst) worst = r;
          if (bound > 0 && !(err <= bound * unit + slack) && bad < 3) {
            CX_FAIL_("winograd F%d stride %d %lldx%lldx%lld->%lld ep %d: y[n%lld y%lld x%lld f%lld] = "
                     "%.9g, want %.9g (error %.3g units)", m, (int)st, (long long)s->h, (long long)s->w,
                     (long long)s->cin, (long long)s->cout, s->epilogue, (long long)n,
                     (long long)oy, (long long)ox, (long long)f, got, ref, r);
            ++bad;
          }
        }
      }
  free(pmax);
  return worst;
}

static const cx_wcase_t kCases[] = {
    {.n = 2, .h = 5, .w = 7, .cin = 19, .cout = 37, .lo = {1, 1}, .hi = {1, 1}, .epilogue = 1},
    {.n = 1, .h = 13, .w = 13, .cin = 20, .cout = 33, .lo = {0, 0}, .hi = {0, 0}, .epilogue = 2},
    {.n = 2, .h = 14, .w = 14, .cin = 32, .cout = 64, .lo = {1, 0}, .hi = {0, 2}, .oihw = true},
    {.n = 1, .h = 56, .w = 56, .cin = 16, .cout = 40, .lo = {1, 1}, .hi = {1, 1}, .epilogue = 2},
    {.n = 1, .h = 9, .w = 6, .cin = 3, .cout = 5, .lo = {2, 1}, .hi = {1, 2}, .epilogue = 1},
    {.n = 2, .h = 11, .w = 10, .cin = 24, .cout = 21, .lo = {1, 1}, .hi = {1, 1}, .epilogue = 3},
    // Stride 2 (F(2x2) only): ResNet's 56x56 -> 28x28 shape, odd sizes whose
    // last tile is cut, no and asymmetric padding, batch 2, every epilogue.
    {.n = 1, .h = 56, .w = 56, .cin = 32, .cout = 48, .lo = {1, 1}, .hi = {1, 1}, .epilogue = 1,
     .stride = 2},
    {.n = 2, .h = 13, .w = 11, .cin = 19, .cout = 37, .lo = {1, 1}, .hi = {1, 1}, .epilogue = 2,
     .stride = 2},
    {.n = 1, .h = 9, .w = 12, .cin = 20, .cout = 33, .lo = {0, 0}, .hi = {0, 0}, .oihw = true,
     .stride = 2},
    {.n = 2, .h = 10, .w = 7, .cin = 24, .cout = 21, .lo = {2, 0}, .hi = {0, 1}, .epilogue = 3,
     .stride = 2},
    {.n = 1, .h = 6, .w = 5, .cin = 3, .cout = 5, .lo = {1, 2}, .hi = {2, 1}, .epilogue = 1,
     .stride = 2},
};

static cx_rt_kernel_ctx_t* cx_avx512_ctx(int threads) {
  cx_rt_kernel_ctx_t* ctx = NULL;
  CX_EXPECT_OK(cx_rt_kernel_ctx_create(g_pool, &ctx));
  cx_status_t st = cx_rt_kernel_ctx_set_isa(ctx, CX_RT_ISA_AVX512);
  if (st) {  // no AVX-512 here: the Winograd path cannot run
    cx_status_free(st);
    cx_rt_kernel_ctx_destroy(ctx);
    return NULL;
  }
  cx_rt_kernel_ctx_set_num_threads(ctx, threads);
  return ctx;
}

CX_TEST(test_winograd_forced_matches_reference) {
  for (int threads = 1; threads <= 2; ++threads) {
    cx_rt_kernel_ctx_t* ctx = cx_avx512_ctx(threads);
    if (!ctx) return;
    for (int m = 2; m <= 4; m += 2) {
      cx_rt_kernel_ctx_set_conv_algo(ctx, m == 2 ? CX_RT_CONV_ALGO_WINOGRAD_F2
                                                 : CX_RT_CONV_ALGO_WINOGRAD_F4);
      for (size_t i = 0; i < sizeof(kCases) / sizeof(kCases[0]); ++i)
        for (int prepack = 0; prepack < 2; ++prepack) {
          if (m == 4 && cx_wstride(&kCases[i]) == 2) continue;  // the direct kernel runs
          cx_wdata_t d;
          cx_wdata_make(&kCases[i], &d);
          CX_EXPECT_OK(cx_wrun(ctx, &d, prepack));
          cx_wcheck(&kCases[i], &d, m, m == 2 ? kBound2 : kBound4);
          cx_wdata_free(&d);
        }
    }
    cx_rt_kernel_ctx_destroy(ctx);
  }
}

// Forced Winograd on an applicable shape rounds differently from the direct
// kernel (so it really ran); on shapes outside its conditions it falls back
// to the direct kernel bit for bit. Stride 2 takes F(2x2) only, and only
// with the same stride in both dimensions.
CX_TEST(test_winograd_only_where_it_applies) {
  cx_rt_kernel_ctx_t* ctx = cx_avx512_ctx(2);
  if (!ctx) return;
  cx_wcase_t s = {.n = 1, .h = 12, .w = 12, .cin = 32, .cout = 32, .lo = {1, 1}, .hi = {1, 1}};
  for (int variant = 0; variant < 6; ++variant) {
    cx_wdata_t d;
    cx_wdata_make(&s, &d);
    if (variant == 1) {  // stride 2
      d.conv.window_stride[0] = d.conv.window_stride[1] = 2;
      d.conv.output.size[0] = d.conv.output.size[1] = 6;
      d.conv.output.stride[0] = 6 * 32;
    } else if (variant == 2) {  // rhs dilation 2 (output 10x10 fits the buffer)
      d.conv.rhs_dilation[0] = d.conv.rhs_dilation[1] = 2;
      d.conv.output.size[0] = d.conv.output.size[1] = 10;
      d.conv.output.stride[0] = 10 * 32;
    } else if (variant == 3) {  // a 2x3 window of the 3x3 kernel: 2x3 kernels are not 3x3
      d.conv.kernel.size[0] = 2;
      d.conv.pad_hi[0] = 0;
    } else if (variant == 4) {  // channels not innermost in the output
      d.conv.output.c_stride = 12 * 12;
      d.conv.output.stride[0] = 12;
      d.conv.output.stride[1] = 1;
    } else if (variant == 5) {  // strides 2 and 1
      d.conv.window_stride[0] = 2;
      d.conv.output.size[0] = 6;
    }
    cx_conv_t cv;
    CX_EXPECT_OK(cx_conv_init(ctx, &d.conv, &cv));
    cx_wg_geom_t g;
    CX_EXPECT(cx_conv_winograd_geom(&cv, 4, &g) == (variant == 0));
    CX_EXPECT(cx_conv_winograd_geom(&cv, 2, &g) == (variant <= 1));
    size_t bytes = d.y.n * 4;
    float* direct = malloc(bytes);
    cx_rt_kernel_ctx_set_conv_algo(ctx, CX_RT_CONV_ALGO_DIRECT);
    memset(d.y.data, 0, bytes);  // smaller outputs leave part of the buffer
    CX_EXPECT_OK(cx_wrun(ctx, &d, false));
    memcpy(direct, d.y.data, bytes);
    for (int m = 2; m <= 4; m += 2) {
      cx_rt_kernel_ctx_set_conv_algo(ctx, m == 2 ? CX_RT_CONV_ALGO_WINOGRAD_F2
                                                 : CX_RT_CONV_ALGO_WINOGRAD_F4);
      for (int prepack = 0; prepack < 2; ++prepack) {
        memset(d.y.data, 0, bytes);
        CX_EXPECT_OK(cx_wrun(ctx, &d, prepack));
        bool same = memcmp(direct, d.y.data, bytes) == 0;
        bool applies = variant == 0 || (variant == 1 && m == 2);
        if (applies ? same : !same)
          CX_FAIL_("variant %d F%d prepack %d: same as direct %d", variant, m, prepack, same);
      }
    }
    free(direct);
    cx_wdata_free(&d);
  }
  cx_rt_kernel_ctx_destroy(ctx);
}

// The automatic tile size with prepacked weights: F(4x4) only where the
// multiplications it saves over F(2x2) outweigh its 20 more floats of U per
// feature pair (the 14x14 and 7x7 layers of ResNet-50 take F(2x2), 28x28 and
// 56x56 F(4x4), a batch of two 14x14 images F(4x4)); per call (weights
// transformed every call) only images of >= 1600 output pixels. At stride 2,
// F(2x2) against the direct kernel: its 7 more floats of U per feature pair
// pay at 28x28 and 14x14 outputs, not at 7x7 (4x4 tiles for 49 pixels).
CX_TEST(test_winograd_auto_choice) {
  cx_rt_kernel_ctx_t* ctx = cx_avx512_ctx(1);
  if (!ctx) return;
  static const struct { int64_t n, hw; int prepacked, want, stride; } cases[] = {
      {1, 7, 1, 2, 1},   {1, 12, 1, 2, 1},  {1, 14, 1, 2, 1}, {1, 16, 1, 4, 1},
      {1, 28, 1, 4, 1},  {1, 56, 1, 4, 1},  {2, 14, 1, 4, 1}, {1, 28, 0, 0, 1},
      {1, 56, 0, 4, 1},  {1, 56, 1, 2, 2},  {1, 28, 1, 2, 2}, {1, 14, 1, 0, 2},
      {4, 14, 1, 2, 2},  {1, 56, 0, 0, 2},  {1, 112, 0, 2, 2}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    cx_wcase_t s = {.n = cases[i].n, .h = cases[i].hw, .w = cases[i].hw, .cin = 16, .cout = 16,
                    .lo = {1, 1}, .hi = {1, 1}, .stride = cases[i].stride};
    cx_wdata_t d;
    cx_wdata_make(&s, &d);
    cx_conv_t cv;
    CX_EXPECT_OK(cx_conv_init(ctx, &d.conv, &cv));
    int m = cx_conv_winograd_auto(&cv, cases[i].prepacked);
    if (m != cases[i].want)
      CX_FAIL_("%" PRId64 "x%dx%d stride %d prepacked %d: F%d, want F%d", s.n, (int)s.h,
               (int)s.w, s.stride, cases[i].prepacked, m, cases[i].want);
    cx_wdata_free(&d);
  }
  cx_rt_kernel_ctx_destroy(ctx);
}

// The error on every ResNet-50 3x3 layer shape (batch 1, padding 1; the
// stride-2 ones by their input size), both tile sizes (F(2x2) only at
// stride 2), and the direct kernel's for comparison: printed for
// docs/kernels.md and checked against the bounds.
CX_TEST(test_winograd_resnet_error) {
  cx_rt_kernel_ctx_t* ctx = cx_avx512_ctx(2);
  if (!ctx) return;
  static const int64_t kShapes[][3] = {{56, 64, 1},   {28, 128, 1}, {14, 256, 1}, {7, 512, 1},
                                       {56, 128, 2},  {28, 256, 2}, {14, 512, 2}};
  for (size_t i = 0; i < sizeof(kShapes) / sizeof(kShapes[0]); ++i) {
    cx_wcase_t s = {.n = 1, .h = kShapes[i][0], .w = kShapes[i][0], .cin = kShapes[i][1],
                    .cout = kShapes[i][1], .lo = {1, 1}, .hi = {1, 1}, .stride = (int)kShapes[i][2]};
    cx_wdata_t d;
    cx_wdata_make(&s, &d);
    double e[3] = {0, 0, NAN};
    static const cx_rt_conv_algo_t kAlgo[3] = {CX_RT_CONV_ALGO_DIRECT, CX_RT_CONV_ALGO_WINOGRAD_F2,
                                               CX_RT_CONV_ALGO_WINOGRAD_F4};
    for (int a = 0; a < (s.stride == 2 ? 2 : 3); ++a) {
      cx_rt_kernel_ctx_set_conv_algo(ctx, kAlgo[a]);
      CX_EXPECT_OK(cx_wrun(ctx, &d, true));
      e[a] = cx_wcheck(&s, &d, a == 2 ? 4 : 2, a == 0 ? 0 : a == 1 ? kBound2 : kBound4);
    }
    fprintf(stderr, "%lldx%lldx%lld stride %d: worst error in units of 2^-24 mag: direct %.2f, "
            "F2 %.2f, F4 %.2f\n", (long long)s.h, (long long)s.w, (long long)s.cin, s.stride,
            e[0], e[1], e[2]);
    cx_wdata_free(&d);
  }
  cx_rt_kernel_ctx_destroy(ctx);
}

int main(void) {
  CX_EXPECT_OK(cx_rt_thread_pool_create(2, &g_pool));
  CX_RUN(test_winograd_forced_matches_reference);
  CX_RUN(test_winograd_only_where_it_applies);
  CX_RUN(test_winograd_auto_choice);
  CX_RUN(test_winograd_resnet_error);
  cx_rt_thread_pool_destroy(g_pool);
  return CX_TEST_EXIT();
}

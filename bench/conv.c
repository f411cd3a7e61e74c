// Convolution benchmark: the ResNet-50 (v1.5) convolutions at batch 1
// through cx_rt_conv, one JSON line per layer.
//
//   bench_conv [--layout nhwc|nchw] [--dtype f32|bf16] [--threads N] [--reps R]
//              [--epilogue none|bias_relu|bn_relu|bn_res_relu|bn_res_relu_inplace] [--algo auto|direct|gemm|winograd2|winograd4] [--pack call|once]
//              [--cpu-time] [--layer NAME]... [--cold MB] [--cold-out MB]
//
// --pack once packs the weights before timing (cx_rt_conv_prepack_weights),
// as a compiled model does at load time; call (the default) packs them inside
// every timed call, as torch's F.conv2d reorders them per call.
// nhwc uses NHWC input/output and HWIO weights; nchw uses NCHW/OIHW (the
// PyTorch default). --cold MB (with --pack once) packs copies of the
// weights totalling about MB megabytes and each call uses the next copy, so
// the weights come from L3 or memory as in a whole model (which reads each
// layer's weights once per call) instead of from L2. --cold-out MB writes
// each call's output to the next of several output buffers totalling about
// MB megabytes, so its lines are not in cache when written (in a model a
// layer's output buffer was last used many layers before).
// GFLOP/s counts 2 * output pixels * Cout * Cin * kh * kw.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_util.h"
#include "runtime/kernels/conv.h"

typedef struct cx_layer {
  const char* name;
  int64_t cin, hw, cout, k, stride;
} cx_layer_t;

// Same table as bench/peers.py.
static const cx_layer_t kLayers[] = {
    {"conv1", 3, 224, 64, 7, 2},
    {"l1_1x1_reduce", 64, 56, 64, 1, 1},
    {"l1_3x3", 64, 56, 64, 3, 1},
    {"l1_1x1_expand", 64, 56, 256, 1, 1},
    {"l1_1x1_in256", 256, 56, 64, 1, 1},
    {"l2_1x1_reduce_first", 256, 56, 128, 1, 1},
    {"l2_3x3_s2", 128, 56, 128, 3, 2},
    {"l2_down_1x1_s2", 256, 56, 512, 1, 2},
    {"l2_3x3", 128, 28, 128, 3, 1},
    {"l2_1x1_expand", 128, 28, 512, 1, 1},
    {"l2_1x1_reduce", 512, 28, 128, 1, 1},
    {"l3_1x1_reduce_first", 512, 28, 256, 1, 1},
    {"l3_3x3_s2", 256, 28, 256, 3, 2},
    {"l3_down_1x1_s2", 512, 28, 1024, 1, 2},
    {"l3_3x3", 256, 14, 256, 3, 1},
    {"l3_1x1_expand", 256, 14, 1024, 1, 1},
    {"l3_1x1_reduce", 1024, 14, 256, 1, 1},
    {"l4_1x1_reduce_first", 1024, 14, 512, 1, 1},
    {"l4_3x3_s2", 512, 14, 512, 3, 2},
    {"l4_down_1x1_s2", 1024, 14, 2048, 1, 2},
    {"l4_3x3", 512, 7, 512, 3, 1},
    {"l4_1x1_expand", 512, 7, 2048, 1, 1},
    {"l4_1x1_reduce", 2048, 7, 512, 1, 1},
};

typedef struct cx_conv_bench {
  cx_rt_kernel_ctx_t* ctx;
  cx_rt_conv_t conv;
  const cx_rt_conv_packed_weights_t* packed;  // NULL: pack per call
  cx_rt_conv_packed_weights_t** copies;        // --cold: used in turn
  int ncopies, next;
  float* outs;  // --cold-out: nouts output buffers of `ny` floats, used in turn
  size_t ny;
  int nouts, next_out;
  cx_rt_ep_op_t* resid;  // bn_res_relu*: the residual add, pointed at a buffer per call
  bool resid_inplace;    // the residual is the call's own output buffer
} cx_conv_bench_t;

static int cx_run(void* arg) {
  cx_conv_bench_t* b = arg;
  if (b->ncopies > 0) {
    b->packed = b->copies[b->next];
    b->next = (b->next + 1) % b->ncopies;
  }
  if (b->nouts > 0) {
    b->conv.output.data = b->outs + (size_t)b->next_out * b->ny;
    b->next_out = (b->next_out + 1) % b->nouts;
  }
  if (b->resid)  // in place, or the buffer that comes next (as cold as the output)
    b->resid->data = b->resid_inplace ? b->conv.output.data
                                      : (b->nouts > 0 ? b->outs + (size_t)b->next_out * b->ny
                                                      : b->conv.output.data);
  cx_status_t s = b->packed ? cx_rt_conv_prepacked(b->ctx, &b->conv, b->packed)
                            : cx_rt_conv(b->ctx, &b->conv);
  if (s) {
    cx_status_print(s, stderr);
    cx_status_free(s);
    exit(1);
  }
  return 0;
}

static void cx_check(cx_status_t s) {
  if (s) {
    cx_status_print(s, stderr);
    cx_status_free(s);
    exit(1);
  }
}

int main(int argc, char** argv) {
  int threads = 2, reps = 15, cpu_time = 0;
  double cold_mb = 0, cold_out_mb = 0;
  const char* layout = "nhwc";
  const char* epi = "none";
  cx_rt_dtype_t dt = CX_RT_F32;
  const char* algo = "auto";
  const char* pack = "call";
  const char* only[32];
  int nonly = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--layout") && i + 1 < argc) layout = argv[++i];
    else if (!strcmp(argv[i], "--epilogue") && i + 1 < argc) epi = argv[++i];
    else if (!strcmp(argv[i], "--dtype") && i + 1 < argc) dt = !strcmp(argv[++i], "bf16") ? CX_RT_BF16 : CX_RT_F32;
    else if (!strcmp(argv[i], "--layer") && i + 1 < argc && nonly < 32) only[nonly++] = argv[++i];
    else if (!strcmp(argv[i], "--algo") && i + 1 < argc) algo = argv[++i];
    else if (!strcmp(argv[i], "--pack") && i + 1 < argc) pack = argv[++i];
    else if (!strcmp(argv[i], "--cpu-time")) cpu_time = 1;
    else if (!strcmp(argv[i], "--cold") && i + 1 < argc) cold_mb = atof(argv[++i]);
    else if (!strcmp(argv[i], "--cold-out") && i + 1 < argc) cold_out_mb = atof(argv[++i]);
    else {
      fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  bool nchw = !strcmp(layout, "nchw");
  cx_rt_thread_pool_t* pool = NULL;
  cx_rt_kernel_ctx_t* ctx = NULL;
  cx_check(cx_rt_thread_pool_create(threads, &pool));
  cx_check(cx_rt_kernel_ctx_create(pool, &ctx));
  cx_rt_kernel_ctx_set_conv_algo(ctx, !strcmp(algo, "direct")      ? CX_RT_CONV_ALGO_DIRECT
                                      : !strcmp(algo, "gemm")      ? CX_RT_CONV_ALGO_GEMM
                                      : !strcmp(algo, "winograd2") ? CX_RT_CONV_ALGO_WINOGRAD_F2
                                      : !strcmp(algo, "winograd4") ? CX_RT_CONV_ALGO_WINOGRAD_F4
                                                                   : CX_RT_CONV_ALGO_AUTO);
  uint64_t rng = 7;
  double total_us = 0;
  for (size_t li = 0; li < sizeof(kLayers) / sizeof(kLayers[0]); ++li) {
    const cx_layer_t* L = &kLayers[li];
    bool want = nonly == 0;
    for (int i = 0; i < nonly; ++i) want |= !strcmp(only[i], L->name);
    if (!want) continue;
    int64_t pad = L->k / 2;
    int64_t ho = (L->hw + 2 * pad - L->k) / L->stride + 1;
    size_t es = cx_rt_dtype_size(dt);
    size_t nx = (size_t)(L->cin * L->hw * L->hw), nw = (size_t)(L->cout * L->cin * L->k * L->k);
    size_t ny = (size_t)(L->cout * ho * ho);
    void* x = cx_bench_alloc(nx * es);
    void* w = cx_bench_alloc(nw * es);
    float* y = cx_bench_alloc(ny * 4);
    float* bias = cx_bench_alloc((size_t)L->cout * 4);
    for (size_t i = 0; i < nx; ++i) {
      float v = cx_bench_randf(&rng);
      if (dt == CX_RT_BF16) ((uint16_t*)x)[i] = cx_rt_f32_to_bf16(v); else ((float*)x)[i] = v;
    }
    for (size_t i = 0; i < nw; ++i) {
      float v = cx_bench_randf(&rng) * 0.1f;
      if (dt == CX_RT_BF16) ((uint16_t*)w)[i] = cx_rt_f32_to_bf16(v); else ((float*)w)[i] = v;
    }
    for (int64_t i = 0; i < L->cout; ++i) bias[i] = cx_bench_randf(&rng);
    int64_t xs[4], ws[4], ys[4], sp[2], ksp[2];
    int64_t xn, xc, wn, wc;
    if (nchw) {
      xs[0] = 1, xs[1] = L->cin, xs[2] = xs[3] = L->hw;
      ws[0] = L->cout, ws[1] = L->cin, ws[2] = ws[3] = L->k;
      ys[0] = 1, ys[1] = L->cout, ys[2] = ys[3] = ho;
      xn = 0, xc = 1, wn = 1, wc = 0, sp[0] = 2, sp[1] = 3, ksp[0] = 2, ksp[1] = 3;
    } else {
      xs[0] = 1, xs[1] = xs[2] = L->hw, xs[3] = L->cin;
      ws[0] = ws[1] = L->k, ws[2] = L->cin, ws[3] = L->cout;
      ys[0] = 1, ys[1] = ys[2] = ho, ys[3] = L->cout;
      xn = 0, xc = 3, wn = 2, wc = 3, sp[0] = 1, sp[1] = 2, ksp[0] = 0, ksp[1] = 1;
    }
    cx_conv_bench_t b = {ctx, {.num_spatial = 2, .window_stride = {L->stride, L->stride},
                               .pad_lo = {pad, pad}, .pad_hi = {pad, pad}}, NULL, NULL, 0, 0,
                          NULL, ny, 0, 0, NULL, false};
    if (cold_out_mb > 0) {
      b.nouts = cx_bench_cold_copies(cold_out_mb, (double)(ny * 4));
      b.outs = cx_bench_alloc((size_t)b.nouts * ny * 4);
      memset(b.outs, 0, (size_t)b.nouts * ny * 4);  // touched once, outside the timing
    }
    cx_check(cx_rt_conv_tensor_from_dims(dt, x, 4, xs, xn, xc, sp, 2, &b.conv.input));
    cx_check(cx_rt_conv_tensor_from_dims(dt, w, 4, ws, wn, wc, ksp, 2, &b.conv.kernel));
    cx_check(cx_rt_conv_tensor_from_dims(CX_RT_F32, y, 4, ys, xn, xc, sp, 2, &b.conv.output));
    cx_rt_epilogue_t ep = {0};
    float* scale = cx_bench_alloc((size_t)L->cout * 4);
    for (int64_t i = 0; i < L->cout; ++i) scale[i] = 0.5f + 0.5f * cx_bench_randf(&rng);
    if (!strcmp(epi, "bn_relu")) {  // ResNet's fused batch norm: (x - mean) * scale + shift
      ep.num_ops = 4;
      ep.ops[0] = (cx_rt_ep_op_t){.kind = CX_RT_EP_SUB, .type = CX_RT_F32, .data = bias, .cs = 1};
      ep.ops[1] = (cx_rt_ep_op_t){.kind = CX_RT_EP_MUL, .type = CX_RT_F32, .data = scale, .cs = 1};
      ep.ops[2] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = bias, .cs = 1};
      ep.ops[3] = (cx_rt_ep_op_t){.kind = CX_RT_EP_RELU};
      b.conv.epilogue = &ep;
    }
    if (!strncmp(epi, "bn_res_relu", 11)) {  // + the residual of a bottleneck block
      if (b.nouts < 2) {
        fprintf(stderr, "--epilogue %s needs --cold-out (its buffers hold the residuals)\n", epi);
        return 2;
      }
      ep.num_ops = 5;
      ep.ops[0] = (cx_rt_ep_op_t){.kind = CX_RT_EP_SUB, .type = CX_RT_F32, .data = bias, .cs = 1};
      ep.ops[1] = (cx_rt_ep_op_t){.kind = CX_RT_EP_MUL, .type = CX_RT_F32, .data = scale, .cs = 1};
      ep.ops[2] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = bias, .cs = 1};
      ep.ops[3] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .rs = L->cout, .cs = 1};
      ep.ops[4] = (cx_rt_ep_op_t){.kind = CX_RT_EP_RELU};
      b.resid = &ep.ops[3];
      b.resid_inplace = !strcmp(epi, "bn_res_relu_inplace");
      b.conv.epilogue = &ep;
    }
    if (!strcmp(epi, "bias_relu")) {
      ep.num_ops = 2;
      ep.ops[0] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = bias, .cs = 1};
      ep.ops[1] = (cx_rt_ep_op_t){.kind = CX_RT_EP_RELU};
      b.conv.epilogue = &ep;
    }
    cx_rt_conv_packed_weights_t* packed = NULL;
    if (!strcmp(pack, "once")) {
      cx_check(cx_rt_conv_prepack_weights(ctx, &b.conv, &packed));
      b.packed = packed;
      if (cold_mb > 0) {  // copies of at least the original weights' size each
        b.ncopies = cx_bench_cold_copies(cold_mb, (double)(nw * es));
        b.copies = calloc((size_t)b.ncopies, sizeof(*b.copies));
        if (!b.copies) exit(1);
        b.copies[0] = packed;
        for (int i = 1; i < b.ncopies; ++i)
          cx_check(cx_rt_conv_prepack_weights(ctx, &b.conv, &b.copies[i]));
      }
    }
    double flops = 2.0 * (double)(ho * ho) * (double)L->cout * (double)(L->cin * L->k * L->k);
    double tmin, tmax;
    double t = cx_bench_time(cx_run, &b, reps, 0.02, &tmin, &tmax);
    double cpu = cpu_time ? cx_bench_cpu_per_call(cx_run, &b, t, reps) : 0;
    total_us += t * 1e6;
    printf("{\"bench\":\"conv\",\"impl\":\"cxla\",\"layer\":\"%s\",\"layout\":\"%s\",\"dtype\":\"%s\","
           "\"epilogue\":\"%s\",\"algo\":\"%s\",\"pack\":\"%s\",\"cold_mb\":%g,\"threads\":%d,\"gflops_median\":%.1f,\"gflops_min\":%.1f,"
           "\"gflops_max\":%.1f,\"time_us\":%.1f,\"cpu_us\":%.1f,\"gflops_cpu\":%.1f}\n",
           L->name, layout, cx_rt_dtype_name(dt), epi, algo, pack, cold_mb, threads, flops / t * 1e-9, flops / tmax * 1e-9,
           flops / tmin * 1e-9, t * 1e6, cpu * 1e6, cpu > 0 ? flops / cpu * 1e-9 : 0.0);
    fflush(stdout);
    for (int i = 1; i < b.ncopies; ++i) cx_rt_conv_packed_weights_destroy(b.copies[i]);
    free(b.copies);
    cx_rt_conv_packed_weights_destroy(packed);
    free(x);
    free(w);
    free(y);
    free(b.outs);
    free(bias);
    free(scale);
  }
  fprintf(stderr, "sum of layer medians: %.1f us\n", total_us);
  cx_rt_kernel_ctx_destroy(ctx);
  cx_rt_thread_pool_destroy(pool);
  return 0;
}

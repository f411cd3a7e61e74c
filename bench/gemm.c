// GEMM benchmark: C = A x B through cx_rt_gemm, one JSON line per shape.
//
//   bench_gemm [--dtype f32|f64|bf16|f16|i8] [--threads N] [--reps R]
//              [--isa auto|avx512|avx2|portable] [--trans-b] [--epilogue bias_gelu]
//              [--pack call|once] [--cpu-time] [--cold MB] [--shape MxKxN]...
//
// --pack once packs B before timing with cx_rt_gemm_prepack_b and times
// cx_rt_gemm_prepacked, as a compiled model with constant weights runs; the
// default (call) packs B inside every timed call, like the peers do.
// --cold MB (with --pack once) packs copies of B totalling about MB megabytes
// and each call uses the next copy, so B comes from L3 or memory as in a
// whole model (BERT reads each weight matrix once per call) instead of from
// L2.
// Without --shape it runs the shape set: squares 128..2048, the
// BERT-base shapes and skinny M=1 / M=8 with K=N=768..4096. GFLOP/s counts
// 2*M*N*K per call; the median over samples is what to compare (the host is
// shared and noisy).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_util.h"
#include "runtime/kernels/gemm.h"

typedef struct cx_gemm_bench {
  cx_rt_kernel_ctx_t* ctx;
  cx_rt_gemm_t g;
  const cx_rt_gemm_packed_b_t* packed;  // NULL: pack per call
  cx_rt_gemm_packed_b_t** copies;        // --cold: used in turn
  int ncopies, next;
} cx_gemm_bench_t;

static int cx_run(void* arg) {
  cx_gemm_bench_t* b = arg;
  if (b->ncopies > 0) {
    b->packed = b->copies[b->next];
    b->next = (b->next + 1) % b->ncopies;
  }
  cx_status_t s = b->packed ? cx_rt_gemm_prepacked(b->ctx, &b->g, b->packed)
                            : cx_rt_gemm(b->ctx, &b->g);
  if (s) {
    cx_status_print(s, stderr);
    cx_status_free(s);
    exit(1);
  }
  return 0;
}

static cx_rt_dtype_t cx_parse_dtype(const char* s) {
  if (!strcmp(s, "f64")) return CX_RT_F64;
  if (!strcmp(s, "bf16")) return CX_RT_BF16;
  if (!strcmp(s, "f16")) return CX_RT_F16;
  if (!strcmp(s, "i8")) return CX_RT_I8;
  return CX_RT_F32;
}

static void cx_fill(cx_rt_dtype_t t, void* p, size_t n, uint64_t* rng) {
  for (size_t i = 0; i < n; ++i) {
    float v = cx_bench_randf(rng);
    switch (t) {
      case CX_RT_F32: ((float*)p)[i] = v; break;
      case CX_RT_F64: ((double*)p)[i] = v; break;
      case CX_RT_BF16: ((uint16_t*)p)[i] = cx_rt_f32_to_bf16(v); break;
      case CX_RT_F16: ((uint16_t*)p)[i] = cx_rt_f32_to_f16(v); break;
      case CX_RT_I8: ((int8_t*)p)[i] = (int8_t)(v * 127); break;
      default: break;
    }
  }
}

// Prepacks B; prints the error and returns nonzero if that fails.
static int cx_prepack_or_report(cx_rt_kernel_ctx_t* ctx, const cx_rt_gemm_t* g,
                                cx_rt_gemm_packed_b_t** out) {
  cx_status_t ps = cx_rt_gemm_prepack_b(ctx, g, out);
  if (!ps) return 0;
  cx_status_print(ps, stderr);
  cx_status_free(ps);
  return 1;
}

int main(int argc, char** argv) {
  cx_rt_dtype_t dt = CX_RT_F32;
  int threads = 2, reps = 15, trans_b = 0, cpu_time = 0;
  double cold_mb = 0;
  const char* isa = "auto";
  const char* epi = "none";
  const char* pack = "call";
  int64_t shapes[64][3];
  int nshapes = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--dtype") && i + 1 < argc) dt = cx_parse_dtype(argv[++i]);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--isa") && i + 1 < argc) isa = argv[++i];
    else if (!strcmp(argv[i], "--epilogue") && i + 1 < argc) epi = argv[++i];
    else if (!strcmp(argv[i], "--trans-b")) trans_b = 1;
    else if (!strcmp(argv[i], "--cpu-time")) cpu_time = 1;
    else if (!strcmp(argv[i], "--cold") && i + 1 < argc) cold_mb = atof(argv[++i]);
    else if (!strcmp(argv[i], "--pack") && i + 1 < argc) pack = argv[++i];
    else if (!strcmp(argv[i], "--shape") && i + 1 < argc && nshapes < 64) {
      long long m, k, n;
      if (sscanf(argv[++i], "%lldx%lldx%lld", &m, &k, &n) != 3) {
        fprintf(stderr, "bad --shape %s (want MxKxN)\n", argv[i]);
        return 2;
      }
      shapes[nshapes][0] = m, shapes[nshapes][1] = k, shapes[nshapes][2] = n;
      ++nshapes;
    } else {
      fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (nshapes == 0) {
    static const int64_t def[][3] = {
        {128, 128, 128},   {256, 256, 256},   {512, 512, 512},    {1024, 1024, 1024},
        {2048, 2048, 2048}, {128, 768, 768},  {128, 768, 3072},   {128, 3072, 768},
        {1, 768, 768},     {1, 1024, 1024},   {1, 2048, 2048},    {1, 4096, 4096},
        {8, 768, 768},     {8, 1024, 1024},   {8, 2048, 2048},    {8, 4096, 4096}};
    nshapes = (int)(sizeof(def) / sizeof(def[0]));
    memcpy(shapes, def, sizeof(def));
  }
  cx_rt_thread_pool_t* pool = NULL;
  cx_rt_kernel_ctx_t* ctx = NULL;
  cx_status_t s = cx_rt_thread_pool_create(threads, &pool);
  if (!s) s = cx_rt_kernel_ctx_create(pool, &ctx);
  if (!s && strcmp(isa, "auto")) {
    cx_rt_isa_t want = !strcmp(isa, "avx512") ? CX_RT_ISA_AVX512
                       : !strcmp(isa, "avx2") ? CX_RT_ISA_AVX2 : CX_RT_ISA_PORTABLE;
    s = cx_rt_kernel_ctx_set_isa(ctx, want);
  }
  if (s) {
    cx_status_print(s, stderr);
    cx_status_free(s);
    return 1;
  }
  uint64_t rng = 42;
  cx_rt_dtype_t ct = dt == CX_RT_F64 ? CX_RT_F64 : dt == CX_RT_I8 ? CX_RT_I32 : CX_RT_F32;
  for (int si = 0; si < nshapes; ++si) {
    int64_t m = shapes[si][0], k = shapes[si][1], n = shapes[si][2];
    size_t es = cx_rt_dtype_size(dt);
    void* a = cx_bench_alloc((size_t)(m * k) * es);
    void* b = cx_bench_alloc((size_t)(k * n) * es);
    void* c = cx_bench_alloc((size_t)(m * n) * cx_rt_dtype_size(ct));
    float* bias = cx_bench_alloc((size_t)n * 4);
    cx_fill(dt, a, (size_t)(m * k), &rng);
    cx_fill(dt, b, (size_t)(k * n), &rng);
    cx_fill(CX_RT_F32, bias, (size_t)n, &rng);
    cx_rt_epilogue_t ep = {0};
    if (!strcmp(epi, "bias_gelu")) {
      ep.num_ops = 2;
      ep.ops[0] = (cx_rt_ep_op_t){.kind = CX_RT_EP_ADD, .type = CX_RT_F32, .data = bias, .cs = 1};
      ep.ops[1] = (cx_rt_ep_op_t){.kind = CX_RT_EP_GELU_ERF};
      if (ct == CX_RT_I32) ct = CX_RT_F32;
    }
    cx_gemm_bench_t bench = {ctx, {.batch = 1, .m = m, .n = n, .k = k,
                                   .a = {dt, a, k, 1, 0},
                                   .b = trans_b ? (cx_rt_view_t){dt, b, 1, k, 0}
                                                : (cx_rt_view_t){dt, b, n, 1, 0},
                                   .c = {ct, c, n, 1, 0},
                                   .epilogue = ep.num_ops ? &ep : NULL}, NULL, NULL, 0, 0};
    cx_rt_gemm_packed_b_t* packed = NULL;
    if (!strcmp(pack, "once")) {
      if (cx_prepack_or_report(ctx, &bench.g, &packed)) return 1;
      bench.packed = packed;
      if (cold_mb > 0) {  // copies of at least B's size each
        bench.ncopies = cx_bench_cold_copies(cold_mb, (double)(k * n) * (double)es);
        bench.copies = calloc((size_t)bench.ncopies, sizeof(*bench.copies));
        if (!bench.copies) return 1;
        bench.copies[0] = packed;
        for (int i = 1; i < bench.ncopies; ++i)
          if (cx_prepack_or_report(ctx, &bench.g, &bench.copies[i])) return 1;
      }
    }
    double flops = 2.0 * (double)m * (double)n * (double)k;
    double tmin, tmax;
    double t = cx_bench_time(cx_run, &bench, reps, 0.02, &tmin, &tmax);
    double cpu = cpu_time ? cx_bench_cpu_per_call(cx_run, &bench, t, reps) : 0;
    printf("{\"bench\":\"gemm\",\"impl\":\"cxla\",\"dtype\":\"%s\",\"m\":%lld,\"k\":%lld,\"n\":%lld,"
           "\"trans_b\":%d,\"epilogue\":\"%s\",\"pack\":\"%s\",\"cold_mb\":%g,\"threads\":%d,\"isa\":\"%s\","
           "\"gflops_median\":%.1f,\"gflops_min\":%.1f,\"gflops_max\":%.1f,\"time_us\":%.1f,"
           "\"cpu_us\":%.1f,\"gflops_cpu\":%.1f}\n",
           cx_rt_dtype_name(dt), (long long)m, (long long)k, (long long)n, trans_b, epi, pack, cold_mb, threads,
           cx_rt_isa_name(cx_rt_kernel_ctx_isa(ctx)), flops / t * 1e-9, flops / tmax * 1e-9,
           flops / tmin * 1e-9, t * 1e6, cpu * 1e6, cpu > 0 ? flops / cpu * 1e-9 : 0.0);
    fflush(stdout);
    if (bench.copies) {
      for (int i = 1; i < bench.ncopies; ++i) cx_rt_gemm_packed_b_destroy(bench.copies[i]);
      free(bench.copies);
    }
    cx_rt_gemm_packed_b_destroy(packed);
    free(a);
    free(b);
    free(c);
    free(bias);
  }
  cx_rt_kernel_ctx_destroy(ctx);
  cx_rt_thread_pool_destroy(pool);
  return 0;
}

// Compiled dot_general / convolution against the kernels they run on: one
// JSON line per shape with the time of a whole compiled call (argument
// checks, the step program, the routine's stride folding, the kernel), to
// compare with bench_gemm / bench_conv on the same shape (the routine's
// overhead is the difference).
//
//   bench_compiled_dense [--threads N] [--reps R] [--dot MxKxN]... [--conv NAME]...
//
// --dot MxKxN: f32 (MxK) x (KxN) dot_general, operands row-major, B packed
// per call (as bench_gemm --pack call). --conv NAME: an f32 NHWC/HWIO
// convolution of batch 1: l1_3x3 (56x56x64, 3x3x64x64, pad 1), l2_3x3
// (28x28x128 ...), conv1 (224x224x3, 7x7x3x64, stride 2, pad 3). Without
// arguments: --dot 512x512x512 --conv l2_3x3.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "cxla/compiler.h"
#include "cxla/module.h"
#include "cxla/runtime.h"

typedef struct run {
  cx_rt_executable_t* exe;
  cx_rt_device_t* device;
  cx_buffer_view_t args[2];
  cx_buffer_view_t result;
} run_t;

static int call(void* arg) {
  run_t* r = arg;
  cx_status_t s = cx_rt_executable_invoke(r->exe, r->device, 2, r->args, 1, &r->result, NULL);
  if (s) {
    cx_status_print(s, stderr);
    cx_status_free(s);
    exit(1);
  }
  return 0;
}

static void fail(cx_status_t s) {
  cx_status_print(s, stderr);
  cx_status_free(s);
  exit(1);
}

static void view(cx_buffer_view_t* v, uint32_t rank, const int64_t* dims, uint64_t* rng) {
  memset(v, 0, sizeof(*v));
  v->elem = CX_ELEM_F32;
  v->rank = rank;
  int64_t n = 1;
  for (uint32_t d = 0; d < rank; d++) {
    v->dims[d] = dims[d];
    n *= dims[d];
  }
  v->nbytes = (size_t)n * 4;
  v->data = cx_bench_alloc(v->nbytes);
  for (int64_t i = 0; i < n; i++) ((float*)v->data)[i] = cx_bench_randf(rng);
}

static void bench(const char* what, const char* text, uint32_t ranks[3], int64_t dims[3][4],
                  double flops, int threads, int reps) {
  cx_context_t* ctx;
  cx_module_t* m;
  cx_status_t s = cx_context_create(cx_allocator_system(), &ctx);
  if (!s) s = cx_module_parse_text(ctx, text, strlen(text), NULL, &m);
  if (!s) s = cx_module_verify(m);
  run_t r;
  memset(&r, 0, sizeof(r));
  if (!s) s = cx_compile(m, NULL, &r.exe);
  cx_rt_device_options_t o = {threads};
  if (!s) s = cx_rt_device_create(&o, &r.device);
  if (s) fail(s);
  uint64_t rng = 42;
  view(&r.args[0], ranks[0], dims[0], &rng);
  view(&r.args[1], ranks[1], dims[1], &rng);
  view(&r.result, ranks[2], dims[2], &rng);
  double tmin, tmax;
  double t = cx_bench_time(call, &r, reps, 0.02, &tmin, &tmax);
  printf("{\"bench\":\"compiled_dense\",\"op\":\"%s\",\"dtype\":\"f32\",\"threads\":%d,"
         "\"gflops_median\":%.1f,\"gflops_min\":%.1f,\"gflops_max\":%.1f,\"time_us\":%.1f}\n",
         what, threads, flops / t * 1e-9, flops / tmax * 1e-9, flops / tmin * 1e-9, t * 1e6);
  fflush(stdout);
  for (int i = 0; i < 2; i++) free(r.args[i].data);
  free(r.result.data);
  cx_rt_executable_release(r.exe);
  cx_rt_device_destroy(r.device);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

static void bench_dot(int64_t m, int64_t k, int64_t n, int threads, int reps) {
  char text[1024], what[64];
  snprintf(text, sizeof text,
           "func.func @main(%%a: tensor<%lldx%lldxf32>, %%b: tensor<%lldx%lldxf32>) -> "
           "tensor<%lldx%lldxf32> {\n"
           "  %%r = stablehlo.dot_general %%a, %%b, contracting_dims = [1] x [0] : "
           "(tensor<%lldx%lldxf32>, tensor<%lldx%lldxf32>) -> tensor<%lldx%lldxf32>\n"
           "  return %%r : tensor<%lldx%lldxf32>\n}\n",
           (long long)m, (long long)k, (long long)k, (long long)n, (long long)m, (long long)n,
           (long long)m, (long long)k, (long long)k, (long long)n, (long long)m, (long long)n,
           (long long)m, (long long)n);
  uint32_t ranks[3] = {2, 2, 2};
  int64_t dims[3][4] = {{m, k}, {k, n}, {m, n}};
  snprintf(what, sizeof what, "dot_general %lldx%lldx%lld", (long long)m, (long long)k, (long long)n);
  bench(what, text, ranks, dims, 2.0 * (double)m * (double)k * (double)n, threads, reps);
}

static void bench_conv(const char* name, int threads, int reps) {
  struct {
    const char* name;
    int64_t hw, c, kk, o, stride, pad;
  } layers[] = {{"l1_3x3", 56, 64, 3, 64, 1, 1},
                {"l2_3x3", 28, 128, 3, 128, 1, 1},
                {"conv1", 224, 3, 7, 64, 2, 3}};
  for (size_t i = 0; i < sizeof(layers) / sizeof(layers[0]); i++) {
    if (strcmp(layers[i].name, name)) continue;
    int64_t hw = layers[i].hw, c = layers[i].c, kk = layers[i].kk, o = layers[i].o;
    int64_t st = layers[i].stride, p = layers[i].pad;
    int64_t oh = (hw + 2 * p - kk) / st + 1;
    char text[2048];
    snprintf(text, sizeof text,
             "func.func @main(%%x: tensor<1x%lldx%lldx%lldxf32>, %%w: tensor<%lldx%lldx%lldx%lldxf32>) -> "
             "tensor<1x%lldx%lldx%lldxf32> {\n"
             "  %%r = stablehlo.convolution(%%x, %%w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f], "
             "window = {stride = [%lld, %lld], pad = [[%lld, %lld], [%lld, %lld]]} "
             "{batch_group_count = 1 : i64, feature_group_count = 1 : i64} : "
             "(tensor<1x%lldx%lldx%lldxf32>, tensor<%lldx%lldx%lldx%lldxf32>) -> tensor<1x%lldx%lldx%lldxf32>\n"
             "  return %%r : tensor<1x%lldx%lldx%lldxf32>\n}\n",
             (long long)hw, (long long)hw, (long long)c, (long long)kk, (long long)kk, (long long)c,
             (long long)o, (long long)oh, (long long)oh, (long long)o, (long long)st, (long long)st,
             (long long)p, (long long)p, (long long)p, (long long)p, (long long)hw, (long long)hw,
             (long long)c, (long long)kk, (long long)kk, (long long)c, (long long)o, (long long)oh,
             (long long)oh, (long long)o, (long long)oh, (long long)oh, (long long)o);
    uint32_t ranks[3] = {4, 4, 4};
    int64_t dims[3][4] = {{1, hw, hw, c}, {kk, kk, c, o}, {1, oh, oh, o}};
    char what[64];
    snprintf(what, sizeof what, "convolution %s", name);
    bench(what, text, ranks, dims, 2.0 * (double)(oh * oh * o) * (double)(kk * kk * c), threads,
          reps);
    return;
  }
  fprintf(stderr, "unknown convolution %s\n", name);
  exit(2);
}

int main(int argc, char** argv) {
  int threads = 2, reps = 15, any = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
  }
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--dot") && i + 1 < argc) {
      long long m, k, n;
      if (sscanf(argv[++i], "%lldx%lldx%lld", &m, &k, &n) != 3) {
        fprintf(stderr, "bad --dot %s (want MxKxN)\n", argv[i]);
        return 2;
      }
      bench_dot(m, k, n, threads, reps);
      any = 1;
    } else if (!strcmp(argv[i], "--conv") && i + 1 < argc) {
      bench_conv(argv[++i], threads, reps);
      any = 1;
    } else if ((!strcmp(argv[i], "--threads") || !strcmp(argv[i], "--reps")) && i + 1 < argc) {
      ++i;
    } else {
      fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (!any) {
    bench_dot(512, 512, 512, threads, reps);
    bench_conv("l2_3x3", threads, reps);
  }
  return 0;
}

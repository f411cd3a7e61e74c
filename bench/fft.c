// FFT benchmark: cx_rt_fft_run over a batch of lines (64 by default) of each
// length, one thread, one JSON line per length and element type.
//
//   bench_fft [--lines L] [--reps R] [--min-ms M] [--cpu-time] [--portable] [--length N]...
//
// --portable runs the portable build of the passes where the plan would
// pick the AVX2 one (what the AVX2 build gains).
// c128: each call copies the batch into a work array and transforms it in
// place (numpy.fft.fft on complex128 also reads the input and writes a new
// array). c64: each call widens complex<f32> lines into the work array,
// transforms, and rounds back, as the compiled FFT routine does
// (runtime/routine_fft.c). bench/fft_peer.py runs this next to numpy.fft.fft
// on the same shapes and prints the ratios.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "runtime/kernels/fft.h"
#include "runtime/kernels/fft_internal.h"

typedef cx_rt_fft_complex_t cplx_t;

typedef struct fft_bench {
  const cx_rt_fft_plan_t* plan;
  int64_t n, lines;
  bool c64;
  const cplx_t* in128;
  const float* in64;
  float* out64;
  cplx_t* work;
  cplx_t* scratch;
} fft_bench_t;

static int run(void* arg) {
  const fft_bench_t* b = arg;
  // Locals, not b->: the project builds with -fno-strict-aliasing, so a
  // store through b->work could change b's fields and the loops would not
  // vectorize (the routine's own loops take pointers as arguments).
  int64_t total = b->n * b->lines;
  cplx_t* work = b->work;
  const float* in64 = b->in64;
  float* out64 = b->out64;
  if (b->c64)
    for (int64_t i = 0; i < total; i++) work[i] = (cplx_t){in64[2 * i], in64[2 * i + 1]};
  else
    memcpy(work, b->in128, (size_t)total * sizeof(cplx_t));
  for (int64_t l = 0; l < b->lines; l++) cx_rt_fft_run(b->plan, false, work + l * b->n, b->scratch);
  if (b->c64)
    for (int64_t i = 0; i < total; i++) {
      out64[2 * i] = (float)work[i].re;
      out64[2 * i + 1] = (float)work[i].im;
    }
  return 0;
}

int main(int argc, char** argv) {
  int64_t lines = 64;
  int reps = 21;
  double min_ms = 20;
  bool cpu_time = false, portable = false;
  int64_t lengths[64];
  int nlengths = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--lines") && i + 1 < argc) lines = atoll(argv[++i]);
    else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--min-ms") && i + 1 < argc) min_ms = atof(argv[++i]);
    else if (!strcmp(argv[i], "--cpu-time")) cpu_time = true;
    else if (!strcmp(argv[i], "--portable")) portable = true;
    else if (!strcmp(argv[i], "--length") && i + 1 < argc && nlengths < 64)
      lengths[nlengths++] = atoll(argv[++i]);
    else {
      fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  if (nlengths == 0) {
    // Powers of two, smooth lengths (2^a 3^b 5^c), and lengths with a large
    // prime factor (Bluestein): 1009 is prime, 4097 = 17 * 241.
    const int64_t dflt[] = {256, 1024, 4096, 16384, 360, 768, 1000, 1536, 3000, 4800, 6561, 1009, 4097};
    for (size_t i = 0; i < sizeof dflt / sizeof dflt[0]; i++) lengths[nlengths++] = dflt[i];
  }
  uint64_t seed = 42;
  for (int li = 0; li < nlengths; li++) {
    int64_t n = lengths[li], total = n * lines;
    cx_rt_fft_plan_t* plan = cx_rt_fft_plan_create(n);
    int64_t sl = cx_rt_fft_scratch_len(n);
    cplx_t* in128 = cx_bench_alloc((size_t)total * sizeof(cplx_t));
    float* in64 = cx_bench_alloc((size_t)total * 2 * sizeof(float));
    float* out64 = cx_bench_alloc((size_t)total * 2 * sizeof(float));
    cplx_t* work = cx_bench_alloc((size_t)total * sizeof(cplx_t));
    cplx_t* scratch = cx_bench_alloc((size_t)(sl > 0 ? sl : 1) * sizeof(cplx_t));
    if (!plan || !in128 || !in64 || !out64 || !work || !scratch) {
      fprintf(stderr, "out of memory at length %lld\n", (long long)n);
      return 1;
    }
    if (portable) {
      plan->stockham = cx_rt_fft_stockham_portable;
      if (plan->inner) plan->inner->stockham = cx_rt_fft_stockham_portable;
    }
    for (int64_t i = 0; i < total; i++) {
      in64[2 * i] = cx_bench_randf(&seed);
      in64[2 * i + 1] = cx_bench_randf(&seed);
      in128[i] = (cplx_t){in64[2 * i], in64[2 * i + 1]};
    }
    for (int c64 = 0; c64 < 2; c64++) {
      fft_bench_t b = {plan, n, lines, c64, in128, in64, out64, work, scratch};
      double mn, mx;
      double t = cx_bench_time(run, &b, reps, min_ms * 1e-3, &mn, &mx);
      printf("{\"bench\": \"fft\", \"length\": %lld, \"lines\": %lld, \"dtype\": \"%s\", "
             "\"threads\": 1, \"isa\": \"%s\", \"median_us\": %.2f, \"min_us\": %.2f, "
             "\"max_us\": %.2f",
             (long long)n, (long long)lines, c64 ? "c64" : "c128",
             plan->kind == CX_RT_FFT_TRIVIAL ? "none"
             : (plan->inner ? plan->inner : plan)->stockham == cx_rt_fft_stockham_avx2
                 ? "avx2"
                 : "portable",
             t * 1e6, mn * 1e6, mx * 1e6);
      if (cpu_time) printf(", \"cpu_us\": %.2f", cx_bench_cpu_per_call(run, &b, t, reps) * 1e6);
      printf("}\n");
      fflush(stdout);
    }
    cx_rt_fft_plan_destroy(plan);
    free(in128);
    free(in64);
    free(out64);
    free(work);
    free(scratch);
  }
  return 0;
}

// Shared helpers of the benchmark programs: timing, medians, random fills.
#ifndef CXLA_BENCH_UTIL_H_
#define CXLA_BENCH_UTIL_H_

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

// Allocates like numpy does for large arrays: 2 MiB aligned with
// MADV_HUGEPAGE (transparent huge pages are madvise-only here), so cxla and
// the numpy peer read their operands under the same TLB conditions.
static inline void* cx_bench_alloc(size_t bytes) {
  size_t align = bytes >= (4u << 20) ? (2u << 20) : 64;
  bytes = (bytes + align - 1) / align * align;
  void* p = aligned_alloc(align, bytes ? bytes : align);
#ifdef MADV_HUGEPAGE
  if (p && align > 64) (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

// How many copies of a `bytes`-sized operand make about `mb` megabytes
// (--cold, --cold-out: used in turn so each call finds its operand out of
// cache): at least 2, at most 4096.
static inline int cx_bench_cold_copies(double mb, double bytes) {
  double n = mb * 1048576.0 / bytes;
  return n < 2 ? 2 : n > 4096 ? 4096 : (int)n;
}

static inline double cx_bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cx_bench_cmp(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static inline double cx_bench_median(double* v, int n) {
  qsort(v, (size_t)n, sizeof(double), cx_bench_cmp);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static inline uint64_t cx_bench_rng(uint64_t* s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return *s >> 33;
}

static inline float cx_bench_randf(uint64_t* s) {
  return (float)cx_bench_rng(s) / (float)(1u << 31) * 2.0f - 1.0f;
}

// Times fn(arg) like sgemm_bench.py does: warm up, size a batch of calls to
// last >= min_s, then `reps` samples of the batch; returns seconds per call
// (median) and fills *out_min / *out_max.
typedef int (*cx_bench_fn)(void* arg);
static inline double cx_bench_time(cx_bench_fn fn, void* arg, int reps, double min_s,
                                   double* out_min, double* out_max) {
  for (int i = 0; i < 3; ++i) fn(arg);
  double t0 = cx_bench_now();
  fn(arg);
  double one = cx_bench_now() - t0;
  int batch = one > 0 ? (int)(min_s / one) : 1000;
  if (batch < 1) batch = 1;
  double samples[256];
  if (reps > 256) reps = 256;
  for (int r = 0; r < reps; ++r) {
    t0 = cx_bench_now();
    for (int b = 0; b < batch; ++b) fn(arg);
    samples[r] = (cx_bench_now() - t0) / batch;
  }
  double mn = samples[0], mx = samples[0];
  for (int r = 1; r < reps; ++r) {
    if (samples[r] < mn) mn = samples[r];
    if (samples[r] > mx) mx = samples[r];
  }
  if (out_min) *out_min = mn;
  if (out_max) *out_max = mx;
  return cx_bench_median(samples, reps);
}

// With --cpu-time: the median process CPU time per call over `reps` batches
// of about 20 ms. With one thread this is the time the kernel ran, whatever
// else the shared host did meanwhile (wall time is then only an upper bound).
static inline double cx_bench_cpu_per_call(cx_bench_fn fn, void* arg, double wall_per_call, int reps) {
  int batch = wall_per_call > 0 ? (int)(0.02 / wall_per_call) : 1;
  if (batch < 1) batch = 1;
  double s[64];
  if (reps > 64) reps = 64;
  for (int r = 0; r < reps; ++r) {
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    for (int i = 0; i < batch; ++i) fn(arg);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    s[r] = ((double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec)) / batch;
  }
  return cx_bench_median(s, reps);
}

#endif  // CXLA_BENCH_UTIL_H_

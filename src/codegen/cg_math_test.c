// Accuracy of the vectorizable elementary functions (cg_math.c): each
// function is emitted as a kernel over an f32 or f64 buffer, compiled with
// the JIT and compared with references: libm in double rounded to f32 for
// f32 results, libm in long double (64-bit significand) for f64 results.
// Errors are measured in ULPs of the exact result (|y - ref| / ulp(ref),
// fractional), special values (NaN, infinities, signed zeros) must match.
//
//   cg_math_test                     sampled (ctest): f32 every 4099th bit
//                                    pattern plus random values of the
//                                    interesting ranges; f64 random values
//   cg_math_test --exhaustive [FN..] every f32 input of the unary functions
//                                    (2^32; minutes per function)
//   options: --f64=N (random f64 inputs per range), --threads=N (reference
//            computation), --no-f64 / --no-f32
//
// It fails if an f32 result is 1 ULP or more away from the exact value (2 for
// tanh and logistic, computed faster), an f64 result 2 ULP or more, or a
// special value differs, and (sampled) if an element's result computed by
// the vector loop differs from the one the scalar loop gives.
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codegen/cg.h"
#include "codegen/cg_math.h"
#include "cxla/module.h"

// ---- references -----------------------------------------------------------------------

static double r_logistic(double x) { return 1.0 / (1.0 + exp(-x)); }
static double r_rsqrt(double x) { return 1.0 / sqrt(x); }
static long double rl_logistic(long double x) { return 1.0L / (1.0L + expl(-x)); }
static long double rl_rsqrt(long double x) { return 1.0L / sqrtl(x); }

typedef struct fn_case {
  cx_cg_math_fn_t fn;
  const char* name;
  double (*ref1)(double);
  long double (*ref1l)(long double);
  double (*ref2)(double, double);
  long double (*ref2l)(long double, long double);
  double lo, hi;  // the interesting range for random inputs
  // f32 results must be closer than this many ULPs (0: 1, faithful): tanh
  // and logistic trade it for speed (cg_math.c, "fast f32 tanh and logistic").
  double f32_bound;
} fn_case_t;

static const fn_case_t kCases[] = {
    {CX_CG_MATH_EXP, "exp", exp, expl, NULL, NULL, -750, 750, 0},
    {CX_CG_MATH_EXPM1, "expm1", expm1, expm1l, NULL, NULL, -50, 50, 0},
    {CX_CG_MATH_LOG, "log", log, logl, NULL, NULL, 0, 4, 0},
    {CX_CG_MATH_LOG1P, "log1p", log1p, log1pl, NULL, NULL, -1, 4, 0},
    {CX_CG_MATH_TANH, "tanh", tanh, tanhl, NULL, NULL, -3, 3, 2.0},
    {CX_CG_MATH_LOGISTIC, "logistic", r_logistic, rl_logistic, NULL, NULL, -750, 50, 2.0},
    {CX_CG_MATH_ERF, "erf", erf, erfl, NULL, NULL, -6, 6, 0},
    {CX_CG_MATH_SIN, "sin", sin, sinl, NULL, NULL, -10, 10, 0},
    {CX_CG_MATH_COS, "cos", cos, cosl, NULL, NULL, -10, 10, 0},
    {CX_CG_MATH_TAN, "tan", tan, tanl, NULL, NULL, -10, 10, 0},
    {CX_CG_MATH_CBRT, "cbrt", cbrt, cbrtl, NULL, NULL, -10, 10, 0},
    {CX_CG_MATH_RSQRT, "rsqrt", r_rsqrt, rl_rsqrt, NULL, NULL, 0, 10, 0},
    {CX_CG_MATH_ATAN2, "atan2", NULL, NULL, atan2, atan2l, -10, 10, 0},
    {CX_CG_MATH_POW, "pow", NULL, NULL, pow, powl, 0, 4, 0},
};
enum { NUM_CASES = sizeof(kCases) / sizeof(kCases[0]) };

// ---- error measure --------------------------------------------------------------------

typedef struct stats {
  double max_ulp;
  double at_x, at_y, got;
  uint64_t count, not_rounded, specials_bad;
  double bad_x, bad_y, bad_got;
} stats_t;

// ULPs of |got - ref| for a result format with p-bit significands and
// exponents emin..emax; ref is exact (or nearly). Special values: 0 if they
// match, INFINITY if not.
static double ulp_error(long double got, long double ref, int p, int emin, int emax) {
  if (isnan(ref) || isnan(got)) return isnan(ref) && isnan(got) ? 0 : INFINITY;
  long double a = fabsl(ref);
  long double maxv = ldexpl(2.0L - ldexpl(1.0L, 1 - p), emax);
  // The format's rounding of ref overflows: the result must be infinity.
  if (isinf(ref) || a >= maxv + ldexpl(1.0L, emax - p))
    return (isinf(got) && signbit(got) == signbit(ref)) ? 0 : INFINITY;
  if (isinf(got)) return INFINITY;
  if (ref == 0 && got == 0) return signbit(got) == signbit(ref) ? 0 : INFINITY;
  int e;
  frexpl(a, &e);  // a in [2^(e-1), 2^e)
  int ex = e - 1 < emin ? emin : e - 1;
  long double ulp = ldexpl(1.0L, ex - (p - 1));
  return (double)(fabsl(got - ref) / ulp);
}

static void record(stats_t* s, double err, bool rounded_ok, double x, double y, double got) {
  s->count++;
  if (!rounded_ok) s->not_rounded++;
  if (isinf(err)) {
    if (!s->specials_bad) {
      s->bad_x = x;
      s->bad_y = y;
      s->bad_got = got;
    }
    s->specials_bad++;
    return;
  }
  if (err > s->max_ulp) {
    s->max_ulp = err;
    s->at_x = x;
    s->at_y = y;
    s->got = got;
  }
}

static void merge(stats_t* into, const stats_t* s) {
  if (s->max_ulp > into->max_ulp) {
    into->max_ulp = s->max_ulp;
    into->at_x = s->at_x;
    into->at_y = s->at_y;
    into->got = s->got;
  }
  if (s->specials_bad && !into->specials_bad) {
    into->bad_x = s->bad_x;
    into->bad_y = s->bad_y;
    into->bad_got = s->bad_got;
  }
  into->count += s->count;
  into->not_rounded += s->not_rounded;
  into->specials_bad += s->specials_bad;
}

// ---- kernels ----------------------------------------------------------------------------

typedef struct kernels {
  cx_cg_code_t code;
  int index[NUM_CASES][2];  // -1: none
} kernels_t;

static int build_kernels(cx_context_t* ctx, kernels_t* ks) {
  cx_cg_t* cg = NULL;
  cx_status_t s = cx_cg_create(ctx, NULL, &cg);
  if (s) {
    fprintf(stderr, "cx_cg_create: %s\n", cx_status_message(s));
    cx_status_free(s);
    return 1;
  }
  for (int c = 0; c < NUM_CASES; c++) {
    for (int w = 0; w < 2; w++) {
      cx_cg_kernel_info_t info;
      s = cx_cg_emit_math_kernel(cg, kCases[c].fn, w == 1, &info);
      ks->index[c][w] = s ? -1 : (int)info.index;
      cx_status_free(s);
    }
  }
  s = cx_cg_finish(cg, &ks->code);
  cx_cg_destroy(cg);
  if (s) {
    fprintf(stderr, "cx_cg_finish: %s\n", cx_status_message(s));
    cx_status_free(s);
    return 1;
  }
  return 0;
}

static void run_kernel(const kernels_t* ks, int index, void* x, void* y, void* out, int64_t n) {
  void* bufs[3] = {x, y ? y : out, out};
  cx_kernel_call_t call = {bufs, NULL, 0, n};
  int32_t rc = ks->code.library->kernels[index](&call);
  if (rc) fprintf(stderr, "kernel returned %d\n", rc);
}

// ---- comparison over a chunk ------------------------------------------------------------

typedef struct job {
  const fn_case_t* c;
  bool f64;
  const void *x, *y, *out;
  int64_t begin, end;
  stats_t st;
} job_t;

static void* compare_job(void* arg) {
  job_t* j = arg;
  const fn_case_t* c = j->c;
  for (int64_t i = j->begin; i < j->end; i++) {
    if (!j->f64) {
      double x = ((const float*)j->x)[i], y = j->y ? ((const float*)j->y)[i] : 0;
      float got = ((const float*)j->out)[i];
      double ref = c->ref1 ? c->ref1(x) : c->ref2(x, y);
      double err = ulp_error(got, ref, 24, -126, 127);
      float rounded = (float)ref;
      bool ok = got == rounded || (isnan(got) && isnan(rounded));
      record(&j->st, err, ok, x, y, got);
    } else {
      double x = ((const double*)j->x)[i], y = j->y ? ((const double*)j->y)[i] : 0;
      double got = ((const double*)j->out)[i];
      long double ref = c->ref1l ? c->ref1l(x) : c->ref2l(x, y);
      double err = ulp_error(got, ref, 53, -1022, 1023);
      double rounded = (double)ref;
      bool ok = got == rounded || (isnan(got) && isnan(rounded));
      record(&j->st, err, ok, x, y, got);
    }
  }
  return NULL;
}

static int g_threads = 1;

static void compare(const fn_case_t* c, bool f64, const void* x, const void* y, const void* out,
                    int64_t n, stats_t* st) {
  job_t jobs[16];
  pthread_t th[16];
  int nt = g_threads < 1 ? 1 : g_threads > 16 ? 16 : g_threads;
  for (int t = 0; t < nt; t++) {
    memset(&jobs[t], 0, sizeof jobs[t]);
    jobs[t] = (job_t){.c = c, .f64 = f64, .x = x, .y = y, .out = out, .begin = n * t / nt, .end = n * (t + 1) / nt};
    if (t > 0) pthread_create(&th[t], NULL, compare_job, &jobs[t]);
  }
  compare_job(&jobs[0]);
  for (int t = 1; t < nt; t++) pthread_join(th[t], NULL);
  for (int t = 0; t < nt; t++) merge(st, &jobs[t].st);
}

// ---- inputs -------------------------------------------------------------------------------

static uint64_t g_rng = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return g_rng;
}
static double uniform(double lo, double hi) { return lo + (hi - lo) * ((double)(rnd() >> 11) * 0x1p-53); }

static float f32_of_bits(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static double f64_of_bits(uint64_t u) {
  double d;
  memcpy(&d, &u, 8);
  return d;
}

// Values every function must get right, in both widths.
static const double kSpecials[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 0.25,
                                   10.0, -10.0, 100.0, -100.0, 1e-300, -1e-300, 1e-40, -1e-40,
                                   1e-30, 1e30, -1e30, 1e300, -1e300, 88.72, 89.0, -87.33, -103.9,
                                   -104.0, 709.78, 709.79, -745.1, -745.2, 0.6, 0.35, 1.5707963267948966,
                                   3.141592653589793, 6.283185307179586, 1e6, 1e22, 3.4e38, -3.4e38,
                                   1.7e308, -1.7e308, 0x1p-149, -0x1p-149, 0x1p-1074, 0x1p-126,
                                   0x1p-1022, 8.0, 27.0, -8.0, 0.125, INFINITY, -INFINITY, NAN};
enum { NUM_SPECIALS = sizeof(kSpecials) / sizeof(kSpecials[0]) };

enum { CHUNK = 1 << 22 };

typedef struct bufs {
  void *x, *y, *out;
} bufs_t;

// Fills x (and y) for the sampled run: specials (all pairs for binary
// functions), then random values in the case's range and over all bit
// patterns (f64) or a stride through all bit patterns (f32).
static int64_t fill_sampled(const fn_case_t* c, bool f64, bufs_t* b, uint64_t stride, int64_t nrandom) {
  int64_t n = 0;
  bool binary = c->ref2 != NULL;
#define PUT(X, Y)                                                         \
  do {                                                                    \
    if (n < CHUNK) {                                                      \
      if (f64) {                                                          \
        ((double*)b->x)[n] = (X);                                         \
        if (binary) ((double*)b->y)[n] = (Y);                             \
      } else {                                                            \
        ((float*)b->x)[n] = (float)(X);                                   \
        if (binary) ((float*)b->y)[n] = (float)(Y);                       \
      }                                                                   \
      n++;                                                                \
    }                                                                     \
  } while (0)
  for (int i = 0; i < NUM_SPECIALS; i++) {
    if (!binary) {
      PUT(kSpecials[i], 0);
      continue;
    }
    for (int j = 0; j < NUM_SPECIALS; j++) PUT(kSpecials[i], kSpecials[j]);
  }
  for (int64_t i = 0; i < nrandom; i++) {
    double u = uniform(c->lo, c->hi);
    double v = binary ? uniform(c->fn == CX_CG_MATH_POW ? -50 : c->lo, c->fn == CX_CG_MATH_POW ? 50 : c->hi) : 0;
    PUT(u, v);
  }
  if (binary && c->fn == CX_CG_MATH_POW) {
    // Near 1 with large exponents, integral exponents of negative bases.
    for (int64_t i = 0; i < nrandom; i++) PUT(1 + uniform(-1e-3, 1e-3), uniform(-1e5, 1e5));
    for (int64_t i = 0; i < nrandom / 4; i++) PUT(uniform(-8, 8), (double)(int)uniform(-60, 60));
  }
  if (f64) {
    for (int64_t i = 0; i < nrandom; i++) {
      uint64_t u = rnd(), v = rnd();
      PUT(f64_of_bits(u), binary ? f64_of_bits(v) : 0);
    }
  } else {
    // Both sides of the boundaries of f32 tanh's intervals (bits >> 21, from
    // 2^-8 to 32: cg_math.c, "table-driven f32 tanh").
    for (uint32_t k = 472; k < 528; k++) {
      for (int d = -3; d <= 3; d++) {
        uint32_t u = (k << 21) + (uint32_t)d;
        PUT(f32_of_bits(u), binary ? f32_of_bits((uint32_t)rnd()) : 0);
        PUT(f32_of_bits(u | 0x80000000u), binary ? f32_of_bits((uint32_t)rnd()) : 0);
      }
    }
    for (uint64_t u = 0; u < (1ull << 32); u += stride) {
      uint32_t v = (uint32_t)rnd();
      PUT(f32_of_bits((uint32_t)u), binary ? f32_of_bits(v) : 0);
    }
  }
#undef PUT
  return n;
}

static void report(const char* name, bool f64, bool binary, const stats_t* s, bool exhaustive) {
  char y[64] = "";
  if (binary) snprintf(y, sizeof y, " y=%a", s->at_y);
  printf("%-9s %s %s  max %.3f ulp at x=%a%s (got %a)  not correctly rounded %.4f%%  specials wrong %" PRIu64
         "  (%" PRIu64 " inputs)\n",
         name, f64 ? "f64" : "f32", exhaustive ? "all " : "samp", s->max_ulp, s->at_x, y, s->got,
         s->count ? 100.0 * (double)s->not_rounded / (double)s->count : 0.0, s->specials_bad, s->count);
  if (s->specials_bad)
    printf("          first wrong special: x=%a y=%a got %a\n", s->bad_x, s->bad_y, s->bad_got);
  fflush(stdout);
}

// The kernel's results must not depend on which code computes an element:
// one call over the first n inputs runs them through the vector loop (the
// scalar remainder only for the last few), calls of one element through the
// scalar loop. Their bits must agree. Returns the number of elements that
// differ (and prints the first).
static int64_t check_scalar_vector(const kernels_t* ks, int index, const char* name, bool f64, bool binary,
                                   const bufs_t* b, int64_t n) {
  size_t w = f64 ? 8 : 4;
  unsigned char* one = malloc((size_t)n * w);
  if (!one) return n;
  run_kernel(ks, index, b->x, binary ? b->y : NULL, b->out, n);
  for (int64_t i = 0; i < n; i++) {
    const unsigned char* x = (const unsigned char*)b->x + (size_t)i * w;
    const unsigned char* y = binary ? (const unsigned char*)b->y + (size_t)i * w : NULL;
    run_kernel(ks, index, (void*)x, (void*)y, one + (size_t)i * w, 1);
  }
  int64_t bad = 0;
  for (int64_t i = 0; i < n; i++) {
    const unsigned char* v = (const unsigned char*)b->out + (size_t)i * w;
    const unsigned char* s1 = one + (size_t)i * w;
    double dv = f64 ? *(const double*)v : *(const float*)v;
    double ds = f64 ? *(const double*)s1 : *(const float*)s1;
    if (!memcmp(v, s1, w) || (isnan(dv) && isnan(ds))) continue;
    if (!bad) {
      double dx = f64 ? ((const double*)b->x)[i] : ((const float*)b->x)[i];
      printf("%-9s %s vector and scalar results differ at x=%a: %a vs %a\n", name, f64 ? "f64" : "f32", dx, dv, ds);
    }
    bad++;
  }
  free(one);
  return bad;
}

static bool selected(const char* name, int argc, char** argv) {
  bool any = false;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;
    any = true;
    if (!strcmp(argv[i], name)) return true;
  }
  return !any;
}

int main(int argc, char** argv) {
  bool exhaustive = false, do32 = true, do64 = true;
  int64_t nrandom64 = 200000;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--exhaustive")) exhaustive = true;
    else if (!strncmp(argv[i], "--threads=", 10)) g_threads = atoi(argv[i] + 10);
    else if (!strncmp(argv[i], "--f64=", 6)) nrandom64 = atoll(argv[i] + 6);
    else if (!strcmp(argv[i], "--no-f64")) do64 = false;
    else if (!strcmp(argv[i], "--no-f32")) do32 = false;
  }
  if (nrandom64 > CHUNK / 4) nrandom64 = CHUNK / 4;
  cx_context_t* ctx = NULL;
  cx_status_t s = cx_context_create(cx_allocator_system(), &ctx);
  if (s) return 1;
  kernels_t ks;
  if (build_kernels(ctx, &ks)) return 1;
  bufs_t b = {malloc((size_t)CHUNK * 8), malloc((size_t)CHUNK * 8), malloc((size_t)CHUNK * 8)};
  if (!b.x || !b.y || !b.out) return 1;
  int failures = 0;
  for (int c = 0; c < NUM_CASES; c++) {
    const fn_case_t* fc = &kCases[c];
    if (!selected(fc->name, argc, argv)) continue;
    bool binary = fc->ref2 != NULL;
    for (int w = 0; w < 2; w++) {
      bool f64 = w == 1;
      if ((f64 && !do64) || (!f64 && !do32)) continue;
      int index = ks.index[c][w];
      if (index < 0) {
        printf("%-9s %s      (libm import: no vectorizable version)\n", fc->name, f64 ? "f64" : "f32");
        continue;
      }
      stats_t st = {0};
      if (exhaustive && !f64 && !binary) {
        for (uint64_t base = 0; base < (1ull << 32); base += CHUNK) {
          for (int64_t i = 0; i < CHUNK; i++) ((float*)b.x)[i] = f32_of_bits((uint32_t)(base + (uint64_t)i));
          run_kernel(&ks, index, b.x, NULL, b.out, CHUNK);
          compare(fc, false, b.x, NULL, b.out, CHUNK, &st);
        }
      } else {
        int64_t n = fill_sampled(fc, f64, &b, exhaustive ? 97 : 4099, f64 ? nrandom64 : 200000);
        run_kernel(&ks, index, b.x, binary ? b.y : NULL, b.out, n);
        compare(fc, f64, b.x, binary ? b.y : NULL, b.out, n, &st);
      }
      report(fc->name, f64, binary, &st, exhaustive && !f64 && !binary);
      double limit = f64 ? 2.0 : fc->f32_bound > 0 ? fc->f32_bound : 1.0;
      if (st.specials_bad || !(st.max_ulp < limit)) failures++;
      if (!exhaustive) {
        // The sampled inputs again (specials, boundaries, random values).
        int64_t n = fill_sampled(fc, f64, &b, 4099, 2000);
        if (n > 20000) n = 20000;
        if (check_scalar_vector(&ks, index, fc->name, f64, binary, &b, n)) failures++;
      }
    }
  }
  free(b.x);
  free(b.y);
  free(b.out);
  if (ks.code.release) ks.code.release(ks.code.owner);
  cx_context_destroy(ctx);
  if (failures) printf("FAILED: %d function(s) beyond their bound\n", failures);
  return failures ? 1 : 0;
}

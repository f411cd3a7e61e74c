// The one-dimensional transforms (kernels/fft.h) against the direct sum in
// long double, for every algorithm: powers of two (radix-2), small lengths
// (direct), primes and other lengths up to ~4100 (Bluestein); round trips;
// exact answers the twiddles' symmetries promise; the FFT record's checks
// (routine_fft.h).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "runtime/kernels/fft.h"
#include "runtime/routine_fft.h"

typedef cx_rt_fft_complex_t cplx_t;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static double uniform(void) {  // in [-1, 1)
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (double)(rng_state >> 11) * (1.0 / 4503599627370496.0) - 1.0;
}

// The direct sum in long double, angles reduced mod n exactly (a table of
// the n roots, so the sum costs no sin/cos per term).
static void reference_dft(const cplx_t* x, int64_t n, bool inverse, cplx_t* out) {
  const long double two_pi = 6.283185307179586476925286766559005768L;
  long double* c = malloc((size_t)(n > 0 ? n : 1) * sizeof(long double));
  long double* s = malloc((size_t)(n > 0 ? n : 1) * sizeof(long double));
  for (int64_t i = 0; i < n; i++) {
    long double a = two_pi * (long double)i / (long double)n * (inverse ? 1 : -1);
    c[i] = cosl(a);
    s[i] = sinl(a);
  }
  for (int64_t k = 0; k < n; k++) {
    long double re = 0, im = 0;
    int64_t idx = 0;
    for (int64_t j = 0; j < n; j++) {
      re += x[j].re * c[idx] - x[j].im * s[idx];
      im += x[j].re * s[idx] + x[j].im * c[idx];
      idx += k;
      if (idx >= n) idx -= n;
    }
    out[k].re = (double)re;
    out[k].im = (double)im;
  }
  free(c);
  free(s);
}

// max |a - b| / max |b| (0 when b is all zeros and a equals it).
static double rel_error(const cplx_t* a, const cplx_t* b, int64_t n) {
  double err = 0, mag = 0;
  for (int64_t i = 0; i < n; i++) {
    err = fmax(err, fmax(fabs(a[i].re - b[i].re), fabs(a[i].im - b[i].im)));
    mag = fmax(mag, fmax(fabs(b[i].re), fabs(b[i].im)));
  }
  return mag > 0 ? err / mag : err;
}

// Transforms a random vector of length n both ways and compares with the
// reference; then the round trip.
static void check_length(int64_t n) {
  cx_rt_fft_plan_t* plan = cx_rt_fft_plan_create(n);
  CX_EXPECT(plan != NULL);
  if (!plan) return;
  size_t cnt = (size_t)(n > 0 ? n : 1);
  int64_t sl = cx_rt_fft_scratch_len(n);
  CX_EXPECT(sl >= 0);
  cplx_t* x = malloc(cnt * sizeof(cplx_t));
  cplx_t* got = malloc(cnt * sizeof(cplx_t));
  cplx_t* want = malloc(cnt * sizeof(cplx_t));
  cplx_t* scratch = malloc((size_t)(sl > 0 ? sl : 1) * sizeof(cplx_t));
  for (int64_t i = 0; i < n; i++) {
    x[i].re = uniform();
    x[i].im = uniform();
  }
  // A tolerance a double FFT meets with room (its error grows like log n),
  // and which a wrong twiddle, index or scaling misses by far.
  double tol = 2e-14 * (1 + log2((double)cnt));
  for (int inverse = 0; inverse < 2; inverse++) {
    memcpy(got, x, (size_t)n * sizeof(cplx_t));
    cx_rt_fft_run(plan, inverse, got, scratch);
    reference_dft(x, n, inverse, want);
    double e = rel_error(got, want, n);
    if (!(e <= tol)) CX_FAIL_("n=%lld %s: relative error %.3g > %.3g", (long long)n,
                              inverse ? "inverse" : "forward", e, tol);
  }
  memcpy(got, x, (size_t)n * sizeof(cplx_t));
  cx_rt_fft_run(plan, false, got, scratch);
  cx_rt_fft_run(plan, true, got, scratch);
  for (int64_t i = 0; i < n; i++) {
    got[i].re /= (double)n;
    got[i].im /= (double)n;
  }
  double e = rel_error(got, x, n);
  if (!(e <= tol)) CX_FAIL_("n=%lld round trip: relative error %.3g", (long long)n, e);
  free(x);
  free(got);
  free(want);
  free(scratch);
  cx_rt_fft_plan_destroy(plan);
}

CX_TEST(small_lengths) {
  for (int64_t n = 0; n <= 40; n++) check_length(n);
}

CX_TEST(powers_of_two) {
  for (int64_t n = 64; n <= 4096; n *= 2) check_length(n);
}

CX_TEST(primes_and_other_lengths) {
  const int64_t lengths[] = {97, 100, 101, 127, 257, 360, 1000, 1009, 1021, 1031, 2047, 4097};
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) check_length(lengths[i]);
}

// The transform of an impulse is all ones and of a constant an impulse,
// exactly where the twiddles are exact (radix-2 and the direct sums): the
// symmetries of unit_root give exactly 0 and +-1 at quarter turns.
CX_TEST(exact_answers) {
  const int64_t lengths[] = {2, 4, 8, 12, 16, 64, 1024};
  for (size_t t = 0; t < sizeof lengths / sizeof lengths[0]; t++) {
    int64_t n = lengths[t];
    cx_rt_fft_plan_t* plan = cx_rt_fft_plan_create(n);
    CX_EXPECT(plan != NULL);
    if (!plan) continue;
    cplx_t* v = calloc((size_t)n, sizeof(cplx_t));
    cplx_t* scratch = calloc((size_t)cx_rt_fft_scratch_len(n) + 1, sizeof(cplx_t));
    v[0].re = 1;
    cx_rt_fft_run(plan, false, v, scratch);
    for (int64_t k = 0; k < n; k++)
      if (v[k].re != 1 || v[k].im != 0)
        CX_FAIL_("n=%lld impulse: X[%lld] = (%.17g, %.17g)", (long long)n, (long long)k, v[k].re,
                 v[k].im);
    // Ones now: the inverse gives n at 0 and zeros elsewhere (exact only
    // for radix-2, whose butterflies add a value and its negation).
    cx_rt_fft_run(plan, true, v, scratch);
    for (int64_t k = 0; k < n && (n & (n - 1)) == 0; k++)
      if (v[k].re != (k ? 0 : (double)n) || fabs(v[k].im) != 0)
        CX_FAIL_("n=%lld constant: x[%lld] = (%.17g, %.17g)", (long long)n, (long long)k, v[k].re,
                 v[k].im);
    // A shifted impulse gives the twiddles themselves: exp(-2 pi i k/n).
    memset(v, 0, (size_t)n * sizeof(cplx_t));
    v[1].re = 1;
    cx_rt_fft_run(plan, false, v, scratch);
    CX_EXPECT(v[n / 2].re == -1 && v[n / 2].im == 0);
    if (n % 4 == 0) CX_EXPECT(v[n / 4].re == 0 && v[n / 4].im == -1);
    free(v);
    free(scratch);
    cx_rt_fft_plan_destroy(plan);
  }
}

CX_TEST(lengths_out_of_range) {
  CX_EXPECT(cx_rt_fft_plan_create(-1) == NULL);
  CX_EXPECT(cx_rt_fft_plan_create(CX_RT_FFT_MAX_LENGTH + 1) == NULL);
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(-1), -1);
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(1024), 0);
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(12), 12);
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(17), 64);  // 2 * 17 - 1 = 33 -> 64
}

static cx_rt_fft_params_t rfft_record(void) {
  cx_rt_fft_params_t p;
  memset(&p, 0, sizeof p);
  p.type = CX_RT_FFT_REAL_FORWARD;
  p.num_axes = 2;
  p.length[0] = 3;
  p.length[1] = 8;
  p.operand = (cx_rt_shape_t){CX_ELEM_F32, 3, {4, 3, 8}};
  p.result = (cx_rt_shape_t){CX_ELEM_C64, 3, {4, 3, 5}};
  return p;
}

// What an artifact's record may not say.
CX_TEST(record_checks) {
  cx_rt_fft_params_t p = rfft_record();
  CX_EXPECT(cx_rt_fft_params_invalid(&p) == NULL);
  // Work: the 4x3x8 transform, a line of 8, no scratch (radix-2 and direct).
  CX_EXPECT_EQ_U64(cx_rt_fft_work_bytes(&p), (96 + 8 + 3) * sizeof(cplx_t));
  p.result.dims[2] = 8;
  CX_EXPECT(cx_rt_fft_params_invalid(&p) != NULL);
  p = rfft_record();
  p.result.elem = CX_ELEM_C128;
  CX_EXPECT(cx_rt_fft_params_invalid(&p) != NULL);
  p = rfft_record();
  p.num_axes = 4;
  CX_EXPECT(cx_rt_fft_params_invalid(&p) != NULL);
  p = rfft_record();
  p.type = 7;
  CX_EXPECT(cx_rt_fft_params_invalid(&p) != NULL);
  p = rfft_record();
  p.operand.dims[0] = p.result.dims[0] = (int64_t)1 << 60;
  CX_EXPECT(cx_rt_fft_params_invalid(&p) != NULL);
  p = rfft_record();
  p.type = CX_RT_FFT_REAL_INVERSE;  // IRFFT takes the 5 and gives the 8
  p.operand = (cx_rt_shape_t){CX_ELEM_C64, 3, {4, 3, 5}};
  p.result = (cx_rt_shape_t){CX_ELEM_F32, 3, {4, 3, 8}};
  CX_EXPECT(cx_rt_fft_params_invalid(&p) == NULL);
}

int main(void) {
  CX_RUN(small_lengths);
  CX_RUN(powers_of_two);
  CX_RUN(primes_and_other_lengths);
  CX_RUN(exact_answers);
  CX_RUN(lengths_out_of_range);
  CX_RUN(record_checks);
  return CX_TEST_EXIT();
}

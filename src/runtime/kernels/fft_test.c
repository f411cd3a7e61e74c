// The one-dimensional transforms (kernels/fft.h) against the direct sum in
// long double, for both algorithms: mixed radix (every length 1..300, powers
// of 2, 3 and 5, every radix up to 31 and mixtures of them) and Bluestein
// (lengths with a prime factor above 31, up to 4097); round trips; exact
// answers the twiddles' symmetries promise; the ISA levels' identical bits;
// the FFT record's checks (routine_fft.h).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "runtime/cpu_features.h"
#include "runtime/kernels/fft.h"
#include "runtime/kernels/fft_internal.h"
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

// Every radix alone and after every other, both paths of a pass (ns odd and
// even), and Bluestein from 37 (the first prime above the largest radix).
CX_TEST(every_length_to_300) {
  for (int64_t n = 0; n <= 300; n++) check_length(n);
}

CX_TEST(powers_of_two) {
  for (int64_t n = 512; n <= 4096; n *= 2) check_length(n);
}

CX_TEST(smooth_and_other_lengths) {
  const int64_t lengths[] = {360,  768,  1000, 1536, 3000, 4800, 6561 /* 3^8 */,
                             15625 /* 5^6 */, 1001 /* 7 11 13 */, 323 /* 17 19 */,
                             667 /* 23 29 */, 961 /* 31^2 */, 2310 /* 2 3 5 7 11 */,
                             11025 /* 3^2 5^2 7^2 */};
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) check_length(lengths[i]);
}

CX_TEST(bluestein_lengths) {
  const int64_t lengths[] = {37, 74, 148, 407 /* 11 37 */, 1009, 1021, 1031, 2047, 4097};
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) check_length(lengths[i]);
}

// Each output of a random input against the reference on its own (relative
// to the output's magnitude where that is not small): a pass with its radices
// in the wrong order or a twiddle of the wrong sign moves or rotates
// individual outputs, which this sees even where the largest error would be
// borderline.
CX_TEST(elementwise_order_and_signs) {
  const int64_t lengths[] = {6, 10, 12, 15, 21, 30, 60, 84, 210, 240, 4 * 7 * 11, 3 * 5 * 31};
  for (size_t t = 0; t < sizeof lengths / sizeof lengths[0]; t++) {
    int64_t n = lengths[t];
    cx_rt_fft_plan_t* plan = cx_rt_fft_plan_create(n);
    CX_EXPECT(plan != NULL);
    if (!plan) continue;
    cplx_t* x = malloc((size_t)n * sizeof(cplx_t));
    cplx_t* got = malloc((size_t)n * sizeof(cplx_t));
    cplx_t* want = malloc((size_t)n * sizeof(cplx_t));
    cplx_t* scratch = malloc((size_t)cx_rt_fft_scratch_len(n) * sizeof(cplx_t));
    for (int64_t i = 0; i < n; i++) x[i] = (cplx_t){uniform(), uniform()};
    for (int inverse = 0; inverse < 2; inverse++) {
      memcpy(got, x, (size_t)n * sizeof(cplx_t));
      cx_rt_fft_run(plan, inverse, got, scratch);
      reference_dft(x, n, inverse, want);
      for (int64_t k = 0; k < n; k++) {
        double mag = fmax(1.0, hypot(want[k].re, want[k].im));
        double err = hypot(got[k].re - want[k].re, got[k].im - want[k].im) / mag;
        if (!(err <= 1e-13))
          CX_FAIL_("n=%lld %s: X[%lld] = (%.17g, %.17g), want (%.17g, %.17g)", (long long)n,
                   inverse ? "inverse" : "forward", (long long)k, got[k].re, got[k].im,
                   want[k].re, want[k].im);
      }
    }
    free(x);
    free(got);
    free(want);
    free(scratch);
    cx_rt_fft_plan_destroy(plan);
  }
}

// The portable and the AVX2 passes do the same operations in the same order:
// the same bits, whichever the CPU picks.
CX_TEST(isa_levels_agree) {
  cx_rt_cpu_features_t f;
  cx_rt_cpu_features_detect(&f);
  if (!cx_rt_isa_supported(&f, CX_RT_ISA_AVX2)) return;
  const int64_t lengths[] = {2, 7, 12, 45, 64, 360, 1000, 1024, 2310, 6561};
  for (size_t t = 0; t < sizeof lengths / sizeof lengths[0]; t++) {
    int64_t n = lengths[t];
    cx_rt_fft_plan_t* plan = cx_rt_fft_plan_create(n);
    CX_EXPECT(plan != NULL);
    if (!plan) continue;
    cplx_t* a = malloc((size_t)n * sizeof(cplx_t));
    cplx_t* b = malloc((size_t)n * sizeof(cplx_t));
    cplx_t* scratch = malloc((size_t)n * sizeof(cplx_t));
    for (int inverse = 0; inverse < 2; inverse++) {
      for (int64_t i = 0; i < n; i++) a[i] = b[i] = (cplx_t){uniform(), uniform()};
      cx_rt_fft_stockham_portable(plan, inverse, a, scratch);
      cx_rt_fft_stockham_avx2(plan, inverse, b, scratch);
      if (memcmp(a, b, (size_t)n * sizeof(cplx_t)) != 0)
        CX_FAIL_("n=%lld %s: the portable and AVX2 passes differ", (long long)n,
                 inverse ? "inverse" : "forward");
    }
    free(a);
    free(b);
    free(scratch);
    cx_rt_fft_plan_destroy(plan);
  }
}

// The transform of an impulse is all ones and of a constant an impulse,
// exactly: the twiddles multiply the passes' inputs, so zeros and ones pass
// through them exactly, and the symmetries of unit_root give exactly 0 and
// +-1 at quarter turns.
CX_TEST(exact_answers) {
  const int64_t lengths[] = {2,  3,  4,  5,  6,  7,  8,   9,   12,  16,   24,  27,
                             36, 48, 64, 96, 100, 144, 360, 768, 1024, 1000, 6561};
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
    // Ones now: the inverse gives n at 0 and zeros elsewhere, exactly for
    // radices 2, 3 and 4, whose butterflies' sums of roots of unity cancel
    // exactly (1 - 0.5 * 2 for radix 3); radix 5's cos(2 pi/5) + cos(4 pi/5)
    // + 1/2 does not.
    int64_t m = n;
    while (m % 2 == 0) m /= 2;
    while (m % 3 == 0) m /= 3;
    cx_rt_fft_run(plan, true, v, scratch);
    for (int64_t k = 0; k < n && m == 1; k++)
      if (v[k].re != (k ? 0 : (double)n) || fabs(v[k].im) != 0)
        CX_FAIL_("n=%lld constant: x[%lld] = (%.17g, %.17g)", (long long)n, (long long)k, v[k].re,
                 v[k].im);
    // A shifted impulse gives the twiddles themselves: exp(-2 pi i k/n),
    // exactly -1 at n/2 and -i at n/4 where the last pass's radix is even
    // (fft.c's factor_radices: every n divisible by 4, and powers of two).
    memset(v, 0, (size_t)n * sizeof(cplx_t));
    v[1].re = 1;
    cx_rt_fft_run(plan, false, v, scratch);
    if (n % 4 == 0 || n == 2) CX_EXPECT(v[n / 2].re == -1 && v[n / 2].im == 0);
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
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(0), 0);
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(1), 0);
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(1024), 1024);  // the passes' other buffer
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(12), 12);
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(31), 31);  // the largest radix
  // Bluestein: twice the convolution length, the smallest 4 * 3^b 5^c * 2^a
  // >= 2n - 1: 73 -> 80, 8193 -> 8640.
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(37), 160);
  CX_EXPECT_EQ_I64(cx_rt_fft_scratch_len(4097), 2 * 8640);
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
  // Work: the 4x3x8 transform, a line of 8, the passes' scratch of 8.
  CX_EXPECT_EQ_U64(cx_rt_fft_work_bytes(&p), (96 + 8 + 8) * sizeof(cplx_t));
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
  CX_RUN(every_length_to_300);
  CX_RUN(powers_of_two);
  CX_RUN(smooth_and_other_lengths);
  CX_RUN(bluestein_lengths);
  CX_RUN(elementwise_order_and_signs);
  CX_RUN(isa_levels_agree);
  CX_RUN(exact_answers);
  CX_RUN(lengths_out_of_range);
  CX_RUN(record_checks);
  return CX_TEST_EXIT();
}

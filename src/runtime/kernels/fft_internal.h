// The FFT plan's layout, shared by the planner (fft.c) and the Stockham
// passes (fft_passes_inner.h, compiled once per ISA level). Internal to
// src/runtime/kernels.
#ifndef CXLA_RUNTIME_KERNELS_FFT_INTERNAL_H_
#define CXLA_RUNTIME_KERNELS_FFT_INTERNAL_H_

#include "runtime/kernels/fft.h"

// The largest prime radix a pass handles (by a direct sub-DFT); a length with
// a larger prime factor goes through Bluestein's chirp-z transform.
#define CX_RT_FFT_MAX_RADIX 31
// Lengths up to 2^40 factor into at most 40 radices.
#define CX_RT_FFT_MAX_STAGES 48

typedef enum cx_rt_fft_kind {
  CX_RT_FFT_TRIVIAL,    // n <= 1: the identity
  CX_RT_FFT_STOCKHAM,   // every prime factor <= CX_RT_FFT_MAX_RADIX
  CX_RT_FFT_BLUESTEIN,  // a larger prime factor
} cx_rt_fft_kind_t;

// One pass of the Stockham autosort transform. Before it the array holds
// n / ns transforms of length ns, one after another; the pass combines each
// `radix` of them (ns * radix apart: element j + t * n / radix, t < radix)
// into one of length ns * radix:
//   out[b*ns*radix + s*ns + q] = sum_t w^(q*t)_(ns*radix) in[j + t*n/radix]
//                                      * w^(t*s)_radix,     j = b*ns + q,
// with w_L = exp(-2 pi i/L) (conjugated for the inverse). The twiddles
// multiply the inputs (decimation in time), so a zero or an exact one passes
// through exactly: an impulse's transform is exactly ones.
typedef struct cx_rt_fft_stage {
  int radix;
  int64_t ns;
  // w^(q*t)_(ns*radix) for 0 < t < radix, q < ns (NULL when ns == 1, where
  // every twiddle is 1), four doubles each: {re, re, -im, im}, so that
  // x * w = x * {re, re} + swap(x) * {-im, im} (swap exchanges re and im).
  // With ns even, the passes take q two at a time: entry (q/2, t) is eight
  // doubles, {re_q, re_q, re_q+1, re_q+1, -im_q, im_q, -im_q+1, im_q+1} at
  // (q/2 * (radix-1) + t-1) * 8. With ns odd, entry (q, t) is the four
  // doubles at (q * (radix-1) + t-1) * 4.
  const double* twiddles;
  // The odd radices above 5 (primes to 31): cos and sin of 2 pi k/radix, k < radix,
  // at roots[2k], roots[2k+1].
  const double* roots;
} cx_rt_fft_stage_t;

typedef cx_rt_fft_complex_t cx_rt_fft_cplx_t;

// Transforms line[0..n) in place with the plan's Stockham passes (scratch: n
// elements); one per ISA level, the plan holds the one the CPU runs best.
typedef void (*cx_rt_fft_stockham_fn)(const cx_rt_fft_plan_t* p, bool inverse,
                                      cx_rt_fft_complex_t* line, cx_rt_fft_complex_t* scratch);

struct cx_rt_fft_plan {
  int64_t n;
  cx_rt_fft_kind_t kind;
  // STOCKHAM
  int num_stages;
  cx_rt_fft_stage_t stages[CX_RT_FFT_MAX_STAGES];
  double* tables;  // every stage's twiddles and roots, one allocation
  cx_rt_fft_stockham_fn stockham;
  // BLUESTEIN: chirp[k] = exp(-pi i k^2/n) for k < n; filter = the length-m
  // DFT of conj(chirp) laid out circularly (k and m - k), divided by m so
  // that the inverse transform of the product needs no scaling pass; inner:
  // the Stockham plan of length m.
  int64_t m;
  cx_rt_fft_complex_t* chirp;
  cx_rt_fft_complex_t* filter;
  cx_rt_fft_plan_t* inner;
};

void cx_rt_fft_stockham_portable(const cx_rt_fft_plan_t* p, bool inverse,
                                 cx_rt_fft_complex_t* line, cx_rt_fft_complex_t* scratch);
void cx_rt_fft_stockham_avx2(const cx_rt_fft_plan_t* p, bool inverse, cx_rt_fft_complex_t* line,
                             cx_rt_fft_complex_t* scratch);

#endif  // CXLA_RUNTIME_KERNELS_FFT_INTERNAL_H_

// One-dimensional discrete Fourier transforms in double precision, the
// kernel under the FFT routine (runtime/routine_fft.c), callable without IR.
//
// A plan fixes one length n and holds what every transform of that length
// reads: twiddle factors (each from sin/cos of its own exactly reduced angle,
// never from a recurrence, so the error does not grow with n), and for
// Bluestein lengths the chirp and the transformed convolution filter. The
// algorithm depends on n (docs/kernels.md, "FFT"):
//   - every prime factor <= 31: a mixed-radix Stockham autosort transform
//     (fft_passes_inner.h), one out-of-place pass per radix (4, 2, 3, 5,
//     and a direct sub-DFT for the primes 7 ... 31), ping-ponging between
//     the line and the scratch, vectorized over pairs of complex numbers and
//     compiled portable and for AVX2 (the same bits either way);
//   - otherwise: Bluestein's chirp-z transform, a circular convolution of
//     length m (the smallest 4 * 2^a 3^b 5^c >= 2n - 1) done with Stockham
//     transforms of length m.
// The twiddles multiply each pass's inputs, so an impulse's transform is
// exactly all ones (Stockham lengths), and a constant's exactly n at 0 and
// zeros elsewhere for n = 2^a 3^b.
// A plan is read-only once made, so concurrent transforms may share it.
#ifndef CXLA_RUNTIME_KERNELS_FFT_H_
#define CXLA_RUNTIME_KERNELS_FFT_H_

#include <stdbool.h>
#include <stdint.h>

// Lengths above this are refused (plans and scratch would not fit memory
// long before; this keeps every index computation far from overflow).
#define CX_RT_FFT_MAX_LENGTH ((int64_t)1 << 40)

typedef struct cx_rt_fft_complex {
  double re, im;
} cx_rt_fft_complex_t;

typedef struct cx_rt_fft_plan cx_rt_fft_plan_t;

// A plan for length n (0 <= n <= CX_RT_FFT_MAX_LENGTH); NULL if memory runs
// out or n is out of range.
cx_rt_fft_plan_t* cx_rt_fft_plan_create(int64_t n);
void cx_rt_fft_plan_destroy(cx_rt_fft_plan_t* plan);
// The length a plan was made for.
int64_t cx_rt_fft_plan_length(const cx_rt_fft_plan_t* plan);

// Complex elements of scratch one transform of length n needs (a plan is not
// needed to know it, so a compiler can size the scratch ahead of time);
// -1 if n is out of range.
int64_t cx_rt_fft_scratch_len(int64_t n);

// Transforms line[0..n) in place: forward X[k] = sum_j x[j] exp(-2 pi i jk/n),
// or with `inverse` the same sum with exp(+2 pi i jk/n). Not normalized (the
// caller divides an inverse by n). `scratch` holds cx_rt_fft_scratch_len(n)
// elements.
void cx_rt_fft_run(const cx_rt_fft_plan_t* plan, bool inverse, cx_rt_fft_complex_t* line,
                   cx_rt_fft_complex_t* scratch);

// exp(-2 pi i k/n) for 0 <= k < n, from the exactly reduced angle the
// plans' twiddles come from (quarter turns exact, w(n - k) = conj w(k)).
cx_rt_fft_complex_t cx_rt_fft_unit_root(int64_t k, int64_t n);

#endif  // CXLA_RUNTIME_KERNELS_FFT_H_

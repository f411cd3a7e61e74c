// The Stockham passes of the mixed-radix FFT (fft_internal.h describes a
// pass), compiled once per ISA level: fft_passes.c (portable) and
// fft_passes_avx2.c include this file and export stockham_body under their
// name. Internal to src/runtime/kernels.
//
// The arithmetic is on pairs of complex numbers, a GCC/clang vector of four
// doubles {re0, im0, re1, im1}: two SSE2 registers in the portable build, one
// AVX register in the AVX2 build. Both do the same IEEE operations in the
// same order (ISO C mode: no multiply-add is fused), so every ISA level gives
// the same bits.
//
// A pass reads its R inputs at stride n/R and writes each R outputs at stride
// ns, q contiguous: when ns is even, two consecutive q share one vector (the
// loads, stores and twiddles are contiguous). When ns is odd (the first pass,
// where ns = 1, and every pass of an odd length) a vector holds the same q of
// two blocks, loaded and stored as two halves.
#ifndef CXLA_RUNTIME_KERNELS_FFT_PASSES_INNER_H_
#define CXLA_RUNTIME_KERNELS_FFT_PASSES_INNER_H_

#include <stdint.h>
#include <string.h>

#include "runtime/kernels/fft_internal.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(__GNUC__) && !defined(__clang__)
// Without AVX, GCC warns that passing a 32-byte vector by value changes the
// ABI; every function taking one here is inlined, so no call passes one.
// (Its note about GCC 4.6 ignores this pragma: CMakeLists.txt gives
// fft_passes.c -Wno-psabi.)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

typedef cx_rt_fft_complex_t cplx_t;
typedef double vc_t __attribute__((vector_size(32)));
typedef int64_t vci_t __attribute__((vector_size(32)));

#define FFT_INLINE static inline __attribute__((always_inline))

FFT_INLINE vc_t v_load(const void* p) {
  vc_t v;
  memcpy(&v, p, sizeof v);
  return v;
}
FFT_INLINE void v_store(void* p, vc_t v) { memcpy(p, &v, sizeof v); }
FFT_INLINE vc_t v_load2(const cplx_t* a, const cplx_t* b) {
  vc_t v = {a->re, a->im, b->re, b->im};
  return v;
}
FFT_INLINE void v_store2(cplx_t* a, cplx_t* b, vc_t v) {
  a->re = v[0];
  a->im = v[1];
  b->re = v[2];
  b->im = v[3];
}
FFT_INLINE vc_t v_swap(vc_t v) { return __builtin_shufflevector(v, v, 1, 0, 3, 2); }
FFT_INLINE vc_t v_splat(double c) {
  vc_t v = {c, c, c, c};
  return v;
}

// The direction lives in two sign masks rather than in a flag, so that one
// pass function serves both (half the code: the runtime library has a size
// budget) and no branch inside a loop tempts the compiler to duplicate it.
// rot: the lane to negate after swapping, for -i x (forward: {0, sign} per
// pair) or +i x (inverse: {sign, 0}). conj: all signs for the inverse, whose
// twiddles are the conjugates (x * conj(w) = x * re + (swap(x) * im) negated).
#define FFT_SIGN INT64_MIN
FFT_INLINE vci_t rot_mask(bool inverse) {
  vci_t fwd = {0, FFT_SIGN, 0, FFT_SIGN}, inv = {FFT_SIGN, 0, FFT_SIGN, 0};
  return inverse ? inv : fwd;
}
FFT_INLINE vci_t conj_mask(bool inverse) {
  vci_t none = {0, 0, 0, 0}, all = {FFT_SIGN, FFT_SIGN, FFT_SIGN, FFT_SIGN};
  return inverse ? all : none;
}
FFT_INLINE vc_t v_flip(vc_t x, vci_t mask) { return (vc_t)((vci_t)x ^ mask); }

// -i x for the forward transform, +i x for the inverse: the parts swapped and
// one sign flipped (exact).
FFT_INLINE vc_t v_rot(vc_t x, vci_t rot) { return v_flip(v_swap(x), rot); }
// -i s x (forward) or +i s x (inverse) for a real s.
FFT_INLINE vc_t v_rot_scaled(vc_t x, double s, vci_t rot) { return v_rot(x * v_splat(s), rot); }
// x * w with w in the tables' {re, re, -im, im} form (fft_internal.h);
// the inverse multiplies by conj(w).
FFT_INLINE vc_t v_twiddle(vc_t x, vc_t wr, vc_t wi, vci_t conj) {
  return x * wr + v_flip(v_swap(x) * wi, conj);
}

// ---- butterflies: x[0..R) <- their DFT of length R, in place ---------------

FFT_INLINE void bfly2(vc_t* x) {
  vc_t a = x[0], b = x[1];
  x[0] = a + b;
  x[1] = a - b;
}

// sin(2 pi/3); cos(2 pi/3) = -1/2 is exact.
#define FFT_S3 0.866025403784438646763723170752936183
FFT_INLINE void bfly3(vc_t* x, vci_t rot) {
  vc_t t1 = x[1] + x[2];
  vc_t t2 = x[0] - v_splat(0.5) * t1;
  vc_t t3 = v_rot_scaled(x[1] - x[2], FFT_S3, rot);
  x[0] = x[0] + t1;
  x[1] = t2 + t3;
  x[2] = t2 - t3;
}

FFT_INLINE void bfly4(vc_t* x, vci_t rot) {
  vc_t a = x[0] + x[2], b = x[0] - x[2];
  vc_t c = x[1] + x[3], d = v_rot(x[1] - x[3], rot);
  x[0] = a + c;
  x[1] = b + d;
  x[2] = a - c;
  x[3] = b - d;
}

// cos and sin of 2 pi/5 and 4 pi/5.
#define FFT_C51 0.309016994374947424102293417182819059
#define FFT_C52 (-0.809016994374947424102293417182819059)
#define FFT_S51 0.951056516295153572116439333379382143
#define FFT_S52 0.587785252292473129168705954639072769
// With w = exp(-2 pi i/5): y1, y4 = x0 + c1 a1 + c2 a2 -+ i (s1 b1 + s2 b2)
// and y2, y3 = x0 + c2 a1 + c1 a2 -+ i (s2 b1 - s1 b2), a = sums and
// b = differences of the inputs paired k and 5 - k.
FFT_INLINE void bfly5(vc_t* x, vci_t rot) {
  vc_t a1 = x[1] + x[4], a2 = x[2] + x[3];
  vc_t b1 = x[1] - x[4], b2 = x[2] - x[3];
  vc_t x0 = x[0];
  vc_t r1 = x0 + v_splat(FFT_C51) * a1 + v_splat(FFT_C52) * a2;
  vc_t r2 = x0 + v_splat(FFT_C52) * a1 + v_splat(FFT_C51) * a2;
  vc_t i1 = v_rot(v_splat(FFT_S51) * b1 + v_splat(FFT_S52) * b2, rot);
  vc_t i2 = v_rot(v_splat(FFT_S52) * b1 - v_splat(FFT_S51) * b2, rot);
  x[0] = x0 + a1 + a2;
  x[1] = r1 + i1;
  x[4] = r1 - i1;
  x[2] = r2 + i2;
  x[3] = r2 - i2;
}

// Any odd radix R (the primes 7 ... CX_RT_FFT_MAX_RADIX): the direct sum,
// inputs paired k and R - k as in bfly5, so that each output pair costs
// (R - 1) real-by-complex products per sum. roots: cos, sin of 2 pi k/R.
FFT_INLINE void bfly_odd(vc_t* x, int radix, const double* roots, vci_t rot) {
  vc_t a[CX_RT_FFT_MAX_RADIX / 2 + 1], b[CX_RT_FFT_MAX_RADIX / 2 + 1];
  int h = radix / 2;
  vc_t x0 = x[0], y0 = x0;
  for (int t = 1; t <= h; t++) {
    a[t] = x[t] + x[radix - t];
    b[t] = x[t] - x[radix - t];
    y0 += a[t];
  }
  for (int s = 1; s <= h; s++) {
    vc_t re = x0, im = v_splat(0);
    int k = s;  // t * s mod R
    for (int t = 1; t <= h; t++) {
      re += v_splat(roots[2 * k]) * a[t];
      im += v_splat(roots[2 * k + 1]) * b[t];
      k += s;
      if (k >= radix) k -= radix;
    }
    im = v_rot(im, rot);
    x[s] = re + im;
    x[radix - s] = re - im;
  }
  x[0] = y0;
}

FFT_INLINE void butterfly(vc_t* x, int radix, const double* roots, vci_t rot) {
  switch (radix) {
    case 2: bfly2(x); break;
    case 3: bfly3(x, rot); break;
    case 4: bfly4(x, rot); break;
    case 5: bfly5(x, rot); break;
    default: bfly_odd(x, radix, roots, rot); break;
  }
}

// ---- one pass ---------------------------------------------------------------

// ns even: block by block (b = the block's first j), two q at a time.
FFT_INLINE void pass_even(const cx_rt_fft_stage_t* st, int64_t n, int radix, vci_t rot, vci_t conj,
                          const cplx_t* restrict in, cplx_t* restrict out) {
  int64_t ns = st->ns, m = n / radix;
  vc_t x[CX_RT_FFT_MAX_RADIX];
  for (int64_t b = 0; b < m; b += ns) {
    const cplx_t* src = in + b;
    cplx_t* dst = out + b * radix;
    const double* w = st->twiddles;
    for (int64_t q = 0; q < ns; q += 2, w += 8 * (radix - 1)) {
      x[0] = v_load(src + q);
      for (int t = 1; t < radix; t++) {
        const double* wt = w + 8 * (t - 1);
        x[t] = v_twiddle(v_load(src + q + t * m), v_load(wt), v_load(wt + 4), conj);
      }
      butterfly(x, radix, st->roots, rot);
      for (int t = 0; t < radix; t++) v_store(dst + q + t * ns, x[t]);
    }
  }
}

// ns odd: two blocks at a time, the same q in both, so that both elements of
// a vector take the same twiddle; an odd number of blocks leaves one, done
// two q at a time (its last q alone, twice in the vector, stored twice).
FFT_INLINE void pass_odd(const cx_rt_fft_stage_t* st, int64_t n, int radix, vci_t rot, vci_t conj,
                         const cplx_t* restrict in, cplx_t* restrict out) {
  int64_t ns = st->ns, m = n / radix, blocks = m / ns, step = ns * radix;
  const double* tw = st->twiddles;
  vc_t x[CX_RT_FFT_MAX_RADIX];
  int64_t b = 0;
  for (; b + 1 < blocks; b += 2) {
    const cplx_t* src = in + b * ns;
    cplx_t* dst = out + b * step;
    for (int64_t q = 0; q < ns; q++) {
      for (int t = 0; t < radix; t++) x[t] = v_load2(src + q + t * m, src + ns + q + t * m);
      for (int t = 1; t < radix && ns > 1; t++) {
        const double* w = tw + (q * (radix - 1) + t - 1) * 4;
        vc_t wr = {w[0], w[1], w[0], w[1]}, wi = {w[2], w[3], w[2], w[3]};
        x[t] = v_twiddle(x[t], wr, wi, conj);
      }
      butterfly(x, radix, st->roots, rot);
      for (int t = 0; t < radix; t++)
        v_store2(dst + q + t * ns, dst + step + q + t * ns, x[t]);
    }
  }
  if (b < blocks) {
    const cplx_t* src = in + b * ns;
    cplx_t* dst = out + b * step;
    for (int64_t q = 0; q < ns; q += 2) {
      int64_t q1 = q + 1 < ns ? q + 1 : q;
      for (int t = 0; t < radix; t++) x[t] = v_load2(src + q + t * m, src + q1 + t * m);
      for (int t = 1; t < radix && ns > 1; t++) {
        const double* w0 = tw + (q * (radix - 1) + t - 1) * 4;
        const double* w1 = tw + (q1 * (radix - 1) + t - 1) * 4;
        vc_t wr = {w0[0], w0[1], w1[0], w1[1]}, wi = {w0[2], w0[3], w1[2], w1[3]};
        x[t] = v_twiddle(x[t], wr, wi, conj);
      }
      butterfly(x, radix, st->roots, rot);
      for (int t = 0; t < radix; t++) v_store2(dst + q + t * ns, dst + q1 + t * ns, x[t]);
    }
  }
}

FFT_INLINE void pass(const cx_rt_fft_stage_t* st, int64_t n, int radix, bool inverse,
                     const cplx_t* restrict in, cplx_t* restrict out) {
  vci_t rot = rot_mask(inverse), conj = conj_mask(inverse);
  if (st->ns % 2 == 0)
    pass_even(st, n, radix, rot, conj, in, out);
  else
    pass_odd(st, n, radix, rot, conj, in, out);
}

// One function per radix, so that the radix is a constant in each (the
// inner loops unroll, the x[] stay in registers).
#define FFT_PASS_FN(name, radix_expr)                                                        \
  static void name(const cx_rt_fft_stage_t* st, int64_t n, bool inverse,                   \
                   const cplx_t* restrict in, cplx_t* restrict out) {                      \
    pass(st, n, radix_expr, inverse, in, out);                                             \
  }
FFT_PASS_FN(pass2, 2)
FFT_PASS_FN(pass3, 3)
FFT_PASS_FN(pass4, 4)
FFT_PASS_FN(pass5, 5)
FFT_PASS_FN(passn, st->radix)
#undef FFT_PASS_FN

// The whole transform: the passes ping-pong between line and scratch; an odd
// number of passes leaves the result in scratch, copied back.
static inline void stockham_body(const cx_rt_fft_plan_t* p, bool inverse, cplx_t* line,
                                 cplx_t* scratch) {
  int64_t n = p->n;
  cplx_t* in = line;
  cplx_t* out = scratch;
  for (int s = 0; s < p->num_stages; s++) {
    const cx_rt_fft_stage_t* st = &p->stages[s];
    switch (st->radix) {
      case 2: pass2(st, n, inverse, in, out); break;
      case 3: pass3(st, n, inverse, in, out); break;
      case 4: pass4(st, n, inverse, in, out); break;
      case 5: pass5(st, n, inverse, in, out); break;
      default: passn(st, n, inverse, in, out); break;
    }
    cplx_t* t = in;
    in = out;
    out = t;
  }
  if (in != line) memcpy(line, in, (size_t)n * sizeof(cplx_t));
}

#endif  // CXLA_RUNTIME_KERNELS_FFT_PASSES_INNER_H_

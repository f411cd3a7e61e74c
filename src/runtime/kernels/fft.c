// One-dimensional DFTs in double (fft.h): radix-2, direct sums and
// Bluestein's chirp-z transform.
#include "runtime/kernels/fft.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef cx_rt_fft_complex_t cplx_t;

typedef enum fft_kind { FFT_TRIVIAL, FFT_RADIX2, FFT_DIRECT, FFT_BLUESTEIN } fft_kind_t;

struct cx_rt_fft_plan {
  int64_t n;
  fft_kind_t kind;
  // RADIX2: the twiddles of every stage, stage `len` (2, 4, ..., n) at
  // [len/2, len): exp(-2 pi i k/len), so each stage reads them contiguously.
  // DIRECT: exp(-2 pi i k/n) for k < n.
  cplx_t* twiddles;
  // BLUESTEIN: chirp[k] = exp(-pi i k^2/n) for k < n; filter = the length-m
  // DFT of conj(chirp) laid out circularly (k and m - k), divided by m so
  // that the inverse transform of the product needs no scaling pass.
  int64_t m;
  cplx_t* chirp;
  cplx_t* filter;
  cx_rt_fft_plan_t* inner;  // radix-2 plan of length m
};

static inline cplx_t c_make(double re, double im) {
  cplx_t c = {re, im};
  return c;
}
static inline cplx_t c_mul(cplx_t a, cplx_t b) {
  return c_make(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}
static inline cplx_t c_conj(cplx_t a) { return c_make(a.re, -a.im); }

// exp(-2 pi i k/n) for 0 <= k < n. The angle is reduced to the first octant
// before sin/cos are taken, so that the symmetries hold exactly: quarter
// turns give exactly 0 and +-1, and w(n - k) is exactly conj(w(k)); without
// this, sin(pi) = 1.2e-16 would leak into results that should be exact (an
// impulse's transform, a constant's).
static cplx_t unit_root(int64_t k, int64_t n) {
  // angle = (quarter + r/n) quarter turns, 0 <= r < n.
  int64_t quarter = (4 * k) / n, r = (4 * k) % n;
  const double half_pi = 1.57079632679489661923132169163975144;
  double c, s;
  if (r == 0) {
    c = 1;
    s = 0;
  } else if (2 * r <= n) {
    double t = half_pi * (double)r / (double)n;
    c = cos(t);
    s = sin(t);
  } else {
    double t = half_pi * (double)(n - r) / (double)n;
    c = sin(t);
    s = cos(t);
  }
  cplx_t w;
  switch (quarter & 3) {
    case 0: w = c_make(c, s); break;
    case 1: w = c_make(-s, c); break;
    case 2: w = c_make(-c, -s); break;
    default: w = c_make(s, -c); break;
  }
  return c_conj(w);  // the forward transform's negative angle
}

static bool is_pow2(int64_t n) { return n > 0 && (n & (n - 1)) == 0; }

static int64_t bluestein_size(int64_t n) {
  int64_t m = 1;
  while (m < 2 * n - 1) m <<= 1;
  return m;
}

static fft_kind_t kind_of(int64_t n) {
  if (n <= 1) return FFT_TRIVIAL;
  if (is_pow2(n)) return FFT_RADIX2;
  if (n <= CX_RT_FFT_DIRECT_MAX) return FFT_DIRECT;
  return FFT_BLUESTEIN;
}

int64_t cx_rt_fft_scratch_len(int64_t n) {
  if (n < 0 || n > CX_RT_FFT_MAX_LENGTH) return -1;
  switch (kind_of(n)) {
    case FFT_DIRECT: return n;
    case FFT_BLUESTEIN: return bluestein_size(n);
    default: return 0;
  }
}

void cx_rt_fft_plan_destroy(cx_rt_fft_plan_t* plan) {
  if (!plan) return;
  free(plan->twiddles);
  free(plan->chirp);
  free(plan->filter);
  cx_rt_fft_plan_destroy(plan->inner);
  free(plan);
}

// ---- radix-2 ----------------------------------------------------------------------

// In place, forward (sign -1) or inverse (sign +1, the twiddles conjugated).
static void radix2(const cx_rt_fft_plan_t* p, double sign, cplx_t* v) {
  int64_t n = p->n;
  for (int64_t i = 1, j = 0; i < n; i++) {
    int64_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      cplx_t t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
  }
  // The first stage's only twiddle is 1.
  for (int64_t i = 0; i < n; i += 2) {
    cplx_t u = v[i], t = v[i + 1];
    v[i] = c_make(u.re + t.re, u.im + t.im);
    v[i + 1] = c_make(u.re - t.re, u.im - t.im);
  }
  // The inverse's twiddles are the conjugates: im * sign with sign = -1
  // for the forward transform, whose twiddles are stored.
  double s = -sign;
  for (int64_t len = 4; len <= n; len <<= 1) {
    int64_t half = len >> 1;
    const cplx_t* w = p->twiddles + half;
    for (int64_t i = 0; i < n; i += len) {
      cplx_t* a = v + i;
      cplx_t* b = v + i + half;
      for (int64_t k = 0; k < half; k++) {
        double wr = w[k].re, wi = w[k].im * s;
        double tr = b[k].re * wr - b[k].im * wi, ti = b[k].re * wi + b[k].im * wr;
        double ur = a[k].re, ui = a[k].im;
        a[k] = c_make(ur + tr, ui + ti);
        b[k] = c_make(ur - tr, ui - ti);
      }
    }
  }
}

// ---- direct sums ------------------------------------------------------------------

static void direct(const cx_rt_fft_plan_t* p, bool inverse, cplx_t* v, cplx_t* out) {
  int64_t n = p->n;
  double s = inverse ? -1 : 1;
  for (int64_t k = 0; k < n; k++) {
    double re = 0, im = 0;
    int64_t idx = 0;  // j * k mod n
    for (int64_t j = 0; j < n; j++) {
      cplx_t w = p->twiddles[idx];
      double wi = w.im * s;
      re += v[j].re * w.re - v[j].im * wi;
      im += v[j].re * wi + v[j].im * w.re;
      idx += k;
      if (idx >= n) idx -= n;
    }
    out[k] = c_make(re, im);
  }
  memcpy(v, out, (size_t)n * sizeof(cplx_t));
}

// ---- Bluestein --------------------------------------------------------------------

// With jk = (j^2 + k^2 - (k - j)^2) / 2, X[k] = chirp[k] * sum_j (x[j] chirp[j])
// conj(chirp[k - j]): a convolution with conj(chirp), done circularly at
// length m >= 2n - 1 so that no wrapped term reaches an output. The inverse
// is conj(forward(conj(x))).
static void bluestein(const cx_rt_fft_plan_t* p, bool inverse, cplx_t* v, cplx_t* a) {
  int64_t n = p->n, m = p->m;
  for (int64_t k = 0; k < n; k++) a[k] = c_mul(inverse ? c_conj(v[k]) : v[k], p->chirp[k]);
  memset(a + n, 0, (size_t)(m - n) * sizeof(cplx_t));
  radix2(p->inner, -1, a);
  for (int64_t k = 0; k < m; k++) a[k] = c_mul(a[k], p->filter[k]);
  radix2(p->inner, 1, a);  // the filter carries the 1/m
  for (int64_t k = 0; k < n; k++) {
    cplx_t y = c_mul(a[k], p->chirp[k]);
    v[k] = inverse ? c_conj(y) : y;
  }
}

void cx_rt_fft_run(const cx_rt_fft_plan_t* p, bool inverse, cplx_t* line, cplx_t* scratch) {
  switch (p->kind) {
    case FFT_TRIVIAL: return;  // the DFT of length 0 or 1 is the identity
    case FFT_RADIX2: radix2(p, inverse ? 1 : -1, line); return;
    case FFT_DIRECT: direct(p, inverse, line, scratch); return;
    case FFT_BLUESTEIN: bluestein(p, inverse, line, scratch); return;
  }
}

// ---- plans ------------------------------------------------------------------------

static cplx_t* alloc_cplx(int64_t count) {
  return malloc((size_t)(count > 0 ? count : 1) * sizeof(cplx_t));
}

cx_rt_fft_plan_t* cx_rt_fft_plan_create(int64_t n) {
  if (n < 0 || n > CX_RT_FFT_MAX_LENGTH) return NULL;
  cx_rt_fft_plan_t* p = calloc(1, sizeof(*p));
  if (!p) return NULL;
  p->n = n;
  p->kind = kind_of(n);
  switch (p->kind) {
    case FFT_TRIVIAL: return p;
    case FFT_RADIX2:
      if (!(p->twiddles = alloc_cplx(n))) break;
      for (int64_t len = 2; len <= n; len <<= 1)
        for (int64_t k = 0; k < len / 2; k++) p->twiddles[len / 2 + k] = unit_root(k, len);
      return p;
    case FFT_DIRECT:
      if (!(p->twiddles = alloc_cplx(n))) break;
      for (int64_t k = 0; k < n; k++) p->twiddles[k] = unit_root(k, n);
      return p;
    case FFT_BLUESTEIN: {
      int64_t m = p->m = bluestein_size(n);
      p->chirp = alloc_cplx(n);
      p->filter = calloc((size_t)m, sizeof(cplx_t));
      p->inner = cx_rt_fft_plan_create(m);
      if (!p->chirp || !p->filter || !p->inner) break;
      // exp(-pi i k^2/n) = exp(-2 pi i (k^2 mod 2n)/(2n)); k^2 mod 2n is
      // stepped exactly in integers ((k+1)^2 = k^2 + 2k + 1).
      int64_t sq = 0;
      for (int64_t k = 0; k < n; k++) {
        p->chirp[k] = unit_root(sq, 2 * n);
        sq += 2 * k + 1;
        if (sq >= 2 * n) sq -= 2 * n;
      }
      p->filter[0] = c_conj(p->chirp[0]);
      for (int64_t k = 1; k < n; k++) p->filter[k] = p->filter[m - k] = c_conj(p->chirp[k]);
      radix2(p->inner, -1, p->filter);
      for (int64_t k = 0; k < m; k++) {
        p->filter[k].re /= (double)m;
        p->filter[k].im /= (double)m;
      }
      return p;
    }
  }
  cx_rt_fft_plan_destroy(p);
  return NULL;
}

// One-dimensional DFTs in double (fft.h): plans (the factorization into
// radices, the twiddle tables), dispatch, and Bluestein's chirp-z transform
// for lengths with a large prime factor. The passes are fft_passes_inner.h.
#include "runtime/kernels/fft.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cpu_features.h"
#include "runtime/kernels/fft_internal.h"

typedef cx_rt_fft_complex_t cplx_t;

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

cx_rt_fft_complex_t cx_rt_fft_unit_root(int64_t k, int64_t n) { return unit_root(k, n); }

int64_t cx_rt_fft_plan_length(const cx_rt_fft_plan_t* plan) { return plan->n; }

// ---- factorization ------------------------------------------------------------------

// The radices of n's passes, in order, into radices[]; their count, or -1
// when n has a prime factor above CX_RT_FFT_MAX_RADIX. Twos pair into
// fours (a radix-4 pass costs about what a radix-2 pass does and halves the
// passes). The first radix is even where n is, so that every later pass has
// an even ns and takes the contiguous path (fft_passes_inner.h). The last is
// even too where n has two even radices (a lone 4 splits into 2 x 2 for it):
// the last pass then multiplies by w^q_n with q < n/2 and by +-1, +-i only,
// so the transform of a shifted impulse is exactly -1 at n/2 and exactly -i
// at n/4.
static int factor_radices(int64_t n, int* radices) {
  int twos = 0, nodd = 0, neven = 0, count = 0;
  int odd[CX_RT_FFT_MAX_STAGES], even[CX_RT_FFT_MAX_STAGES];
  for (; n % 2 == 0; n /= 2) twos++;
  for (int p = 3; p <= CX_RT_FFT_MAX_RADIX && n > 1; p += 2)
    for (; n % p == 0; n /= p) odd[nodd++] = p;
  if (n > 1) return -1;
  for (int i = 0; i < twos / 2; i++) even[neven++] = 4;
  if (twos % 2) even[neven++] = 2;
  if (neven == 1 && even[0] == 4 && nodd > 0) {
    even[0] = 2;
    even[neven++] = 2;
  }
  if (neven > 0) radices[count++] = even[0];
  for (int i = 0; i < nodd; i++) radices[count++] = odd[i];
  for (int i = 1; i < neven; i++) radices[count++] = even[i];
  return count;
}

// Bluestein's convolution length: the smallest 2^a 3^b 5^c >= min with
// a >= 2 (even, so its passes take the contiguous path), at most the power
// of two >= min.
static int64_t bluestein_size(int64_t min) {
  int64_t best = 4;
  while (best < min) best <<= 1;
  for (int64_t p5 = 4; p5 < best; p5 *= 5)
    for (int64_t p35 = p5; p35 < best; p35 *= 3) {
      int64_t v = p35;
      while (v < min) v <<= 1;
      if (v < best) best = v;
    }
  return best;
}

static cx_rt_fft_kind_t kind_of(int64_t n) {
  int radices[CX_RT_FFT_MAX_STAGES];
  if (n <= 1) return CX_RT_FFT_TRIVIAL;
  return factor_radices(n, radices) >= 0 ? CX_RT_FFT_STOCKHAM : CX_RT_FFT_BLUESTEIN;
}

int64_t cx_rt_fft_scratch_len(int64_t n) {
  if (n < 0 || n > CX_RT_FFT_MAX_LENGTH) return -1;
  switch (kind_of(n)) {
    case CX_RT_FFT_STOCKHAM: return n;  // the passes' other buffer
    // The padded sequence, and the inner transform's scratch.
    case CX_RT_FFT_BLUESTEIN: return 2 * bluestein_size(2 * n - 1);
    default: return 0;
  }
}

void cx_rt_fft_plan_destroy(cx_rt_fft_plan_t* plan) {
  if (!plan) return;
  free(plan->tables);
  free(plan->chirp);
  free(plan->filter);
  cx_rt_fft_plan_destroy(plan->inner);
  free(plan);
}

// ---- Bluestein --------------------------------------------------------------------

// With jk = (j^2 + k^2 - (k - j)^2) / 2, X[k] = chirp[k] * sum_j (x[j] chirp[j])
// conj(chirp[k - j]): a convolution with conj(chirp), done circularly at
// length m >= 2n - 1 so that no wrapped term reaches an output. The inverse
// is conj(forward(conj(x))). scratch: m elements for the sequence, m for the
// inner transform's.
static void bluestein(const cx_rt_fft_plan_t* p, bool inverse, cplx_t* v, cplx_t* scratch) {
  int64_t n = p->n, m = p->m;
  cplx_t* a = scratch;
  for (int64_t k = 0; k < n; k++) a[k] = c_mul(inverse ? c_conj(v[k]) : v[k], p->chirp[k]);
  memset(a + n, 0, (size_t)(m - n) * sizeof(cplx_t));
  cx_rt_fft_run(p->inner, false, a, scratch + m);
  for (int64_t k = 0; k < m; k++) a[k] = c_mul(a[k], p->filter[k]);
  cx_rt_fft_run(p->inner, true, a, scratch + m);  // the filter carries the 1/m
  for (int64_t k = 0; k < n; k++) {
    cplx_t y = c_mul(a[k], p->chirp[k]);
    v[k] = inverse ? c_conj(y) : y;
  }
}

void cx_rt_fft_run(const cx_rt_fft_plan_t* p, bool inverse, cplx_t* line, cplx_t* scratch) {
  switch (p->kind) {
    case CX_RT_FFT_TRIVIAL: return;  // the DFT of length 0 or 1 is the identity
    case CX_RT_FFT_STOCKHAM: p->stockham(p, inverse, line, scratch); return;
    case CX_RT_FFT_BLUESTEIN: bluestein(p, inverse, line, scratch); return;
  }
}

// ---- plans ------------------------------------------------------------------------

static cplx_t* alloc_cplx(int64_t count) {
  return malloc((size_t)(count > 0 ? count : 1) * sizeof(cplx_t));
}

// The passes' tables (fft_internal.h describes their layout); false if
// memory runs out.
static bool make_stockham(cx_rt_fft_plan_t* p, const int* radices, int count) {
  int64_t doubles = 0, ns = 1;
  for (int s = 0; s < count; s++) {
    int r = radices[s];
    if (ns > 1) doubles += 4 * (r - 1) * ns;
    if (r > 5) doubles += 2 * r;  // the generic odd radices
    ns *= r;
  }
  p->tables = malloc((size_t)(doubles > 0 ? doubles : 1) * sizeof(double));
  if (!p->tables) return false;
  double* next = p->tables;
  ns = 1;
  for (int s = 0; s < count; s++) {
    int r = radices[s];
    cx_rt_fft_stage_t* st = &p->stages[s];
    st->radix = r;
    st->ns = ns;
    if (ns > 1) {
      st->twiddles = next;
      for (int64_t q = 0; q < ns; q++)
        for (int t = 1; t < r; t++) {
          cplx_t w = unit_root(q * t, ns * r);
          // Even ns: q and q + 1 interleaved in one entry of eight.
          double* e = ns % 2 == 0 ? next + ((q / 2) * (r - 1) + t - 1) * 8 + (q % 2) * 2
                                  : next + (q * (r - 1) + t - 1) * 4;
          int64_t im_off = ns % 2 == 0 ? 4 : 2;
          e[0] = e[1] = w.re;
          e[im_off] = -w.im;
          e[im_off + 1] = w.im;
        }
      next += 4 * (r - 1) * ns;
    }
    if (r > 5) {
      st->roots = next;
      for (int k = 0; k < r; k++) {
        cplx_t w = unit_root(k, r);
        next[2 * k] = w.re;
        next[2 * k + 1] = -w.im;  // unit_root's angle is negative
      }
      next += 2 * r;
    }
    ns *= r;
  }
  p->num_stages = count;
  cx_rt_cpu_features_t f;
  cx_rt_cpu_features_detect(&f);
  p->stockham = cx_rt_isa_supported(&f, CX_RT_ISA_AVX2) ? cx_rt_fft_stockham_avx2
                                                        : cx_rt_fft_stockham_portable;
  return true;
}

static bool make_bluestein(cx_rt_fft_plan_t* p) {
  int64_t n = p->n;
  int64_t m = p->m = bluestein_size(2 * n - 1);
  p->chirp = alloc_cplx(n);
  p->filter = alloc_cplx(m);
  p->inner = cx_rt_fft_plan_create(m);
  cplx_t* work = alloc_cplx(m);
  if (!p->chirp || !p->filter || !p->inner || !work) {
    free(work);
    return false;
  }
  // exp(-pi i k^2/n) = exp(-2 pi i (k^2 mod 2n)/(2n)); k^2 mod 2n is
  // stepped exactly in integers ((k+1)^2 = k^2 + 2k + 1).
  int64_t sq = 0;
  for (int64_t k = 0; k < n; k++) {
    p->chirp[k] = unit_root(sq, 2 * n);
    sq += 2 * k + 1;
    if (sq >= 2 * n) sq -= 2 * n;
  }
  memset(p->filter, 0, (size_t)m * sizeof(cplx_t));
  p->filter[0] = c_conj(p->chirp[0]);
  for (int64_t k = 1; k < n; k++) p->filter[k] = p->filter[m - k] = c_conj(p->chirp[k]);
  cx_rt_fft_run(p->inner, false, p->filter, work);
  for (int64_t k = 0; k < m; k++) {
    p->filter[k].re /= (double)m;
    p->filter[k].im /= (double)m;
  }
  free(work);
  return true;
}

cx_rt_fft_plan_t* cx_rt_fft_plan_create(int64_t n) {
  if (n < 0 || n > CX_RT_FFT_MAX_LENGTH) return NULL;
  cx_rt_fft_plan_t* p = calloc(1, sizeof(*p));
  if (!p) return NULL;
  p->n = n;
  p->kind = kind_of(n);
  int radices[CX_RT_FFT_MAX_STAGES];
  bool ok = true;
  if (p->kind == CX_RT_FFT_STOCKHAM)
    ok = make_stockham(p, radices, factor_radices(n, radices));
  else if (p->kind == CX_RT_FFT_BLUESTEIN)
    ok = make_bluestein(p);
  if (ok) return p;
  cx_rt_fft_plan_destroy(p);
  return NULL;
}

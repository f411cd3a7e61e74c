// FFT (routine_fft.h): stablehlo.fft over the one-dimensional transforms of
// kernels/fft.h, computed as the interpreter computes it (interp/eval_linalg.c)
// but in double rather than long double: the transform's complex value in
// double in the work area, each axis transformed line by line, the result
// rounded once.
#include "runtime/routine_fft.h"

#include <string.h>

#include "runtime/device.h"
#include "runtime/kernels/fft.h"
#include "runtime/routine_gemm.h"
#include "cxla/allocator.h"

typedef cx_rt_fft_complex_t cplx_t;

// The kernel context's per-thread scratch slot the threaded lines use (the
// dense kernels' slots are free while another routine runs).
#define FFT_SCRATCH_SLOT 0
// Elements of an axis (lines x length) below which one thread does it all.
#define FFT_PARALLEL_MIN_ELEMENTS 16384

// ---- the record ---------------------------------------------------------------------

static bool is_complex_of(int32_t c, int32_t real) {
  return (c == CX_ELEM_C64 && real == CX_ELEM_F32) || (c == CX_ELEM_C128 && real == CX_ELEM_F64);
}

// a * b into *out, false past 2^62 (no overflow anywhere below).
static bool mul_ok(uint64_t a, uint64_t b, uint64_t* out) {
  const uint64_t limit = (uint64_t)1 << 62;
  if (a && b > limit / a) return false;
  *out = a * b;
  return *out <= limit;
}

static bool count_of(const cx_rt_shape_t* s, uint64_t* out) {
  uint64_t n = 1;
  for (uint32_t d = 0; d < s->rank; d++)
    if (!mul_ok(n, (uint64_t)s->dims[d], &n)) return false;
  *out = n;
  return true;
}

// The element count of the complex transform: the operand's dims, the last
// one the full length for IRFFT.
static uint64_t complex_count(const cx_rt_fft_params_t* p) {
  uint64_t n = 1;
  for (uint32_t d = 0; d + 1 < p->operand.rank; d++) n *= (uint64_t)p->operand.dims[d];
  return n * (uint64_t)(p->type == CX_RT_FFT_REAL_INVERSE ? p->length[p->num_axes - 1]
                                                         : p->operand.dims[p->operand.rank - 1]);
}

const char* cx_rt_fft_params_invalid(const cx_rt_fft_params_t* p) {
  uint32_t r = p->operand.rank;
  if (r > CX_MAX_RANK || p->result.rank != r) return "has operand and result ranks that differ";
  if (p->num_axes < 1 || p->num_axes > CX_RT_FFT_MAX_AXES || p->num_axes > r)
    return "transforms 1 to 3 dims, at most the operand's rank";
  int32_t in = p->operand.elem, out = p->result.elem;
  switch (p->type) {
    case CX_RT_FFT_FORWARD:
    case CX_RT_FFT_INVERSE:
      if (in != out || (in != CX_ELEM_C64 && in != CX_ELEM_C128))
        return "FFT and IFFT take and give complex<f32> or complex<f64>";
      break;
    case CX_RT_FFT_REAL_FORWARD:
      if (!is_complex_of(out, in)) return "RFFT takes f32 or f64 and gives its complex type";
      break;
    case CX_RT_FFT_REAL_INVERSE:
      if (!is_complex_of(in, out)) return "IRFFT takes complex<f32> or complex<f64> and gives its real type";
      break;
    default: return "has an unknown fft_type";
  }
  for (uint32_t d = 0; d < r; d++) {
    if (p->operand.dims[d] < 0 || p->result.dims[d] < 0) return "has a negative dim";
    uint32_t axis = d + p->num_axes;  // >= r for the transformed dims
    int64_t want_in = p->operand.dims[d], want_out = p->operand.dims[d];
    if (axis >= r) {
      int64_t n = p->length[axis - r];
      if (n < 0 || n > CX_RT_FFT_MAX_LENGTH) return "has an fft_length out of range";
      bool last = d + 1 == r;
      // The half spectrum of length 0 is empty (the verifier's fft_c5).
      int64_t half = n == 0 ? 0 : n / 2 + 1;
      want_in = last && p->type == CX_RT_FFT_REAL_INVERSE ? half : n;
      want_out = last && p->type == CX_RT_FFT_REAL_FORWARD ? half : n;
    }
    if (p->operand.dims[d] != want_in || p->result.dims[d] != want_out)
      return "has dims that do not fit its fft_length";
  }
  uint64_t nin, nout, ncomplex = 1;
  if (!count_of(&p->operand, &nin) || !count_of(&p->result, &nout) ||
      !mul_ok(nin + 1, sizeof(cplx_t), &nin) ||
      !mul_ok(nout + 1, sizeof(cplx_t), &nout))
    return "is too large";
  for (uint32_t d = 0; d + 1 < r; d++)
    if (!mul_ok(ncomplex, (uint64_t)p->operand.dims[d], &ncomplex)) return "is too large";
  if (!mul_ok(ncomplex, (uint64_t)p->length[p->num_axes - 1] + 1, &ncomplex) ||
      !mul_ok(ncomplex, sizeof(cplx_t), &ncomplex))
    return "is too large";
  return NULL;
}

// Work area layout, in complex doubles: the transform (large enough for
// the operand too: IRFFT's half spectrum is loaded there first), one line,
// the kernels' scratch.
typedef struct work_layout {
  uint64_t transform, line, scratch;
} work_layout_t;

static work_layout_t layout_of(const cx_rt_fft_params_t* p) {
  work_layout_t w = {complex_count(p), 0, 0};
  uint64_t in = 1;
  for (uint32_t d = 0; d < p->operand.rank; d++) in *= (uint64_t)p->operand.dims[d];
  if (in > w.transform) w.transform = in;
  for (uint32_t i = 0; i < p->num_axes; i++) {
    uint64_t n = (uint64_t)p->length[i], s = (uint64_t)cx_rt_fft_scratch_len(p->length[i]);
    if (n > w.line) w.line = n;
    if (s > w.scratch) w.scratch = s;
  }
  return w;
}

uint64_t cx_rt_fft_work_bytes(const cx_rt_fft_params_t* p) {
  work_layout_t w = layout_of(p);
  return (w.transform + w.line + w.scratch) * sizeof(cplx_t);
}

// ---- plans --------------------------------------------------------------------------

// One plan per transformed axis (an axis whose length repeats an earlier
// one's shares its plan). RFFT and IRFFT with an odd number of lines of
// even length n also get a plan of length n/2 and the twiddles
// exp(-2 pi i k/n), k < n/2, for the line left without a partner
// (real_single).
typedef struct fft_plans {
  cx_rt_cached_t base;
  uint32_t count;
  cx_rt_fft_plan_t* owned[CX_RT_FFT_MAX_AXES + 1];
  const cx_rt_fft_plan_t* axis[CX_RT_FFT_MAX_AXES];
  const cx_rt_fft_plan_t* half;  // NULL: no line transformed alone at half length
  cplx_t* half_twiddles;
} fft_plans_t;

static void plans_destroy(cx_rt_cached_t* c) {
  fft_plans_t* ps = (fft_plans_t*)c;
  for (uint32_t i = 0; i < ps->count; i++) cx_rt_fft_plan_destroy(ps->owned[i]);
  cx_free(cx_allocator_system(), ps->half_twiddles);
  cx_free(cx_allocator_system(), ps);
}

// Lines of the real axis of an RFFT or IRFFT (0 for the complex kinds).
static uint64_t real_line_count(const cx_rt_fft_params_t* p) {
  if (p->type != CX_RT_FFT_REAL_FORWARD && p->type != CX_RT_FFT_REAL_INVERSE) return 0;
  uint64_t lines = 1;
  for (uint32_t d = 0; d + 1 < p->operand.rank; d++) lines *= (uint64_t)p->operand.dims[d];
  return lines;
}

static const cx_rt_fft_plan_t* plan_for(fft_plans_t* ps, int64_t n, uint32_t known) {
  for (uint32_t j = 0; j < known; j++)
    if (ps->axis[j] && cx_rt_fft_plan_length(ps->axis[j]) == n) return ps->axis[j];
  cx_rt_fft_plan_t* plan = cx_rt_fft_plan_create(n);
  if (plan) ps->owned[ps->count++] = plan;
  return plan;
}

static cx_status_t plans_make(void* arg, cx_rt_cached_t** out) {
  const cx_rt_fft_params_t* p = arg;
  fft_plans_t* ps = cx_alloc(cx_allocator_system(), sizeof *ps);
  if (!ps) return CX_OOM();
  memset(ps, 0, sizeof *ps);
  ps->base.destroy = plans_destroy;
  for (uint32_t i = 0; i < p->num_axes; i++) {
    if (!(ps->axis[i] = plan_for(ps, p->length[i], i))) {
      plans_destroy(&ps->base);
      return CX_OOM();
    }
  }
  int64_t n = p->length[p->num_axes - 1];
  if (real_line_count(p) % 2 == 1 && n % 2 == 0 && n >= 4) {
    // Its scratch fits the axis's: n/2 keeps n's kind (Stockham, or
    // Bluestein for the same large prime, padded to >= n - 1, not 2n - 1).
    int64_t m = n / 2;
    ps->half = plan_for(ps, m, p->num_axes);
    ps->half_twiddles = cx_alloc(cx_allocator_system(), (size_t)m * sizeof(cplx_t));
    if (!ps->half || !ps->half_twiddles) {
      plans_destroy(&ps->base);
      return CX_OOM();
    }
    for (int64_t k = 0; k < m; k++) ps->half_twiddles[k] = cx_rt_fft_unit_root(k, n);
  }
  *out = &ps->base;
  return NULL;
}

// ---- the transform ------------------------------------------------------------------

// Where the lines of an axis are transformed: one thread with the work
// area's line and scratch, or the pool with per-thread buffers from the
// call's kernel context (kept between calls, so warm calls allocate nothing).
typedef struct fft_exec {
  cx_rt_thread_pool_t* pool;
  cx_rt_kernel_ctx_t* kc;  // NULL: one thread
  int threads;
  cplx_t* line;     // one thread's
  cplx_t* scratch;
  uint64_t line_len;  // per-thread buffers: line_len, then scratch
} fft_exec_t;

// Work on items [begin, end) of a job (lines of an axis, pairs of real
// lines) with a line and a scratch buffer.
typedef void (*range_fn)(const void* job, int64_t begin, int64_t end, cplx_t* line,
                         cplx_t* scratch);

typedef struct ranges {
  const fft_exec_t* ex;
  range_fn fn;
  const void* job;
  int64_t count, per_task;
} ranges_t;

static void ranges_task(void* arg, int64_t task, int thread) {
  const ranges_t* r = arg;
  int64_t begin = task * r->per_task, end = begin + r->per_task;
  if (end > r->count) end = r->count;
  cplx_t* line = cx_rt_kernel_ctx_scratch(r->ex->kc, thread, FFT_SCRATCH_SLOT);
  r->fn(r->job, begin, end, line, line + r->ex->line_len);
}

// fn over `count` items of `elements` elements in all: on the caller with
// the work area's buffers, or (threads pay off from a few thousand
// butterflies per task on) in about four ranges per thread, each thread with
// its buffers from the kernel context.
static void run_ranges(const fft_exec_t* ex, int64_t count, int64_t elements, range_fn fn,
                       const void* job) {
  if (!ex->kc || count < 2 || elements < FFT_PARALLEL_MIN_ELEMENTS) {
    fn(job, 0, count, ex->line, ex->scratch);
    return;
  }
  int64_t tasks = (int64_t)ex->threads * 4;
  if (tasks > count) tasks = count;
  ranges_t r = {ex, fn, job, count, (count + tasks - 1) / tasks};
  tasks = (count + r.per_task - 1) / r.per_task;
  cx_rt_thread_pool_parallel_for(ex->pool, tasks, ex->threads, ranges_task, &r);
}

typedef struct axis_job {
  const cx_rt_fft_plan_t* plan;
  bool inverse;
  cplx_t* w;
  int64_t n, inner;
} axis_job_t;

// Transforms lines [begin, end) of the job's axis (line = outer * inner +
// inner index), an inverse divided by the length as the interpreter does.
static void axis_lines(const void* job, int64_t begin, int64_t end, cplx_t* line,
                       cplx_t* scratch) {
  const axis_job_t* j = job;
  int64_t n = j->n, inner = j->inner;
  double scale = (double)n;
  for (int64_t l = begin; l < end; l++) {
    cplx_t* base = j->w + (l / inner) * n * inner + l % inner;
    // The last axis is transformed where it lies; others through `line`.
    cplx_t* v = inner == 1 ? base : line;
    if (inner != 1)
      for (int64_t k = 0; k < n; k++) line[k] = base[k * inner];
    cx_rt_fft_run(j->plan, j->inverse, v, scratch);
    if (j->inverse)
      for (int64_t k = 0; k < n; k++) {
        v[k].re /= scale;
        v[k].im /= scale;
      }
    if (inner != 1)
      for (int64_t k = 0; k < n; k++) base[k * inner] = line[k];
  }
}

// Transforms every line along `axis` of the complex array w (dims `dims`,
// rank r).
static void transform_axis(const cx_rt_fft_plan_t* plan, bool inverse, cplx_t* w, uint32_t r,
                           const int64_t* dims, uint32_t axis, const fft_exec_t* ex) {
  int64_t n = dims[axis], inner = 1, outer = 1;
  if (n <= 1) return;  // the identity, and 1/1
  for (uint32_t d = axis + 1; d < r; d++) inner *= dims[d];
  for (uint32_t d = 0; d < axis; d++) outer *= dims[d];
  axis_job_t j = {plan, inverse, w, n, inner};
  run_ranges(ex, outer * inner, outer * inner * n, axis_lines, &j);
}

// Element i of the result from v (real results take the real part).
static inline void store(int32_t elem, void* dst, uint64_t i, cplx_t v) {
  switch (elem) {
    case CX_ELEM_F32: ((float*)dst)[i] = (float)v.re; break;
    case CX_ELEM_F64: ((double*)dst)[i] = v.re; break;
    case CX_ELEM_C64:
      ((float*)dst)[2 * i] = (float)v.re;
      ((float*)dst)[2 * i + 1] = (float)v.im;
      break;
    default:
      ((double*)dst)[2 * i] = v.re;
      ((double*)dst)[2 * i + 1] = v.im;
      break;
  }
}

// ---- real transforms: two real lines per complex transform -------------------------
//
// For real lines x and y, the transform Z of z = x + iy gives both spectra:
// X[k] = (Z[k] + conj Z[n-k]) / 2 and Y[k] = (Z[k] - conj Z[n-k]) / 2i. So
// RFFT transforms its real last axis first (the axes commute), a pair of
// lines at a time, into half spectra, and the leading axes then transform
// only those; IRFFT forms z = X + iY from two Hermitian-extended half
// spectra, and the inverse's real and imaginary parts are the two lines.
// Half the transforms of the complex way, the same values up to rounding in
// double (the result is rounded once from them).

typedef struct real_job {
  const cx_rt_fft_plan_t* plan;
  const cx_rt_fft_plan_t* half_plan;  // length n/2 for a line alone, or NULL
  const cplx_t* tw;                   // exp(-2 pi i k/n), k < n/2
  bool inverse;
  int32_t elem;     // the real side's element type (f32 or f64)
  const void* in;   // RFFT: the real lines
  void* out;        // IRFFT: the real lines
  cplx_t* half;     // RFFT: the half spectra it writes; IRFFT: those it reads
  int64_t n, h;     // line length, half-spectrum length (n / 2 + 1)
  uint64_t lines;
} real_job_t;

static inline double real_at(int32_t elem, const void* p, uint64_t i) {
  return elem == CX_ELEM_F32 ? (double)((const float*)p)[i] : ((const double*)p)[i];
}

// Element k < n of the full spectrum whose first h elements are s: Hermitian
// beyond them. The imaginary parts of the DC and (n even) Nyquist terms
// drop out, as they do from the real part of the complex inverse.
static inline cplx_t hermitian_at(const cplx_t* s, int64_t k, int64_t n, int64_t h) {
  if (k == 0 || 2 * k == n) return (cplx_t){s[k].re, 0};
  return k < h ? s[k] : (cplx_t){s[n - k].re, -s[n - k].im};
}

// A line without a partner, n = 2m even: its even and odd samples are the
// real and imaginary parts of one complex line of length m, whose transform
// Z gives the even samples' spectrum E[k] = (Z[k] + conj Z[m-k]) / 2 and the
// odd ones' O[k] = (Z[k] - conj Z[m-k]) / 2i, and X[k] = E[k] + w^k O[k]
// (w = exp(-2 pi i/n); X[m] = E[0] - O[0]). IRFFT runs it backwards: E and O
// from X (DC and Nyquist imaginary parts dropped), the inverse of E + iO,
// whose parts are the even and odd samples, divided by m.
static void real_single(const real_job_t* j, uint64_t a, cplx_t* z, cplx_t* scratch) {
  const int64_t n = j->n, m = n / 2;
  if (!j->inverse) {
    for (int64_t k = 0; k < m; k++)
      z[k] = (cplx_t){real_at(j->elem, j->in, a * (uint64_t)n + 2 * (uint64_t)k),
                      real_at(j->elem, j->in, a * (uint64_t)n + 2 * (uint64_t)k + 1)};
    cx_rt_fft_run(j->half_plan, false, z, scratch);
    cplx_t* X = j->half + a * (uint64_t)j->h;
    // Pairs k and m - k read each other's Z: both written from one read.
    for (int64_t k = 0; 2 * k <= m; k++) {
      int64_t l = k ? m - k : 0;
      cplx_t zk = z[k], zl = z[l];
      cplx_t e = {(zk.re + zl.re) * 0.5, (zk.im - zl.im) * 0.5};
      cplx_t o = {(zk.im + zl.im) * 0.5, (zl.re - zk.re) * 0.5};
      cplx_t w = j->tw[k];
      cplx_t wo = {w.re * o.re - w.im * o.im, w.re * o.im + w.im * o.re};
      X[k] = (cplx_t){e.re + wo.re, e.im + wo.im};
      if (k == 0) {
        X[m] = (cplx_t){e.re - o.re, e.im - o.im};
        continue;
      }
      if (l == k) continue;
      // The same for index l: E[l] = conj e, O[l] = conj o.
      cplx_t w2 = j->tw[l];
      cplx_t wo2 = {w2.re * o.re + w2.im * o.im, w2.im * o.re - w2.re * o.im};
      X[l] = (cplx_t){e.re + wo2.re, -e.im + wo2.im};
    }
    return;
  }
  const cplx_t* X = j->half + a * (uint64_t)j->h;
  for (int64_t k = 0; k < m; k++) {
    // X[k] and conj X[m - k], the DC and Nyquist terms real.
    cplx_t xk = X[k], xl = X[m - k];
    if (k == 0) xk.im = 0, xl.im = 0;
    cplx_t e = {(xk.re + xl.re) * 0.5, (xk.im - xl.im) * 0.5};
    cplx_t d = {(xk.re - xl.re) * 0.5, (xk.im + xl.im) * 0.5};  // X[k] - conj X[m-k], halved
    cplx_t w = j->tw[k];  // O = d conj(w)
    cplx_t o = {d.re * w.re + d.im * w.im, d.im * w.re - d.re * w.im};
    z[k] = (cplx_t){e.re - o.im, e.im + o.re};
  }
  cx_rt_fft_run(j->half_plan, true, z, scratch);
  const double scale = (double)m;
  for (int64_t k = 0; k < m; k++) {
    store(j->elem, j->out, a * (uint64_t)n + 2 * (uint64_t)k, (cplx_t){z[k].re / scale, 0});
    store(j->elem, j->out, a * (uint64_t)n + 2 * (uint64_t)k + 1, (cplx_t){z[k].im / scale, 0});
  }
}

static void real_pairs(const void* job, int64_t begin, int64_t end, cplx_t* z,
                       cplx_t* scratch) {
  const real_job_t* j = job;
  const int64_t n = j->n, h = j->h;
  const double scale = (double)n;
  for (int64_t q = begin; q < end; q++) {
    uint64_t a = 2 * (uint64_t)q, b = a + 1;
    bool two = b < j->lines;
    if (!two && j->half_plan) {
      real_single(j, a, z, scratch);
      continue;
    }
    if (!j->inverse) {
      for (int64_t k = 0; k < n; k++)
        z[k] = (cplx_t){real_at(j->elem, j->in, a * (uint64_t)n + (uint64_t)k),
                        two ? real_at(j->elem, j->in, b * (uint64_t)n + (uint64_t)k) : 0.0};
      cx_rt_fft_run(j->plan, false, z, scratch);
      cplx_t* X = j->half + a * (uint64_t)h;
      cplx_t* Y = X + h;
      for (int64_t k = 0; k < h; k++) {
        cplx_t zk = z[k], zm = z[k ? n - k : 0];
        X[k] = (cplx_t){(zk.re + zm.re) * 0.5, (zk.im - zm.im) * 0.5};
        if (two) Y[k] = (cplx_t){(zk.im + zm.im) * 0.5, (zm.re - zk.re) * 0.5};
      }
    } else {
      const cplx_t* X = j->half + a * (uint64_t)h;
      const cplx_t* Y = X + h;
      for (int64_t k = 0; k < n; k++) {
        cplx_t x = hermitian_at(X, k, n, h), y = two ? hermitian_at(Y, k, n, h) : (cplx_t){0, 0};
        z[k] = (cplx_t){x.re - y.im, x.im + y.re};
      }
      cx_rt_fft_run(j->plan, true, z, scratch);
      for (int64_t k = 0; k < n; k++) {
        store(j->elem, j->out, a * (uint64_t)n + (uint64_t)k, (cplx_t){z[k].re / scale, 0});
        if (two)
          store(j->elem, j->out, b * (uint64_t)n + (uint64_t)k, (cplx_t){z[k].im / scale, 0});
      }
    }
  }
}

static void real_lines(const real_job_t* j, const fft_exec_t* ex) {
  run_ranges(ex, (int64_t)((j->lines + 1) / 2), (int64_t)j->lines * j->n, real_pairs, j);
}

static void load(const cx_rt_shape_t* s, const void* src, uint64_t count, cplx_t* w) {
  switch (s->elem) {
    case CX_ELEM_F32:
      for (uint64_t i = 0; i < count; i++) w[i] = (cplx_t){((const float*)src)[i], 0};
      break;
    case CX_ELEM_F64:
      for (uint64_t i = 0; i < count; i++) w[i] = (cplx_t){((const double*)src)[i], 0};
      break;
    case CX_ELEM_C64:
      for (uint64_t i = 0; i < count; i++)
        w[i] = (cplx_t){((const float*)src)[2 * i], ((const float*)src)[2 * i + 1]};
      break;
    default:  // C128
      memcpy(w, src, count * sizeof(cplx_t));
      break;
  }
}

static void run(const cx_rt_fft_params_t* p, const fft_plans_t* plans, const void* in, void* out,
                void* work, fft_exec_t* ex) {
  work_layout_t lay = layout_of(p);
  cplx_t* w = work;
  cplx_t* line = w + lay.transform;
  ex->line = line;
  ex->scratch = line + lay.line;
  ex->line_len = lay.line;
  uint32_t r = p->operand.rank, first = r - p->num_axes, L = p->num_axes;
  uint64_t nin = 1;
  for (uint32_t d = 0; d < r; d++) nin *= (uint64_t)p->operand.dims[d];
  int64_t dims[CX_MAX_RANK];
  memcpy(dims, p->operand.dims, r * sizeof(int64_t));
  if (p->type == CX_RT_FFT_REAL_FORWARD) {
    // The real last axis first, into half spectra; the leading axes then
    // transform only those.
    int64_t n = dims[r - 1], h = p->result.dims[r - 1];
    real_job_t j = {.plan = plans->axis[L - 1], .half_plan = plans->half,
                    .tw = plans->half_twiddles, .inverse = false, .elem = p->operand.elem,
                    .in = in, .half = w, .n = n, .h = h, .lines = nin / (uint64_t)n};
    real_lines(&j, ex);
    dims[r - 1] = h;
    for (uint32_t i = 0; i + 1 < L; i++)
      transform_axis(plans->axis[i], false, w, r, dims, first + i, ex);
    uint64_t total = j.lines * (uint64_t)h;
    for (uint64_t i = 0; i < total; i++) store(p->result.elem, out, i, w[i]);
    return;
  }
  load(&p->operand, in, nin, w);
  if (p->type == CX_RT_FFT_REAL_INVERSE) {
    // The leading axes' inverses on the half spectrum, then the last axis
    // into the real result.
    for (uint32_t i = 0; i + 1 < L; i++)
      transform_axis(plans->axis[i], true, w, r, dims, first + i, ex);
    int64_t half = dims[r - 1];
    real_job_t j = {.plan = plans->axis[L - 1], .half_plan = plans->half,
                    .tw = plans->half_twiddles, .inverse = true, .elem = p->result.elem,
                    .out = out, .half = w, .n = p->length[L - 1], .h = half,
                    .lines = nin / (uint64_t)half};
    real_lines(&j, ex);
    return;
  }
  bool inverse = p->type == CX_RT_FFT_INVERSE;
  // The transforms along different axes commute.
  for (uint32_t i = 0; i < L; i++)
    transform_axis(plans->axis[i], inverse, w, r, dims, first + i, ex);
  for (uint64_t i = 0; i < nin; i++) store(p->result.elem, out, i, w[i]);
}

cx_status_t cx_rt_routine_fft(const cx_rt_routine_ctx_t* ctx, const void* params,
                              void* const* buffers) {
  if (ctx->pack_only) return NULL;  // plans are made by the step itself
  const cx_rt_fft_params_t* p = params;
  if (ctx->step->call.params_size < sizeof *p || ctx->step->num_bindings != 3)
    return cx_rt_routine_error(ctx, CX_INTERNAL, "has a malformed FFT call");
  const char* why = cx_rt_fft_params_invalid(p);
  if (why) return cx_rt_routine_error(ctx, CX_INVALID_ARGUMENT, "%s", why);
  uint64_t need = cx_rt_fft_work_bytes(p);
  uint32_t work_slot = ctx->exe->bindings[ctx->step->first_binding + 2];
  if (p->work_bytes < need ||
      (work_slot < ctx->exe->num_slots && ctx->exe->slots[work_slot].nbytes < need))
    // The kernels' scratch sizes may grow between versions (the mixed-radix
    // passes need a line where radix-2 needed none): an artifact compiled
    // by an older cxla can get here.
    return cx_rt_routine_error(ctx, CX_INTERNAL,
                               "has a work area of %llu bytes, needs %llu (an artifact compiled "
                               "by an older cxla? recompile it)",
                               (unsigned long long)p->work_bytes, (unsigned long long)need);
  uint64_t nout = 1, ncomplex = complex_count(p);
  for (uint32_t d = 0; d < p->result.rank; d++) nout *= (uint64_t)p->result.dims[d];
  if (nout == 0) return NULL;
  if (ncomplex == 0) return NULL;  // then the result is empty too
  fft_plans_t* plans;
  cx_rt_cached_t* mine = NULL;
  cx_status_t s;
  if (p->plan_cache > 0 && (uint32_t)p->plan_cache <= ctx->exe->num_caches) {
    cx_rt_cached_t* have;
    s = cx_rt_routine_cache(ctx, (uint32_t)p->plan_cache - 1, plans_make, (void*)p, &have);
    plans = (fft_plans_t*)have;
  } else {
    s = plans_make((void*)p, &mine);
    plans = (fft_plans_t*)mine;
  }
  if (s) {
    cx_status_code_t code = cx_status_code(s);
    cx_status_free(s);
    return cx_rt_routine_error(ctx, code, "could not make its FFT plans (lengths up to %llu)",
                               (unsigned long long)layout_of(p).line);
  }
  fft_exec_t ex;
  memset(&ex, 0, sizeof ex);
  ex.pool = ctx->device ? ctx->device->pool : NULL;
  int threads = ctx->max_threads;
  if (ex.pool && threads <= 0) threads = cx_rt_thread_pool_size(ex.pool);  // all of them
  if (ex.pool && threads > cx_rt_thread_pool_size(ex.pool)) threads = cx_rt_thread_pool_size(ex.pool);
  if (threads > CX_RT_SCRATCH_MAX_THREADS) threads = CX_RT_SCRATCH_MAX_THREADS;
  if (ex.pool && threads > 1 && ctx->state) {
    // Per-thread line and scratch; where they cannot be had, one thread
    // does the work in the arena instead.
    work_layout_t lay = layout_of(p);
    cx_rt_kernel_ctx_t* kc;
    cx_status_t ks = cx_rt_routine_kernel_ctx(ctx, &kc);
    if (!ks) ks = cx_rt_kernel_ctx_reserve(kc, threads, FFT_SCRATCH_SLOT,
                                           (size_t)(lay.line + lay.scratch) * sizeof(cplx_t));
    if (!ks) {
      ex.kc = kc;
      ex.threads = threads;
    }
    cx_status_free(ks);
  }
  run(p, plans, buffers[0], buffers[1], buffers[2], &ex);
  if (mine) mine->destroy(mine);
  return NULL;
}

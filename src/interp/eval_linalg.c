// Linear algebra and Fourier transforms: cholesky, triangular_solve, fft.
//
// Everything is computed in double (complex double) and rounded once to the
// result element type, so results are as accurate as the element type allows.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"
#include "support/complex_arith.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef cx_complex_t cplx;

static const cx_attr_t* get_attr(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t id) {
  return cx_op_attr(op, ev->interp->ctx->names[id]);
}

static cx_status_t read_bool(cx_eval_t* ev, const cx_op_t* op, cx_name_id_t id, bool dflt,
                             bool* out) {
  const cx_attr_t* a = get_attr(ev, op, id);
  *out = dflt;
  if (!a) return NULL;
  if (a->kind == CX_ATTR_BOOL) *out = a->boolean;
  else if (a->kind == CX_ATTR_INTEGER) *out = a->integer != 0;
  else if (a->kind == CX_ATTR_UNIT) *out = true;
  else
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "attribute '%s' must be a boolean",
                         ev->interp->ctx->names[id]);
  return NULL;
}

static cplx load_c(const cx_tensor_t* t, int64_t i) {
  if (cx_elem_is_complex(t->elem)) return cx_load_complex(t->elem, cx_tensor_at(t, i));
  return cx_cplx_make(cx_load_as_double(t->elem, cx_tensor_at(t, i)), 0);
}

static void store_c(cx_tensor_t* t, int64_t i, cplx v) {
  if (cx_elem_is_complex(t->elem)) cx_store_complex(t->elem, cx_tensor_at(t, i), v);
  else cx_store_float(t->elem, cx_tensor_at(t, i), v.re);
}

static cx_status_t check_float_tensor(const cx_op_t* op, const cx_tensor_t* t, const char* what) {
  if (t->kind != CX_VALUE_TENSOR || cx_type_is_quant(t->element) ||
      !(cx_elem_is_float(t->elem) || cx_elem_is_complex(t->elem)))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "%s must be a floating-point or complex tensor",
                         what);
  return NULL;
}

// ---- cholesky ----------------------------------------------------------------------

// For each matrix of the batch: the lower (or upper) Cholesky factor, reading
// only the lower (or upper) triangle of `a`; the other triangle of the result
// is zero. A matrix that is not (numerically) positive definite gives NaN in
// every element, as XLA does: the spec leaves those results
// implementation-defined.
// The evaluation budget: `elements` times `per_element` steps (saturating).
static cx_status_t charge(cx_eval_t* ev, const cx_op_t* op, int64_t elements,
                          int64_t per_element) {
  if (elements <= 0 || per_element <= 0) return NULL;
  uint64_t e = (uint64_t)elements, p = (uint64_t)per_element;
  return cx_eval_charge(ev, op, p > UINT64_MAX / e ? UINT64_MAX : e * p);
}

static cx_status_t eval_cholesky(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                                 cx_tensor_t** results) {
  const cx_tensor_t* a = args[0];
  CX_RETURN_IF_ERROR(check_float_tensor(op, a, "operand"));
  if (a->rank < 2 || a->dims[a->rank - 1] != a->dims[a->rank - 2])
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "operand must be a batch of square matrices");
  bool lower;
  CX_RETURN_IF_ERROR(read_bool(ev, op, CX_NAME_lower, false, &lower));
  int64_t n = a->dims[a->rank - 1];
  CX_RETURN_IF_ERROR(charge(ev, op, a->num_elements, n));
  cx_tensor_t* res;
  CX_RETURN_IF_ERROR(cx_tensor_create_same(a, &res));
  if (a->num_elements == 0) {
    results[0] = res;
    return NULL;
  }
  int64_t batch = a->num_elements / (n * n);
  cplx* m = cx_alloc(ev->allocator, (size_t)(n * n) * sizeof(cplx));
  if (!m) {
    cx_tensor_release(res);
    return CX_OOM();
  }
  bool is_complex = cx_elem_is_complex(a->elem);
  for (int64_t b = 0; b < batch; b++) {
    int64_t base = b * n * n;
    // B = the lower triangle of A (lower) or of A^H (upper); then A = L L^H
    // and U = L^H.
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j <= i; j++)
        m[i * n + j] = lower ? load_c(a, base + i * n + j) : cx_cplx_conj(load_c(a, base + j * n + i));
    bool ok = true;
    for (int64_t j = 0; j < n && ok; j++) {
      double d = m[j * n + j].re;
      for (int64_t k = 0; k < j; k++) {
        cplx l = m[j * n + k];
        d -= l.re * l.re + l.im * l.im;
      }
      if (!(d > 0)) {
        ok = false;
        break;
      }
      double djj = sqrt(d);
      m[j * n + j] = cx_cplx_make(djj, 0);
      for (int64_t i = j + 1; i < n; i++) {
        cplx s = m[i * n + j];
        for (int64_t k = 0; k < j; k++) s = cx_cplx_sub(s, cx_cplx_mul(m[i * n + k], cx_cplx_conj(m[j * n + k])));
        m[i * n + j] = cx_cplx_make(s.re / djj, is_complex ? s.im / djj : 0);
      }
    }
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < n; j++) {
        cplx v;
        if (!ok) v = cx_cplx_make(NAN, is_complex ? NAN : 0);
        else if (lower) v = j <= i ? m[i * n + j] : cx_cplx_make(0, 0);
        else v = j >= i ? cx_cplx_conj(m[j * n + i]) : cx_cplx_make(0, 0);
        store_c(res, base + i * n + j, v);
      }
  }
  cx_free(ev->allocator, m);
  results[0] = res;
  return NULL;
}

// ---- triangular_solve ----------------------------------------------------------------

// Solves op(a) x = b (left_side) or x op(a) = b for each matrix of the batch,
// where op is identity, transpose or adjoint, using only the triangle of `a`
// that `lower` names (and 1 on its diagonal when unit_diagonal).
static cx_status_t eval_triangular_solve(cx_eval_t* ev, const cx_op_t* op,
                                         cx_tensor_t* const* args, cx_tensor_t** results) {
  const cx_tensor_t* a = args[0];
  const cx_tensor_t* b = args[1];
  CX_RETURN_IF_ERROR(check_float_tensor(op, a, "a"));
  CX_RETURN_IF_ERROR(check_float_tensor(op, b, "b"));
  bool left, lower, unit;
  CX_RETURN_IF_ERROR(read_bool(ev, op, CX_NAME_left_side, false, &left));
  CX_RETURN_IF_ERROR(read_bool(ev, op, CX_NAME_lower, false, &lower));
  CX_RETURN_IF_ERROR(read_bool(ev, op, CX_NAME_unit_diagonal, false, &unit));
  const cx_attr_t* ta = get_attr(ev, op, CX_NAME_transpose_a);
  int transpose = CX_TRANSPOSE_NO_TRANSPOSE;
  if (ta) {
    if (ta->kind != CX_ATTR_ENUM || ta->enumeration.kind != CX_ENUM_TRANSPOSE)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "transpose_a must be a transpose enum");
    transpose = ta->enumeration.value;
  }
  if (transpose == CX_TRANSPOSE_INVALID)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "transpose_a is TRANSPOSE_INVALID");
  if (a->rank < 2 || a->rank != b->rank || a->dims[a->rank - 1] != a->dims[a->rank - 2])
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "a must be square matrices and b matrices of the same rank");
  uint32_t r = a->rank;
  for (uint32_t i = 0; i + 2 < r; i++)
    if (a->dims[i] != b->dims[i])
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "batch dimensions of a and b differ");
  int64_t m = a->dims[r - 1];
  int64_t rows = b->dims[r - 2], cols = b->dims[r - 1];
  if ((left ? rows : cols) != m)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "b's %s dimension must be %lld",
                         left ? "row" : "column", (long long)m);
  CX_RETURN_IF_ERROR(charge(ev, op, b->num_elements, m));
  cx_tensor_t* res;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, b->element, b->rank, b->dims, &res));
  if (b->num_elements == 0 || m == 0) {
    results[0] = res;
    return NULL;
  }
  int64_t batch = b->num_elements / (rows * cols);
  cplx* t = cx_alloc(ev->allocator, (size_t)(m * m) * sizeof(cplx));
  cplx* x = cx_alloc(ev->allocator, (size_t)(rows * cols) * sizeof(cplx));
  if (!t || !x) {
    cx_free(ev->allocator, t);
    cx_free(ev->allocator, x);
    cx_tensor_release(res);
    return CX_OOM();
  }
  bool transposed = transpose != CX_TRANSPOSE_NO_TRANSPOSE;
  bool conj = transpose == CX_TRANSPOSE_ADJOINT;
  // T = op(triangle(a)) is lower triangular iff lower != transposed.
  bool t_lower = lower != transposed;
  for (int64_t bi = 0; bi < batch; bi++) {
    int64_t abase = bi * m * m, bbase = bi * rows * cols;
    for (int64_t i = 0; i < m; i++)
      for (int64_t j = 0; j < m; j++) {
        int64_t si = transposed ? j : i, sj = transposed ? i : j;  // element of a
        bool in_tri = lower ? sj <= si : sj >= si;
        cplx v = cx_cplx_make(0, 0);
        if (si == sj && unit) v = cx_cplx_make(1, 0);
        else if (in_tri) v = load_c(a, abase + si * m + sj);
        if (conj) v = cx_cplx_conj(v);
        t[i * m + j] = v;
      }
    for (int64_t k = 0; k < rows * cols; k++) x[k] = load_c(b, bbase + k);
    if (left) {
      // T X = B, one column of X at a time.
      for (int64_t c = 0; c < cols; c++) {
        for (int64_t s = 0; s < m; s++) {
          int64_t i = t_lower ? s : m - 1 - s;
          cplx acc = x[i * cols + c];
          if (t_lower)
            for (int64_t k = 0; k < i; k++) acc = cx_cplx_sub(acc, cx_cplx_mul(t[i * m + k], x[k * cols + c]));
          else
            for (int64_t k = i + 1; k < m; k++)
              acc = cx_cplx_sub(acc, cx_cplx_mul(t[i * m + k], x[k * cols + c]));
          x[i * cols + c] = cx_cplx_div(acc, t[i * m + i]);
        }
      }
    } else {
      // X T = B, one row of X at a time: x_j depends on x_k with T_kj != 0.
      for (int64_t rr = 0; rr < rows; rr++) {
        for (int64_t s = 0; s < m; s++) {
          int64_t j = t_lower ? m - 1 - s : s;
          cplx acc = x[rr * cols + j];
          if (t_lower)
            for (int64_t k = j + 1; k < m; k++)
              acc = cx_cplx_sub(acc, cx_cplx_mul(x[rr * cols + k], t[k * m + j]));
          else
            for (int64_t k = 0; k < j; k++) acc = cx_cplx_sub(acc, cx_cplx_mul(x[rr * cols + k], t[k * m + j]));
          x[rr * cols + j] = cx_cplx_div(acc, t[j * m + j]);
        }
      }
    }
    for (int64_t k = 0; k < rows * cols; k++) store_c(res, bbase + k, x[k]);
  }
  cx_free(ev->allocator, t);
  cx_free(ev->allocator, x);
  results[0] = res;
  return NULL;
}

// ---- fft ---------------------------------------------------------------------------

// The transforms run in long double (64-bit significand on x86-64) and round
// once at the end, so f64 results are accurate to about an ulp even where the
// sums cancel heavily.
typedef struct lcplx {
  long double re, im;
} lcplx;

static inline lcplx l_make(long double re, long double im) {
  lcplx c = {re, im};
  return c;
}
static inline lcplx l_add(lcplx a, lcplx b) { return l_make(a.re + b.re, a.im + b.im); }
static inline lcplx l_sub(lcplx a, lcplx b) { return l_make(a.re - b.re, a.im - b.im); }
static inline lcplx l_mul(lcplx a, lcplx b) {
  return l_make(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}

// exp(2*pi*i * k / n), computed from the angle reduced to the first half
// quadrant so that the symmetries hold exactly: quarter turns give exactly 0
// and +-1. Without this, e.g. sin(pi) = 1.2e-16 would leak into results that
// should be exact.
static lcplx twiddle(int64_t k, int64_t n) {
  // angle = (q + r / n) quarter turns, 0 <= r < n.
  int64_t q = (4 * k) / n, r = (4 * k) % n;
  long double c, s;
  const long double half_pi = 1.570796326794896619231321691639751442L;
  if (r == 0) {
    c = 1;
    s = 0;
  } else if (2 * r <= n) {
    long double t = half_pi * (long double)r / (long double)n;
    c = cosl(t);
    s = sinl(t);
  } else {
    long double t = half_pi * (long double)(n - r) / (long double)n;
    c = sinl(t);
    s = cosl(t);
  }
  switch (q & 3) {
    case 0: return l_make(c, s);
    case 1: return l_make(-s, c);
    case 2: return l_make(-c, -s);
    default: return l_make(s, -c);
  }
}

// A transform of one length and direction.
typedef struct fft_plan {
  int64_t n;
  lcplx* tw;  // tw[k] = exp(sign * 2*pi*i * k / n)
  lcplx* tmp;
  lcplx* line;
  cx_allocator_t allocator;
} fft_plan_t;

static bool is_pow2(int64_t n) { return n > 0 && (n & (n - 1)) == 0; }

static cx_status_t plan_init(cx_allocator_t a, fft_plan_t* p, int64_t n, int sign) {
  memset(p, 0, sizeof(*p));
  p->allocator = a;
  p->n = n;
  size_t cnt = n > 0 ? (size_t)n : 1;
  p->tw = cx_alloc(p->allocator, cnt * sizeof(lcplx));
  p->tmp = cx_alloc(p->allocator, cnt * sizeof(lcplx));
  p->line = cx_alloc(p->allocator, cnt * sizeof(lcplx));
  if (!p->tw || !p->tmp || !p->line) return CX_OOM();
  for (int64_t k = 0; k < n; k++) {
    lcplx w = twiddle(k, n);
    p->tw[k] = l_make(w.re, sign * w.im);
  }
  return NULL;
}

static void plan_free(fft_plan_t* p) {
  cx_free(p->allocator, p->tw);
  cx_free(p->allocator, p->tmp);
  cx_free(p->allocator, p->line);
}

// In place DFT of v (length n): direct O(n^2) for general n, iterative radix-2
// for large powers of two (the same sums, fewer operations).
static void dft(const fft_plan_t* p, lcplx* v) {
  int64_t n = p->n;
  if (n <= 1) return;
  if (is_pow2(n) && n >= 64) {
    // Bit-reversal permutation, then butterflies.
    for (int64_t i = 1, j = 0; i < n; i++) {
      int64_t bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) {
        lcplx t = v[i];
        v[i] = v[j];
        v[j] = t;
      }
    }
    for (int64_t len = 2; len <= n; len <<= 1) {
      int64_t step = n / len;
      for (int64_t i = 0; i < n; i += len)
        for (int64_t k = 0; k < len / 2; k++) {
          lcplx u = v[i + k], t = l_mul(v[i + k + len / 2], p->tw[k * step]);
          v[i + k] = l_add(u, t);
          v[i + k + len / 2] = l_sub(u, t);
        }
    }
    return;
  }
  for (int64_t k = 0; k < n; k++) {
    long double re = 0, im = 0;
    int64_t idx = 0;
    for (int64_t j = 0; j < n; j++) {
      lcplx w = p->tw[idx];
      re += v[j].re * w.re - v[j].im * w.im;
      im += v[j].re * w.im + v[j].im * w.re;
      idx += k;
      if (idx >= n) idx -= n;
    }
    p->tmp[k] = l_make(re, im);
  }
  memcpy(v, p->tmp, (size_t)n * sizeof(lcplx));
}

// Applies a complex DFT (forward, or inverse with the 1/n scaling) along
// axis `axis` of a buffer of shape dims.
static cx_status_t dft_axis(cx_allocator_t a, lcplx* buf, uint32_t rank, const int64_t* dims,
                            uint32_t axis, bool inverse) {
  int64_t n = dims[axis];
  int64_t total = 1;
  for (uint32_t i = 0; i < rank; i++) total *= dims[i];
  if (total == 0 || n <= 1) return NULL;
  int64_t inner = 1;
  for (uint32_t i = axis + 1; i < rank; i++) inner *= dims[i];
  int64_t outer = total / (n * inner);
  fft_plan_t p;
  cx_status_t st = plan_init(a, &p, n, inverse ? 1 : -1);
  if (st) {
    plan_free(&p);
    return st;
  }
  lcplx* line = p.line;
  for (int64_t o = 0; o < outer; o++)
    for (int64_t in = 0; in < inner; in++) {
      lcplx* base = buf + o * n * inner + in;
      for (int64_t j = 0; j < n; j++) line[j] = base[j * inner];
      dft(&p, line);
      for (int64_t j = 0; j < n; j++)
        base[j * inner] = inverse ? l_make(line[j].re / n, line[j].im / n) : line[j];
    }
  plan_free(&p);
  return NULL;
}

static lcplx load_l(const cx_tensor_t* t, int64_t i) {
  cplx c = load_c(t, i);
  return l_make(c.re, c.im);
}

static void store_l_complex(cx_tensor_t* t, int64_t i, lcplx v) {
  cx_store_complex(t->elem, cx_tensor_at(t, i), cx_cplx_make((double)v.re, (double)v.im));
}

static cx_status_t eval_fft(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  // Verified (infer_linalg.c): an fft_type, 1 to rank(operand) non-negative
  // lengths, operand and result element types that fit the fft_type. The
  // transformed dims of the value are checked here (they may be dynamic).
  const cx_tensor_t* x = args[0];
  int type = get_attr(ev, op, CX_NAME_fft_type)->enumeration.value;
  int64_t len[3];
  cx_i64s_t fl;
  cx_attr_get_i64s(get_attr(ev, op, CX_NAME_fft_length), &fl);
  uint32_t L = fl.len;
  for (uint32_t i = 0; i < L; i++) len[i] = fl.data[i];
  uint32_t r = x->rank;
  // Check the operand's transformed dims.
  for (uint32_t i = 0; i < L; i++) {
    uint32_t d = r - L + i;
    int64_t want = len[i];
    // The half spectrum of length 0 is empty (fft_c5).
    if (type == CX_FFT_IRFFT && i == L - 1) want = len[i] == 0 ? 0 : len[i] / 2 + 1;
    if (x->dims[d] != want)
      return cx_eval_error(op, CX_INVALID_ARGUMENT,
                           "operand dimension %u is %lld but fft_length implies %lld", d,
                           (long long)x->dims[d], (long long)want);
  }
  const cx_type_t* relem = op->results[0].type->tensor.element;

  // Budget: the direct DFT costs n per element along each transformed axis.
  int64_t per = 0;
  for (uint32_t i = 0; i < L; i++) per = len[i] > INT64_MAX - per ? INT64_MAX : per + len[i];
  CX_RETURN_IF_ERROR(charge(ev, op, x->num_elements, per));
  // Work on a full complex buffer of the transform's complex shape.
  int64_t cdims[CX_MAX_RANK];
  memcpy(cdims, x->dims, r * sizeof(int64_t));
  if (type == CX_FFT_IRFFT) cdims[r - 1] = len[L - 1];
  int64_t total = 1;
  for (uint32_t i = 0; i < r; i++) total *= cdims[i];
  int64_t rdims[CX_MAX_RANK];
  memcpy(rdims, x->dims, r * sizeof(int64_t));
  if (type == CX_FFT_RFFT) rdims[r - 1] = len[L - 1] == 0 ? 0 : len[L - 1] / 2 + 1;
  if (type == CX_FFT_IRFFT) rdims[r - 1] = len[L - 1];
  cx_tensor_t* res;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, relem, r, rdims, &res));
  if (total == 0 || res->num_elements == 0) {
    results[0] = res;
    return NULL;
  }
  lcplx* buf = cx_calloc(ev->allocator, (size_t)total, sizeof(lcplx));
  if (!buf) {
    cx_tensor_release(res);
    return CX_OOM();
  }
  cx_status_t st = NULL;
  if (type == CX_FFT_IRFFT) {
    // Inverse transforms of the leading axes on the half spectrum, then the
    // last axis from its Hermitian-symmetric extension; the imaginary parts
    // of the DC (and Nyquist) terms drop out of the real result.
    int64_t half = x->dims[r - 1];
    int64_t hdims[CX_MAX_RANK];
    memcpy(hdims, x->dims, r * sizeof(int64_t));
    lcplx* hb = cx_alloc(ev->allocator, (size_t)x->num_elements * sizeof(lcplx));
    if (!hb) {
      st = CX_OOM();
      goto done;
    }
    for (int64_t k = 0; k < x->num_elements; k++) hb[k] = load_l(x, k);
    for (uint32_t i = 0; i + 1 < L && !st; i++)
      st = dft_axis(ev->allocator, hb, r, hdims, r - L + i, true);
    int64_t n = len[L - 1];
    int64_t lines = x->num_elements / half;
    for (int64_t l = 0; l < lines; l++)
      for (int64_t k = 0; k < n; k++)
        buf[l * n + k] = k < half ? hb[l * half + k]
                                  : l_make(hb[l * half + (n - k)].re, -hb[l * half + (n - k)].im);
    cx_free(ev->allocator, hb);
    if (!st) st = dft_axis(ev->allocator, buf, r, cdims, r - 1, true);
    if (!st)
      for (int64_t k = 0; k < total; k++) cx_store_float(res->elem, cx_tensor_at(res, k), (double)buf[k].re);
  } else {
    for (int64_t k = 0; k < total; k++) buf[k] = load_l(x, k);
    bool inverse = type == CX_FFT_IFFT;
    // The complex transforms along different axes commute, and RFFT is the
    // truncation of the full FFT of the real input.
    for (uint32_t i = 0; i < L && !st; i++)
      st = dft_axis(ev->allocator, buf, r, cdims, r - L + i, inverse);
    if (!st) {
      if (type == CX_FFT_RFFT) {
        int64_t n = cdims[r - 1], h = rdims[r - 1];
        int64_t lines = total / n;
        for (int64_t l = 0; l < lines; l++)
          for (int64_t k = 0; k < h; k++)
            store_l_complex(res, l * h + k, buf[l * n + k]);
      } else {
        for (int64_t k = 0; k < total; k++) store_l_complex(res, k, buf[k]);
      }
    }
  }
done:
  cx_free(ev->allocator, buf);
  return cx_tensor_finish(st, res, &results[0]);
}

// cx_eval_family_LINALG: its ops by kind.
CX_EVAL_FAMILY_ROWS(LINALG, "linear algebra", false,
    CX_EVAL_ANY_OPERANDS(CX_OP_CHOLESKY, eval_cholesky),
    CX_EVAL_ANY_OPERANDS(CX_OP_TRIANGULAR_SOLVE, eval_triangular_solve),
    CX_EVAL_ANY_OPERANDS(CX_OP_FFT, eval_fft))

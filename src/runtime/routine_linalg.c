// CHOLESKY and TRIANGULAR_SOLVE (routine_linalg.h): stablehlo.cholesky and
// stablehlo.triangular_solve in compiled programs.
//
// The interpreter (interp/eval_linalg.c) is the oracle compiled code is
// checked against, so these compute exactly its sums: in double (complex
// double), each element's terms subtracted in the interpreter's order, the
// same complex product and Smith division, one rounding to the element type
// at the end. Only the loop order differs: instead of finishing one
// element's sum before the next, the loops run over many elements at once
// (a column of the factor, a row of the solution) with the k of the sum
// outermost, so the inner loop is a contiguous axpy the compiler
// vectorizes; every element still sees its terms in increasing k. LAPACK
// (blocked, reassociated sums) would be faster but would differ from the
// interpreter in the last bits of f64 results and, near singularity, in
// which matrices count as positive definite.
#include "runtime/routine_linalg.h"

#include <math.h>
#include <string.h>

#include "runtime/routine_gemm.h"
#include "runtime/routine_linalg_inner.h"
#include "support/complex_arith.h"
#include "support/scalar.h"

typedef cx_complex_t cplx;

// ---- element access -------------------------------------------------------------------
// O(n^2) per matrix against the O(n^3) solves, so a switch per element is
// cheap; f32 and f64 skip the generic conversions.

static inline double load_real(cx_elem_t e, const void* base, int64_t i) {
  if (e == CX_ELEM_F32) return ((const float*)base)[i];
  if (e == CX_ELEM_F64) return ((const double*)base)[i];
  return cx_load_float(e, (const char*)base + (size_t)i * cx_elem_storage_size(e));
}

static inline void store_real(cx_elem_t e, void* base, int64_t i, double v) {
  if (e == CX_ELEM_F32)
    ((float*)base)[i] = (float)v;
  else if (e == CX_ELEM_F64)
    ((double*)base)[i] = v;
  else
    cx_store_float(e, (char*)base + (size_t)i * cx_elem_storage_size(e), v);
}

static inline cplx load_complex(cx_elem_t e, const void* base, int64_t i) {
  return cx_load_complex(e, (const char*)base + (size_t)i * cx_elem_storage_size(e));
}

static inline void store_complex(cx_elem_t e, void* base, int64_t i, cplx v) {
  cx_store_complex(e, (char*)base + (size_t)i * cx_elem_storage_size(e), v);
}

// ---- the inner loop -------------------------------------------------------------------

void cx_rt_linalg_subtract_products_portable(double* y, int64_t len, const double* x,
                                             int64_t x_stride, const double* coef,
                                             int64_t coef_stride, int64_t count) {
  cx_rt_linalg_subtract_products_body(y, len, x, x_stride, coef, coef_stride, count);
}

// What a call runs with: the inner loop for the kernel context's ISA level
// (the one the GEMM uses, which tests may force) and the threads it may use.
typedef struct linalg_run {
  cx_rt_linalg_subtract_products_fn subtract_products;
  cx_rt_thread_pool_t* pool;
  int threads;
} linalg_run_t;

static cx_status_t linalg_run_init(const cx_rt_routine_ctx_t* ctx, linalg_run_t* out) {
  cx_rt_kernel_ctx_t* kc;
  cx_status_t st = cx_rt_routine_kernel_ctx(ctx, &kc);
  if (st) {
    // The context is made on a call state's first dense routine; naming the
    // op tells which step could not get it.
    cx_status_t named = cx_rt_routine_error(ctx, cx_status_code(st), "needs a kernel context: %s",
                                            cx_status_message(st));
    cx_status_free(st);
    return named;
  }
  switch (cx_rt_kernel_ctx_isa(kc)) {
    case CX_RT_ISA_AVX512:
      out->subtract_products = cx_rt_linalg_subtract_products_avx512;
      break;
    case CX_RT_ISA_AVX2:
      out->subtract_products = cx_rt_linalg_subtract_products_avx2;
      break;
    default:
      out->subtract_products = cx_rt_linalg_subtract_products_portable;
      break;
  }
  out->pool = cx_rt_kernel_ctx_pool(kc);
  out->threads = cx_rt_kernel_ctx_num_threads(kc);
  return NULL;
}

// Independent columns (left solve) or rows (right solve) of X are solved in
// blocks of this many, so the part of X the substitution rereads stays in
// cache (64 doubles x 512 rows: 256 KiB).
enum { kSolveBlock = 64 };

// ---- the record against its buffers ---------------------------------------------------
// Records may come from an artifact file: one whose sizes do not fit the
// step's buffers is an error, not a read or write past them.

static bool product(int64_t a, int64_t b, int64_t* out) {
  return a >= 0 && b >= 0 && !__builtin_mul_overflow(a, b, out);
}

// Binding i of the step exists and holds at least `values` values of `bytes_each`.
static bool binding_holds(const cx_rt_routine_ctx_t* ctx, uint32_t i, int64_t values,
                          int64_t bytes_each) {
  const cx_rt_executable_t* e = ctx->exe;
  const cx_rt_step_t* st = ctx->step;
  int64_t need;
  if (i >= st->num_bindings || !product(values, bytes_each, &need)) return false;
  uint32_t slot = e->bindings[st->first_binding + i];
  return slot < e->num_slots && e->slots[slot].nbytes >= (uint64_t)need;
}

static bool float_elem(int32_t elem) {
  return elem > CX_ELEM_INVALID && elem < CX_ELEM_COUNT &&
         (cx_elem_is_float((cx_elem_t)elem) || cx_elem_is_complex((cx_elem_t)elem));
}

static cx_status_t record_mismatch(const cx_rt_routine_ctx_t* ctx) {
  return cx_rt_routine_error(ctx, CX_INVALID_ARGUMENT,
                             "has a parameter record that does not match its buffers");
}

// ---- cholesky -------------------------------------------------------------------------
// Left-looking: column j of L is A's column j minus sum_k L[:,k] L[j,k]^*
// over k < j, then scaled by 1 / L[j,j]. The factor is kept column-major
// (col[k * n + i] = L[i][k]) so that column updates are contiguous.
// Returns false (and leaves the rest undefined) when a pivot is not > 0,
// NaN included.

static bool cholesky_real(const linalg_run_t* run, int64_t n, double* restrict col) {
  for (int64_t j = 0; j < n; j++) {
    double* restrict cj = col + j * n;
    double d = cj[j];
    for (int64_t k = 0; k < j; k++) d -= col[k * n + j] * col[k * n + j];
    if (!(d > 0)) return false;
    // cj[i] -= col[k * n + i] * col[k * n + j] for i > j, k = 0 .. j-1.
    run->subtract_products(cj + j + 1, n - j - 1, col + j + 1, n, col + j, n, j);
    double djj = sqrt(d);
    cj[j] = djj;
    for (int64_t i = j + 1; i < n; i++) cj[i] /= djj;
  }
  return true;
}

static bool cholesky_complex(int64_t n, cplx* restrict col) {
  for (int64_t j = 0; j < n; j++) {
    cplx* restrict cj = col + j * n;
    double d = cj[j].re;
    for (int64_t k = 0; k < j; k++) {
      cplx l = col[k * n + j];
      d -= l.re * l.re + l.im * l.im;
    }
    if (!(d > 0)) return false;
    for (int64_t k = 0; k < j; k++) {
      const cplx* restrict ck = col + k * n;
      cplx ljk_conj = cx_cplx_conj(ck[j]);
      for (int64_t i = j + 1; i < n; i++) cj[i] = cx_cplx_sub(cj[i], cx_cplx_mul(ck[i], ljk_conj));
    }
    double djj = sqrt(d);
    cj[j] = cx_cplx_make(djj, 0);
    for (int64_t i = j + 1; i < n; i++) cj[i] = cx_cplx_make(cj[i].re / djj, cj[i].im / djj);
  }
  return true;
}

cx_status_t cx_rt_routine_cholesky(const cx_rt_routine_ctx_t* ctx, const void* params,
                                   void* const* buffers) {
  const cx_rt_cholesky_params_t* p = params;
  if (ctx->pack_only) return NULL;  // no routine cache
  int64_t nn_check, total;
  if (!float_elem(p->elem) || !product(p->n, p->n, &nn_check) ||
      !product(p->batch, nn_check, &total))
    return record_mismatch(ctx);
  int64_t elem_size = (int64_t)cx_elem_storage_size((cx_elem_t)p->elem);
  int64_t work_size = cx_elem_is_complex((cx_elem_t)p->elem) ? 16 : 8;
  if (!binding_holds(ctx, 0, total, elem_size) || !binding_holds(ctx, 1, total, elem_size) ||
      !binding_holds(ctx, 2, nn_check, work_size))
    return record_mismatch(ctx);
  linalg_run_t run;
  CX_RETURN_IF_ERROR(linalg_run_init(ctx, &run));
  cx_elem_t e = (cx_elem_t)p->elem;
  int64_t n = p->n, nn = n * n;
  const void* in = buffers[0];
  void* out = buffers[1];
  bool is_complex = cx_elem_is_complex(e);
  for (int64_t b = 0; b < p->batch; b++) {
    int64_t base = b * nn;
    // B = the lower triangle of A (lower) or of A^H (upper): A = L L^H and
    // U = L^H. The whole matrix is read before any of the result is
    // written, so the result may be the operand's buffer.
    bool ok;
    if (is_complex) {
      cplx* col = buffers[2];
      for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j <= i; j++)
          col[j * n + i] = p->lower ? load_complex(e, in, base + i * n + j)
                                    : cx_cplx_conj(load_complex(e, in, base + j * n + i));
      ok = cholesky_complex(n, col);
      for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
          cplx v;
          if (!ok)
            v = cx_cplx_make(NAN, NAN);
          else if (p->lower)
            v = j <= i ? col[j * n + i] : cx_cplx_make(0, 0);
          else
            v = j >= i ? cx_cplx_conj(col[i * n + j]) : cx_cplx_make(0, 0);
          store_complex(e, out, base + i * n + j, v);
        }
    } else {
      double* col = buffers[2];
      for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j <= i; j++)
          col[j * n + i] = load_real(e, in, base + (p->lower ? i * n + j : j * n + i));
      ok = cholesky_real(&run, n, col);
      for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
          double v;
          if (!ok)
            v = NAN;
          else if (p->lower)
            v = j <= i ? col[j * n + i] : 0;
          else
            v = j >= i ? col[i * n + j] : 0;
          store_real(e, out, base + i * n + j, v);
        }
    }
  }
  return NULL;
}

// ---- triangular_solve -----------------------------------------------------------------
// T = op(triangle of A) is built as the interpreter builds it (zeros outside
// the triangle, 1 on a unit diagonal, conjugated for ADJOINT), then
//   left:  T X = B by rows of X: row i = (B[i] - sum_k T[i][k] X[k]) / T[i][i]
//          with k over the rows solved before it, increasing;
//   right: X T = B by columns of X, kept column-major: column j =
//          (B[:,j] - sum_k X[:,k] T[k][j]) / T[j][j].
// T is lower triangular iff lower != transposed.

typedef struct solve_shape {
  int64_t m, rows, cols;
  bool left, t_lower;
} solve_shape_t;

// One block of independent columns (left) or rows (right) of X; a task of
// the thread pool.
typedef struct solve_real_task {
  const solve_shape_t* s;
  const double* t;
  double* x;
  cx_rt_linalg_subtract_products_fn subtract_products;
} solve_real_task_t;

static void solve_real_block(void* arg, int64_t block, int thread) {
  (void)thread;
  const solve_real_task_t* task = arg;
  const solve_shape_t* s = task->s;
  const double* t = task->t;
  double* x = task->x;
  int64_t m = s->m;
  if (s->left) {
    int64_t cols = s->cols, c0 = block * kSolveBlock;
    int64_t width = cols - c0 < kSolveBlock ? cols - c0 : kSolveBlock;
    for (int64_t step = 0; step < m; step++) {
      int64_t i = s->t_lower ? step : m - 1 - step;
      int64_t k0 = s->t_lower ? 0 : i + 1, k1 = s->t_lower ? i : m;
      double* xi = x + i * cols + c0;
      // xi -= t[i][k] * x[k] over the rows solved before, k increasing.
      task->subtract_products(xi, width, x + k0 * cols + c0, cols, t + i * m + k0, 1, k1 - k0);
      double tii = t[i * m + i];
      for (int64_t c = 0; c < width; c++) xi[c] /= tii;
    }
  } else {
    int64_t rows = s->rows, r0 = block * kSolveBlock;
    int64_t height = rows - r0 < kSolveBlock ? rows - r0 : kSolveBlock;
    for (int64_t step = 0; step < m; step++) {
      int64_t j = s->t_lower ? m - 1 - step : step;
      int64_t k0 = s->t_lower ? j + 1 : 0, k1 = s->t_lower ? m : j;
      double* xj = x + j * rows + r0;
      // xj -= x[:, k] * t[k][j] over the columns solved before, k increasing.
      task->subtract_products(xj, height, x + k0 * rows + r0, rows, t + k0 * m + j, m, k1 - k0);
      double tjj = t[j * m + j];
      for (int64_t r = 0; r < height; r++) xj[r] /= tjj;
    }
  }
}

// The blocks run on the call's threads when there are several and enough
// work to pay for waking them (the pool's dispatch costs microseconds).
static void solve_real(const linalg_run_t* run, const solve_shape_t* s, const double* t,
                       double* x) {
  int64_t independent = s->left ? s->cols : s->rows;
  int64_t blocks = (independent + kSolveBlock - 1) / kSolveBlock;
  solve_real_task_t task = {s, t, x, run->subtract_products};
  if (blocks > 1 && run->threads != 1 && s->m * s->m * independent >= (int64_t)1 << 18) {
    cx_rt_thread_pool_parallel_for(run->pool, blocks, run->threads, solve_real_block, &task);
    return;
  }
  for (int64_t b = 0; b < blocks; b++) solve_real_block(&task, b, 0);
}

static void solve_complex(const solve_shape_t* s, const cplx* restrict t, cplx* restrict x) {
  int64_t m = s->m;
  if (s->left) {
    int64_t cols = s->cols;
    for (int64_t step = 0; step < m; step++) {
      int64_t i = s->t_lower ? step : m - 1 - step;
      int64_t k0 = s->t_lower ? 0 : i + 1, k1 = s->t_lower ? i : m;
      cplx* restrict xi = x + i * cols;
      for (int64_t k = k0; k < k1; k++) {
        const cplx* restrict xk = x + k * cols;
        cplx tik = t[i * m + k];
        for (int64_t c = 0; c < cols; c++) xi[c] = cx_cplx_sub(xi[c], cx_cplx_mul(tik, xk[c]));
      }
      cplx tii = t[i * m + i];
      for (int64_t c = 0; c < cols; c++) xi[c] = cx_cplx_div(xi[c], tii);
    }
  } else {
    int64_t rows = s->rows;
    for (int64_t step = 0; step < m; step++) {
      int64_t j = s->t_lower ? m - 1 - step : step;
      int64_t k0 = s->t_lower ? j + 1 : 0, k1 = s->t_lower ? m : j;
      cplx* restrict xj = x + j * rows;
      for (int64_t k = k0; k < k1; k++) {
        const cplx* restrict xk = x + k * rows;
        cplx tkj = t[k * m + j];
        for (int64_t r = 0; r < rows; r++) xj[r] = cx_cplx_sub(xj[r], cx_cplx_mul(xk[r], tkj));
      }
      cplx tjj = t[j * m + j];
      for (int64_t r = 0; r < rows; r++) xj[r] = cx_cplx_div(xj[r], tjj);
    }
  }
}

// Where element (r, c) of B / X lives in the work array: row-major for a
// left solve, column-major for a right one.
static inline int64_t work_index(const solve_shape_t* s, int64_t r, int64_t c) {
  return s->left ? r * s->cols + c : c * s->rows + r;
}

cx_status_t cx_rt_routine_triangular_solve(const cx_rt_routine_ctx_t* ctx, const void* params,
                                           void* const* buffers) {
  const cx_rt_triangular_solve_params_t* p = params;
  if (ctx->pack_only) return NULL;  // no routine cache
  int64_t mm_check, rc_check, a_total, b_total, work;
  if (!float_elem(p->elem) || p->transpose_a > CX_RT_LINALG_ADJOINT ||
      p->m != (p->left_side ? p->rows : p->cols) || !product(p->m, p->m, &mm_check) ||
      !product(p->rows, p->cols, &rc_check) || !product(p->batch, mm_check, &a_total) ||
      !product(p->batch, rc_check, &b_total) || __builtin_add_overflow(mm_check, rc_check, &work))
    return record_mismatch(ctx);
  int64_t elem_size = (int64_t)cx_elem_storage_size((cx_elem_t)p->elem);
  int64_t work_size = cx_elem_is_complex((cx_elem_t)p->elem) ? 16 : 8;
  if (!binding_holds(ctx, 0, a_total, elem_size) || !binding_holds(ctx, 1, b_total, elem_size) ||
      !binding_holds(ctx, 2, b_total, elem_size) || !binding_holds(ctx, 3, work, work_size))
    return record_mismatch(ctx);
  linalg_run_t run;
  CX_RETURN_IF_ERROR(linalg_run_init(ctx, &run));
  cx_elem_t e = (cx_elem_t)p->elem;
  const void* a = buffers[0];
  const void* b = buffers[1];
  void* out = buffers[2];
  bool is_complex = cx_elem_is_complex(e);
  bool transposed = p->transpose_a != CX_RT_LINALG_NO_TRANSPOSE;
  bool conj = p->transpose_a == CX_RT_LINALG_ADJOINT;
  solve_shape_t s = {p->m, p->rows, p->cols, p->left_side != 0, (p->lower != 0) != transposed};
  int64_t m = p->m, mm = m * m, rc = p->rows * p->cols;
  for (int64_t bi = 0; bi < p->batch; bi++) {
    int64_t abase = bi * mm, bbase = bi * rc;
    // Reads all of a and b before writing the result, so the result may be
    // b's buffer.
    if (is_complex) {
      cplx* t = buffers[3];
      cplx* x = t + mm;
      for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < m; j++) {
          int64_t si = transposed ? j : i, sj = transposed ? i : j;  // element of a
          bool in_triangle = p->lower ? sj <= si : sj >= si;
          cplx v = cx_cplx_make(0, 0);
          if (si == sj && p->unit_diagonal)
            v = cx_cplx_make(1, 0);
          else if (in_triangle)
            v = load_complex(e, a, abase + si * m + sj);
          t[i * m + j] = conj ? cx_cplx_conj(v) : v;
        }
      for (int64_t r = 0; r < p->rows; r++)
        for (int64_t c = 0; c < p->cols; c++)
          x[work_index(&s, r, c)] = load_complex(e, b, bbase + r * p->cols + c);
      solve_complex(&s, t, x);
      for (int64_t r = 0; r < p->rows; r++)
        for (int64_t c = 0; c < p->cols; c++)
          store_complex(e, out, bbase + r * p->cols + c, x[work_index(&s, r, c)]);
    } else {
      double* t = buffers[3];
      double* x = t + mm;
      for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < m; j++) {
          int64_t si = transposed ? j : i, sj = transposed ? i : j;  // element of a
          bool in_triangle = p->lower ? sj <= si : sj >= si;
          double v = 0;
          if (si == sj && p->unit_diagonal)
            v = 1;
          else if (in_triangle)
            v = load_real(e, a, abase + si * m + sj);
          t[i * m + j] = v;
        }
      for (int64_t r = 0; r < p->rows; r++)
        for (int64_t c = 0; c < p->cols; c++)
          x[work_index(&s, r, c)] = load_real(e, b, bbase + r * p->cols + c);
      solve_real(&run, &s, t, x);
      for (int64_t r = 0; r < p->rows; r++)
        for (int64_t c = 0; c < p->cols; c++)
          store_real(e, out, bbase + r * p->cols + c, x[work_index(&s, r, c)]);
    }
  }
  return NULL;
}

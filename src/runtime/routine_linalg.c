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
//
// Real cholesky is blocked for the cache (its O(n^3) part is a register-
// tiled C -= A B^T that still subtracts one rounded product at a time, in
// increasing k, from each element) and runs block updates, or the matrices
// of a batch, on the call's threads; the bits are those of the unblocked
// order on any number of threads. Complex cholesky is unblocked, and only
// its batches use threads.
#include "runtime/routine_linalg.h"

#include <math.h>
#include <stdint.h>
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

void cx_rt_linalg_update_tile_portable(double* c, int64_t ldc, const double* a, const double* b,
                                       int64_t kc) {
  cx_rt_linalg_update_tile_body(c, ldc, a, b, kc);
}

// What a call runs with: the inner loop for the kernel context's ISA level
// (the one the GEMM uses, which tests may force) and the threads it may use.
typedef struct linalg_run {
  cx_rt_linalg_subtract_products_fn subtract_products;
  cx_rt_linalg_update_tile_fn update_tile;
  cx_rt_kernel_ctx_t* kc;  // per-thread packing scratch
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
      out->update_tile = cx_rt_linalg_update_tile_avx512;
      break;
    case CX_RT_ISA_AVX2:
      out->subtract_products = cx_rt_linalg_subtract_products_avx2;
      out->update_tile = cx_rt_linalg_update_tile_avx2;
      break;
    default:
      out->subtract_products = cx_rt_linalg_subtract_products_portable;
      out->update_tile = cx_rt_linalg_update_tile_portable;
      break;
  }
  out->kc = kc;
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

// Bytes of binding i (which exists: binding_holds said so).
static uint64_t binding_bytes(const cx_rt_routine_ctx_t* ctx, uint32_t i) {
  return ctx->exe->slots[ctx->exe->bindings[ctx->step->first_binding + i]].nbytes;
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
//
// Real matrices are factored in blocks of kCholBlock columns [j0, j1), so
// that the O(n^3) part runs from cache and on several threads:
//   1. update: every element of the block's columns on or below row j0
//      subtracts the products of the finished columns k < j0, in increasing
//      k (a GEMM-shaped C -= A B^T whose tile kernel keeps each element's
//      order, routine_linalg_inner.h); rows are split across threads;
//   2. panel: each column j of the block then subtracts the products of
//      k = j0 .. j-1, takes its pivot and is scaled, as unblocked: first
//      the block's own rows, then the rows below it, split across threads.
// So every element still sees k = 0, 1, ..., j-1 one rounded product at a
// time, exactly the unblocked (and the interpreter's) sums: the diagonal
// element's d -= L[j][k] * L[j][k] is the same subtraction as the update's
// with i = j. Which thread runs which rows changes nothing in any sum.

enum {
  kCholBlock = 64,   // columns factored together (NB)
  kCholRows = 64,    // rows of the block update per task (a multiple of MR)
  kCholDepth = 256,  // products per element per pass over a tile: the A
                     // micro-panel (8 x 256 doubles, 16 KiB) stays in L1
};

// Kernel-context scratch slots (per thread, contents unspecified between
// routines): the GEMM's packing slots, which a call has usually grown already.
enum { kCholSlotA = 0, kCholSlotB = 1 };

// Block updates run on the call's threads when there are several and the
// update has this many products or more (below, waking threads costs more
// than it saves).
static const int64_t kCholParallelProducts = (int64_t)1 << 18;

static int64_t min64(int64_t a, int64_t b) {
  return a < b ? a : b;
}

// The block update of columns [j0, j0 + nb), rows [j0, n), over k < j0.
typedef struct chol_update {
  cx_rt_linalg_update_tile_fn update_tile;
  cx_rt_kernel_ctx_t* kc;
  int64_t n, j0, nb;
  double* col;
  // The block's rows of L, k < j0, packed as the tile kernel reads them:
  // [column tile of NR][k][NR], zeros past the block's last column.
  const double* bpack;
} chol_update_t;

// Rows [j0 + task * kCholRows, + kCholRows) of the block update; a task of
// the thread pool, or of the calling thread (the A panel is `thread`'s
// scratch).
static void chol_update_rows(void* arg, int64_t task, int thread) {
  enum { MR = CX_RT_LINALG_MR, NR = CX_RT_LINALG_NR };
  const chol_update_t* u = arg;
  int64_t n = u->n, j0 = u->j0, nb = u->nb;
  int64_t r0 = j0 + task * kCholRows, rows = min64(kCholRows, n - r0);
  int64_t row_tiles = (rows + MR - 1) / MR, col_tiles = (nb + NR - 1) / NR;
  double* apack = cx_rt_kernel_ctx_scratch(u->kc, thread, kCholSlotA);
  for (int64_t k0 = 0; k0 < j0; k0 += kCholDepth) {
    int64_t depth = min64(kCholDepth, j0 - k0);
    // A: the rows' L[i][k] for this pass, [row tile][k][MR], zeros past the
    // last row (their results are dropped below).
    for (int64_t rt = 0; rt < row_tiles; rt++) {
      int64_t valid = min64(MR, rows - rt * MR);
      for (int64_t k = 0; k < depth; k++) {
        const double* src = u->col + (k0 + k) * n + r0 + rt * MR;
        double* dst = apack + (rt * depth + k) * MR;
        for (int64_t r = 0; r < MR; r++) dst[r] = r < valid ? src[r] : 0;
      }
    }
    for (int64_t rt = 0; rt < row_tiles; rt++) {
      int64_t vr = min64(MR, rows - rt * MR);
      const double* a = apack + rt * depth * MR;
      for (int64_t ct = 0; ct < col_tiles; ct++) {
        int64_t vc = min64(NR, nb - ct * NR);
        const double* b = u->bpack + (ct * j0 + k0) * NR;
        double* c = u->col + (j0 + ct * NR) * n + r0 + rt * MR;
        if (vr == MR && vc == NR) {
          u->update_tile(c, n, a, b, depth);
          continue;
        }
        // An edge tile: through a whole tile on the stack.
        double t[NR * MR] = {0};
        for (int64_t q = 0; q < vc; q++)
          for (int64_t r = 0; r < vr; r++) t[q * MR + r] = c[q * n + r];
        u->update_tile(t, MR, a, b, depth);
        for (int64_t q = 0; q < vc; q++)
          for (int64_t r = 0; r < vr; r++) c[q * n + r] = t[q * MR + r];
      }
    }
  }
}

// The rows below a factored diagonal block [j0, j1): rows [j1 + task *
// kCholRows, + kCholRows) of its columns, each element minus the products
// of k = j0 .. j-1 (those of k < j0 are in already), then divided by the
// pivot: the unblocked loop's operations, a range of rows at a time.
typedef struct chol_panel {
  cx_rt_linalg_subtract_products_fn subtract_products;
  int64_t n, j0, j1;
  double* col;
} chol_panel_t;

static void chol_panel_rows(void* arg, int64_t task, int thread) {
  (void)thread;
  const chol_panel_t* pn = arg;
  int64_t n = pn->n, j0 = pn->j0;
  int64_t r0 = pn->j1 + task * kCholRows, rows = min64(kCholRows, n - r0);
  for (int64_t j = j0; j < pn->j1; j++) {
    double* restrict y = pn->col + j * n + r0;
    pn->subtract_products(y, rows, pn->col + j0 * n + r0, n, pn->col + j0 * n + j, n, j - j0);
    double djj = pn->col[j * n + j];
    for (int64_t i = 0; i < rows; i++) y[i] /= djj;
  }
}

// Factors the n x n matrix in col (its strict upper triangle zero, so the
// block update reads no unset memory), with bpack and `thread`'s A scratch
// as packing space. Block updates go to the pool when `pool` is not NULL.
static bool cholesky_real(const linalg_run_t* run, cx_rt_thread_pool_t* pool, int threads,
                          int thread, int64_t n, double* restrict col, double* bpack) {
  enum { NR = CX_RT_LINALG_NR };
  for (int64_t j0 = 0; j0 < n; j0 += kCholBlock) {
    int64_t j1 = min64(n, j0 + kCholBlock), nb = j1 - j0;
    if (j0 > 0) {
      for (int64_t ct = 0; ct * NR < nb; ct++)
        for (int64_t k = 0; k < j0; k++)
          for (int64_t q = 0; q < NR; q++) {
            int64_t j = j0 + ct * NR + q;
            bpack[(ct * j0 + k) * NR + q] = j < j1 ? col[k * n + j] : 0;
          }
      chol_update_t u = {run->update_tile, run->kc, n, j0, nb, col, bpack};
      int64_t tasks = (n - j0 + kCholRows - 1) / kCholRows;
      if (pool && tasks > 1 && (n - j0) * nb * j0 >= kCholParallelProducts)
        cx_rt_thread_pool_parallel_for(pool, tasks, threads, chol_update_rows, &u);
      else
        for (int64_t t = 0; t < tasks; t++) chol_update_rows(&u, t, thread);
    }
    // The block's own rows, column by column (each pivot needs the
    // columns before it), then the rows below, which are independent.
    for (int64_t j = j0; j < j1; j++) {
      double* restrict cj = col + j * n;
      double d = cj[j];
      for (int64_t k = j0; k < j; k++) d -= col[k * n + j] * col[k * n + j];
      if (!(d > 0)) return false;
      // cj[i] -= col[k * n + i] * col[k * n + j] for j < i < j1, k = j0 .. j-1.
      run->subtract_products(cj + j + 1, j1 - j - 1, col + j0 * n + j + 1, n, col + j0 * n + j, n,
                             j - j0);
      double djj = sqrt(d);
      cj[j] = djj;
      for (int64_t i = j + 1; i < j1; i++) cj[i] /= djj;
    }
    if (j1 < n) {
      chol_panel_t pn = {run->subtract_products, n, j0, j1, col};
      int64_t tasks = (n - j1 + kCholRows - 1) / kCholRows;
      if (pool && tasks > 1 && (n - j1) * nb * nb / 2 >= kCholParallelProducts)
        cx_rt_thread_pool_parallel_for(pool, tasks, threads, chol_panel_rows, &pn);
      else
        for (int64_t t = 0; t < tasks; t++) chol_panel_rows(&pn, t, thread);
    }
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

// One call: the matrices, the work space, and how the batch is run.
typedef struct chol_job {
  const cx_rt_cholesky_params_t* p;
  const linalg_run_t* run;
  const void* in;
  void* out;
  void* work;  // `matrices` work matrices of n * n values
  // Block updates of one matrix may use the pool (set when the batch's
  // matrices run one after another, not as tasks of the pool).
  cx_rt_thread_pool_t* pool;
  int threads;
} chol_job_t;

// ---- cholesky: the work matrix ---------------------------------------------------------
// col[j * n + i] = B[i][j] for j <= i and 0 above (the blocked real
// factorization reads the zeros), where B = the lower triangle of A (lower)
// or of A^H (upper): A = L L^H and U = L^H. For upper, A's rows are col's
// columns; for lower the copy is a transpose, done through a small tile so
// that both sides are read and written in contiguous runs (a whole
// transposed row or column at a time misses the cache on every element when
// n is a power of two: at n = 1024 that took as long as the factorization).
// Real tiles are 8 by 128: into the work matrix, 8 columns of 128 rows (the
// writes, whose cache misses stall the copy, go in runs of 1 KiB), and out of
// it, 8 rows of 128 columns of the result (runs of a row).
enum { kCopyTile = 32, kCopyShort = 8, kCopyLong = 128 };

static void load_work_real(cx_elem_t e, const void* in, int64_t base, int64_t n, bool lower,
                           double* col) {
  if (!lower) {
    for (int64_t j = 0; j < n; j++)
      for (int64_t i = 0; i < n; i++)
        col[j * n + i] = i < j ? 0 : load_real(e, in, base + j * n + i);
    return;
  }
  if (n <= kCopyLong) {  // the work matrix stays in cache: no tiles needed
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < n; j++)
        if (j <= i) col[j * n + i] = load_real(e, in, base + i * n + j);
    if (n > kCholBlock)
      for (int64_t j = 1; j < n; j++) memset(col + j * n, 0, (size_t)j * sizeof(double));
    return;
  }
  double tile[kCopyShort][kCopyLong];  // [j][i]
  for (int64_t j0 = 0; j0 < n; j0 += kCopyShort)
    for (int64_t i0 = 0; i0 < n; i0 += kCopyLong) {
      int64_t ni = min64(kCopyLong, n - i0), nj = min64(kCopyShort, n - j0);
      for (int64_t i = 0; i < ni; i++)
        for (int64_t j = 0; j < nj; j++)
          tile[j][i] = j0 + j > i0 + i ? 0 : load_real(e, in, base + (i0 + i) * n + j0 + j);
      for (int64_t j = 0; j < nj; j++) memcpy(col + (j0 + j) * n + i0, tile[j], (size_t)ni * 8);
    }
}

// The result from the factor in col: L (lower) or U[i][j] = L[j][i]^*, zeros
// in the other triangle, or NaN everywhere when !ok.
static void store_work_real(cx_elem_t e, void* out, int64_t base, int64_t n, bool lower, bool ok,
                            const double* col) {
  if (!ok || !lower) {
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < n; j++)
        store_real(e, out, base + i * n + j, !ok ? NAN : j >= i ? col[i * n + j] : 0);
    return;
  }
  if (n <= kCopyLong) {
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < n; j++)
        store_real(e, out, base + i * n + j, j <= i ? col[j * n + i] : 0);
    return;
  }
  double tile[kCopyShort][kCopyLong];  // [i][j]
  for (int64_t i0 = 0; i0 < n; i0 += kCopyShort)
    for (int64_t j0 = 0; j0 < n; j0 += kCopyLong) {
      int64_t ni = min64(kCopyShort, n - i0), nj = min64(kCopyLong, n - j0);
      for (int64_t j = 0; j < nj; j++)
        for (int64_t i = 0; i < ni; i++)
          tile[i][j] = j0 + j > i0 + i ? 0 : col[(j0 + j) * n + i0 + i];
      for (int64_t i = 0; i < ni; i++)
        for (int64_t j = 0; j < nj; j++)
          store_real(e, out, base + (i0 + i) * n + j0 + j, tile[i][j]);
    }
}

static void load_work_complex(cx_elem_t e, const void* in, int64_t base, int64_t n, bool lower,
                              cplx* col) {
  if (!lower) {
    for (int64_t j = 0; j < n; j++)
      for (int64_t i = j; i < n; i++)
        col[j * n + i] = cx_cplx_conj(load_complex(e, in, base + j * n + i));
    return;
  }
  cplx tile[kCopyTile][kCopyTile];  // [j][i]
  for (int64_t i0 = 0; i0 < n; i0 += kCopyTile)
    for (int64_t j0 = 0; j0 <= i0; j0 += kCopyTile) {
      int64_t ni = min64(kCopyTile, n - i0), nj = min64(kCopyTile, n - j0);
      for (int64_t i = 0; i < ni; i++)
        for (int64_t j = 0; j < nj && j0 + j <= i0 + i; j++)
          tile[j][i] = load_complex(e, in, base + (i0 + i) * n + j0 + j);
      // Column j0 + j of the tile holds rows from max(i0, j0 + j) on.
      for (int64_t j = 0; j < nj; j++) {
        int64_t first = j0 + j > i0 ? j0 + j - i0 : 0;
        if (first < ni)
          memcpy(col + (j0 + j) * n + i0 + first, &tile[j][first],
                 (size_t)(ni - first) * sizeof(cplx));
      }
    }
}

static void store_work_complex(cx_elem_t e, void* out, int64_t base, int64_t n, bool lower, bool ok,
                               const cplx* col) {
  if (!ok || !lower) {
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < n; j++) {
        cplx v = !ok      ? cx_cplx_make(NAN, NAN)
                 : j >= i ? cx_cplx_conj(col[i * n + j])
                          : cx_cplx_make(0, 0);
        store_complex(e, out, base + i * n + j, v);
      }
    return;
  }
  cplx tile[kCopyTile][kCopyTile];  // [i][j]
  for (int64_t i0 = 0; i0 < n; i0 += kCopyTile)
    for (int64_t j0 = 0; j0 < n; j0 += kCopyTile) {
      int64_t ni = min64(kCopyTile, n - i0), nj = min64(kCopyTile, n - j0);
      for (int64_t j = 0; j < nj; j++)
        for (int64_t i = 0; i < ni; i++)
          tile[i][j] = j0 + j > i0 + i ? cx_cplx_make(0, 0) : col[(j0 + j) * n + i0 + i];
      for (int64_t i = 0; i < ni; i++)
        for (int64_t j = 0; j < nj; j++)
          store_complex(e, out, base + (i0 + i) * n + j0 + j, tile[i][j]);
    }
}

// Matrix b of the batch, in work matrix `thread`; a task of the pool when
// the batch runs on several threads. The whole matrix is read before any of
// the result is written, so the result may be the operand's buffer.
static void cholesky_matrix(void* arg, int64_t b, int thread) {
  const chol_job_t* job = arg;
  const cx_rt_cholesky_params_t* p = job->p;
  cx_elem_t e = (cx_elem_t)p->elem;
  int64_t n = p->n, nn = n * n, base = b * nn;
  bool lower = p->lower != 0;
  if (cx_elem_is_complex(e)) {
    cplx* col = (cplx*)job->work + thread * nn;
    load_work_complex(e, job->in, base, n, lower, col);
    bool ok = cholesky_complex(n, col);
    store_work_complex(e, job->out, base, n, lower, ok, col);
    return;
  }
  double* col = (double*)job->work + thread * nn;
  load_work_real(e, job->in, base, n, lower, col);
  double* bpack = cx_rt_kernel_ctx_scratch(job->run->kc, thread, kCholSlotB);
  bool ok = cholesky_real(job->run, job->pool, job->threads, thread, n, col, bpack);
  store_work_real(e, job->out, base, n, lower, ok, col);
}

// Matrices of a batch run on the call's threads, one work matrix each, when
// they have this many products together (n^3 / 6 each) or more.
static const int64_t kCholParallelBatchProducts = (int64_t)1 << 18;

cx_status_t cx_rt_routine_cholesky(const cx_rt_routine_ctx_t* ctx, const void* params,
                                   void* const* buffers) {
  const cx_rt_cholesky_params_t* p = params;
  if (ctx->pack_only) return NULL;  // no routine cache
  int64_t nn_check, total;
  if (!float_elem(p->elem) || !product(p->n, p->n, &nn_check) ||
      !product(p->batch, nn_check, &total))
    return record_mismatch(ctx);
  int64_t elem_size = (int64_t)cx_elem_storage_size((cx_elem_t)p->elem);
  bool is_complex = cx_elem_is_complex((cx_elem_t)p->elem);
  int64_t work_size = is_complex ? 16 : 8;
  if (!binding_holds(ctx, 0, total, elem_size) || !binding_holds(ctx, 1, total, elem_size) ||
      !binding_holds(ctx, 2, nn_check, work_size))
    return record_mismatch(ctx);
  if (total == 0) return NULL;
  linalg_run_t run;
  CX_RETURN_IF_ERROR(linalg_run_init(ctx, &run));
  int64_t n = p->n;
  // As many work matrices as the scratch binding holds (the compiler sizes
  // it with cx_rt_cholesky_work_matrices), at most one per matrix.
  int64_t matrices =
      min64(p->batch, (int64_t)(binding_bytes(ctx, 2) / (uint64_t)(nn_check * work_size)));
  chol_job_t job = {p, &run, buffers[0], buffers[1], buffers[2], NULL, 1};
  int threads = run.pool ? run.threads : 1;
  int64_t products;  // of the whole batch, n^3 / 6 each (saturated: only compared)
  if (!product(nn_check, n / 6 + 1, &products) || !product(products, p->batch, &products))
    products = INT64_MAX;
  bool batch_parallel = threads > 1 && matrices > 1 && products >= kCholParallelBatchProducts;
  if (batch_parallel && threads > matrices) threads = (int)matrices;
  if (!batch_parallel && threads > 1) {
    job.pool = run.pool;
    job.threads = threads;
  }
  if (!is_complex && n > kCholBlock) {
    // Packing space of the block updates: an A panel per thread, and the
    // block's rows (B) per work matrix in use.
    enum { NR = CX_RT_LINALG_NR };
    size_t a_bytes = (size_t)kCholRows * kCholDepth * sizeof(double);
    size_t b_bytes = (size_t)(kCholBlock + NR - 1) / NR * NR * (size_t)n * sizeof(double);
    cx_status_t st = cx_rt_kernel_ctx_reserve(run.kc, threads, kCholSlotA, a_bytes);
    if (!st)
      st = cx_rt_kernel_ctx_reserve(run.kc, batch_parallel ? threads : 1, kCholSlotB, b_bytes);
    if (st) {
      cx_status_t named = cx_rt_routine_error(ctx, cx_status_code(st), "has no packing space: %s",
                                              cx_status_message(st));
      cx_status_free(st);
      return named;
    }
  }
  if (batch_parallel) {
    cx_rt_thread_pool_parallel_for(run.pool, p->batch, threads, cholesky_matrix, &job);
    return NULL;
  }
  for (int64_t b = 0; b < p->batch; b++) cholesky_matrix(&job, b, 0);
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

// The linear-algebra routines on their own (no IR, no compiler): every ISA
// variant of the inner loops gives, bit for bit, the sums of a plain
// one-product-at-a-time loop (the interpreter's order), the routines give
// hand-known answers at every ISA level this CPU runs, and the blocked,
// threaded cholesky gives to the bit what an element-at-a-time factorization
// in the interpreter's order gives, on sizes around its block size and
// large ones, on one thread and two, batches with a failing matrix among
// them included. tests/compiler/linalg.mlir checks the compiled ops against
// the interpreter.
#include "runtime/routine_linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "runtime/device.h"
#include "runtime/kernels/kernel_ctx.h"
#include "runtime/routine_linalg_inner.h"
#include "support/complex_arith.h"
#include "support/scalar.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static double next_value(void) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return (double)(int64_t)(rng_state >> 11) / (double)(1ull << 52) - 1.0;
}

CX_TEST(inner_loop_variants_match_sequential_sums) {
  cx_rt_cpu_features_t f;
  cx_rt_cpu_features_detect(&f);
  struct {
    cx_rt_linalg_subtract_products_fn fn;
    cx_rt_isa_t isa;
  } variants[] = {{cx_rt_linalg_subtract_products_portable, CX_RT_ISA_PORTABLE},
                  {cx_rt_linalg_subtract_products_avx2, CX_RT_ISA_AVX2},
                  {cx_rt_linalg_subtract_products_avx512, CX_RT_ISA_AVX512}};
  enum { kMaxLen = 37, kMaxCount = 11, kStride = 41 };
  double x[kMaxCount * kStride], coef[kMaxCount * 3], y0[kMaxLen], want[kMaxLen], got[kMaxLen];
  for (int i = 0; i < kMaxCount * kStride; i++) x[i] = next_value() * 1e3;
  for (int i = 0; i < kMaxCount * 3; i++) coef[i] = next_value();
  for (int i = 0; i < kMaxLen; i++) y0[i] = next_value();
  for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
    if (!cx_rt_isa_supported(&f, variants[v].isa)) continue;
    for (int64_t len = 0; len <= kMaxLen; len += 3)
      for (int64_t count = 0; count <= kMaxCount; count++) {
        memcpy(want, y0, sizeof want);
        for (int64_t q = 0; q < count; q++)
          for (int64_t e = 0; e < len; e++) {
            volatile double product = coef[q * 3] * x[q * kStride + e];  // rounded
            want[e] = want[e] - product;
          }
        memcpy(got, y0, sizeof got);
        variants[v].fn(got, len, x, kStride, coef, 3, count);
        for (int64_t e = 0; e < kMaxLen; e++)
          if (memcmp(&got[e], &want[e], sizeof(double)) != 0) {
            CX_FAIL_("%s len %lld count %lld: element %lld is %.17g, want %.17g",
                     cx_rt_isa_name(variants[v].isa), (long long)len, (long long)count,
                     (long long)e, got[e], want[e]);
            return;
          }
      }
  }
}

CX_TEST(tile_variants_match_sequential_sums) {
  enum { MR = CX_RT_LINALG_MR, NR = CX_RT_LINALG_NR, kMaxDepth = 300, kLdc = 13 };
  cx_rt_cpu_features_t f;
  cx_rt_cpu_features_detect(&f);
  struct {
    cx_rt_linalg_update_tile_fn fn;
    cx_rt_isa_t isa;
  } variants[] = {{cx_rt_linalg_update_tile_portable, CX_RT_ISA_PORTABLE},
                  {cx_rt_linalg_update_tile_avx2, CX_RT_ISA_AVX2},
                  {cx_rt_linalg_update_tile_avx512, CX_RT_ISA_AVX512}};
  static double a[kMaxDepth * MR], b[kMaxDepth * NR];
  double c0[NR * kLdc], want[NR * kLdc], got[NR * kLdc];
  for (int i = 0; i < kMaxDepth * MR; i++) a[i] = next_value() * 1e3;
  for (int i = 0; i < kMaxDepth * NR; i++) b[i] = next_value();
  for (int i = 0; i < NR * kLdc; i++) c0[i] = next_value();
  for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
    if (!cx_rt_isa_supported(&f, variants[v].isa)) continue;
    for (int64_t depth = 0; depth <= kMaxDepth; depth += 37) {
      memcpy(want, c0, sizeof want);
      for (int64_t k = 0; k < depth; k++)
        for (int q = 0; q < NR; q++)
          for (int r = 0; r < MR; r++) {
            volatile double product = a[k * MR + r] * b[k * NR + q];  // rounded
            want[q * kLdc + r] = want[q * kLdc + r] - product;
          }
      memcpy(got, c0, sizeof got);
      variants[v].fn(got, kLdc, a, b, depth);
      // Rows MR .. kLdc-1 of each column are not the tile's: untouched.
      if (memcmp(got, want, sizeof got) != 0) {
        CX_FAIL_("%s depth %lld: the tile differs from the sequential sums",
                 cx_rt_isa_name(variants[v].isa), (long long)depth);
        return;
      }
    }
  }
}

typedef struct fake {
  cx_rt_executable_t exe;
  cx_rt_step_t step;
  cx_rt_slot_t slots[4];
  uint32_t bindings[4];
  cx_rt_call_state_t state;
  struct cx_rt_device device;
  cx_rt_routine_ctx_t ctx;
} fake_t;

// The step's four bindings are slots of `nbytes` each.
static void fake_bind(fake_t* f, uint64_t nbytes) {
  for (uint32_t i = 0; i < 4; i++) {
    f->slots[i].nbytes = nbytes;
    f->bindings[i] = i;
  }
  f->exe.slots = f->slots;
  f->exe.num_slots = 4;
  f->exe.bindings = f->bindings;
  f->exe.num_bindings = 4;
  f->step.num_bindings = 4;
}

// A routine context whose kernel context runs `isa` on the calling thread.
static bool fake_init(fake_t* f, cx_rt_isa_t isa) {
  memset(f, 0, sizeof *f);
  f->ctx.exe = &f->exe;
  f->ctx.step = &f->step;
  f->ctx.state = &f->state;
  f->ctx.max_threads = 1;
  fake_bind(f, 1024);
  cx_status_t st = cx_rt_kernel_ctx_create(NULL, &f->state.kernel_ctx);
  if (!st) st = cx_rt_kernel_ctx_set_isa(f->state.kernel_ctx, isa);
  if (st) {  // this CPU cannot run `isa`
    cx_status_free(st);
    cx_rt_kernel_ctx_destroy(f->state.kernel_ctx);
    return false;
  }
  return true;
}

static void fake_free(fake_t* f) {
  cx_rt_kernel_ctx_destroy(f->state.kernel_ctx);
  cx_rt_thread_pool_destroy(f->device.pool);
}

// As fake_init, with a device whose pool has `threads` threads, all of
// which the call may use.
static bool fake_init_threads(fake_t* f, cx_rt_isa_t isa, int threads) {
  memset(f, 0, sizeof *f);
  f->ctx.exe = &f->exe;
  f->ctx.step = &f->step;
  f->ctx.state = &f->state;
  f->ctx.device = &f->device;
  f->ctx.max_threads = threads;
  f->device.num_threads = threads;
  fake_bind(f, 1024);
  cx_status_t st = threads > 1 ? cx_rt_thread_pool_create(threads, &f->device.pool) : NULL;
  if (!st) st = cx_rt_kernel_ctx_create(f->device.pool, &f->state.kernel_ctx);
  if (!st) st = cx_rt_kernel_ctx_set_isa(f->state.kernel_ctx, isa);
  if (st) {
    cx_status_free(st);
    fake_free(f);
    return false;
  }
  return true;
}

static const cx_rt_isa_t kIsas[] = {CX_RT_ISA_PORTABLE, CX_RT_ISA_AVX2, CX_RT_ISA_AVX512};

CX_TEST(cholesky_by_hand) {
  // A = L L^T, L = [[2,0,0],[6,1,0],[-8,5,3]]; NaN where the op must not read.
  for (size_t i = 0; i < sizeof kIsas / sizeof kIsas[0]; i++) {
    fake_t f;
    if (!fake_init(&f, kIsas[i])) continue;
    float a[9] = {4, NAN, NAN, 12, 37, NAN, -16, -43, 98}, l[9];
    double work[9];
    void* buffers[3] = {a, l, work};
    cx_rt_cholesky_params_t p = {CX_ELEM_F32, 1, 1, 3};
    CX_EXPECT_OK(cx_rt_routine_cholesky(&f.ctx, &p, buffers));
    const float want[9] = {2, 0, 0, 6, 1, 0, -8, 5, 3};
    for (int k = 0; k < 9; k++) CX_EXPECT_NEAR(l[k], want[k], 1e-6);
    // Not positive definite: every element NaN.
    double b[4] = {1, 2, 2, 1}, r[4], work2[4];
    void* buffers2[3] = {b, r, work2};
    cx_rt_cholesky_params_t p2 = {CX_ELEM_F64, 1, 1, 2};
    CX_EXPECT_OK(cx_rt_routine_cholesky(&f.ctx, &p2, buffers2));
    for (int k = 0; k < 4; k++) CX_EXPECT(isnan(r[k]));
    fake_free(&f);
  }
}

// ---- cholesky against an element-at-a-time reference -----------------------------------

// The interpreter's factorization (interp/eval_linalg.c) as it is written:
// row-major, each element's sum finished before the next one's, its products
// subtracted in increasing k; real types in double. m holds B's lower
// triangle; returns false for a pivot that is not > 0.
static bool reference_real(int64_t n, double* m) {
  for (int64_t j = 0; j < n; j++) {
    double d = m[j * n + j];
    for (int64_t k = 0; k < j; k++) d -= m[j * n + k] * m[j * n + k];
    if (!(d > 0)) return false;
    double djj = sqrt(d);
    m[j * n + j] = djj;
    for (int64_t i = j + 1; i < n; i++) {
      double s = m[i * n + j];
      for (int64_t k = 0; k < j; k++) s -= m[i * n + k] * m[j * n + k];
      m[i * n + j] = s / djj;
    }
  }
  return true;
}

static bool reference_complex(int64_t n, cx_complex_t* m) {
  for (int64_t j = 0; j < n; j++) {
    double d = m[j * n + j].re;
    for (int64_t k = 0; k < j; k++) {
      cx_complex_t l = m[j * n + k];
      d -= l.re * l.re + l.im * l.im;
    }
    if (!(d > 0)) return false;
    double djj = sqrt(d);
    m[j * n + j] = cx_cplx_make(djj, 0);
    for (int64_t i = j + 1; i < n; i++) {
      cx_complex_t s = m[i * n + j];
      for (int64_t k = 0; k < j; k++)
        s = cx_cplx_sub(s, cx_cplx_mul(m[i * n + k], cx_cplx_conj(m[j * n + k])));
      m[i * n + j] = cx_cplx_make(s.re / djj, s.im / djj);
    }
  }
  return true;
}

// `batch` matrices A = X X^H + n I of element type e (X random in [-1, 1)),
// with NaN in the triangle the op must not read. Matrix `bad` (or none when
// out of range) gets A[p][p] = -1 at p = bad_pivot: not positive definite,
// found at column bad_pivot.
static void* make_spd(cx_elem_t e, int64_t batch, int64_t n, bool lower, int64_t bad,
                      int64_t bad_pivot) {
  size_t es = cx_elem_storage_size(e);
  bool cplx = cx_elem_is_complex(e);
  char* a = malloc((size_t)(batch * n * n) * es);
  cx_complex_t* x = malloc((size_t)(n * n) * sizeof *x);
  for (int64_t b = 0; b < batch; b++) {
    for (int64_t i = 0; i < n * n; i++) x[i] = cx_cplx_make(next_value(), cplx ? next_value() : 0);
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < n; j++) {
        cx_complex_t v = cx_cplx_make(i == j ? (double)n : 0, 0);
        for (int64_t k = 0; k < n; k++)
          v = cx_cplx_add(v, cx_cplx_mul(x[i * n + k], cx_cplx_conj(x[j * n + k])));
        if (i == j) v.im = 0;
        if (b == bad && i == bad_pivot && j == bad_pivot) v = cx_cplx_make(-1, 0);
        bool read = lower ? j <= i : j >= i;
        if (!read) v = cx_cplx_make(NAN, NAN);
        char* at = a + (size_t)(b * n * n + i * n + j) * es;
        if (cplx)
          cx_store_complex(e, at, v);
        else
          cx_store_float(e, at, v.re);
      }
  }
  free(x);
  return a;
}

// What the op must give for `a`, by the reference, in element type e.
static void* reference_cholesky(cx_elem_t e, int64_t batch, int64_t n, bool lower, const void* a) {
  size_t es = cx_elem_storage_size(e);
  bool cplx = cx_elem_is_complex(e);
  char* out = malloc((size_t)(batch * n * n) * es);
  cx_complex_t* m = malloc((size_t)(n * n) * sizeof *m);
  double* r = malloc((size_t)(n * n) * sizeof *r);
  for (int64_t b = 0; b < batch; b++) {
    const char* in = (const char*)a + (size_t)(b * n * n) * es;
    char* o = out + (size_t)(b * n * n) * es;
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j <= i; j++) {  // B = lower(A) or lower(A^H)
        const char* at = in + (size_t)(lower ? i * n + j : j * n + i) * es;
        cx_complex_t v = cplx ? cx_load_complex(e, at) : cx_cplx_make(cx_load_float(e, at), 0);
        m[i * n + j] = lower ? v : cx_cplx_conj(v);
        r[i * n + j] = v.re;
      }
    bool ok = cplx ? reference_complex(n, m) : reference_real(n, r);
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < n; j++) {
        char* at = o + (size_t)(i * n + j) * es;
        bool in_l = lower ? j <= i : j >= i;
        int64_t li = lower ? i * n + j : j * n + i;  // element of L
        if (cplx) {
          cx_complex_t v = !ok     ? cx_cplx_make(NAN, NAN)
                           : !in_l ? cx_cplx_make(0, 0)
                           : lower ? m[li]
                                   : cx_cplx_conj(m[li]);
          cx_store_complex(e, at, v);
        } else {
          cx_store_float(e, at, !ok ? NAN : in_l ? r[li] : 0);
        }
      }
  }
  free(m);
  free(r);
  return out;
}

// Runs CHOLESKY on `a` with `threads` threads and a scratch binding of
// `work_matrices` work matrices; the result, or NULL if the call failed.
static void* run_cholesky(cx_rt_isa_t isa, int threads, int64_t work_matrices, cx_elem_t e,
                          int64_t batch, int64_t n, bool lower, const void* a) {
  fake_t f;
  if (!fake_init_threads(&f, isa, threads)) return NULL;
  size_t es = cx_elem_storage_size(e);
  uint64_t io_bytes = (uint64_t)(batch * n * n) * es;
  uint64_t work_bytes =
      cx_rt_linalg_scratch_bytes(cx_elem_is_complex(e), (uint64_t)(work_matrices * n * n));
  void* out = malloc(io_bytes);
  void* work = malloc(work_bytes);
  f.slots[0].nbytes = f.slots[1].nbytes = io_bytes;
  f.slots[2].nbytes = work_bytes;
  void* buffers[3] = {(void*)a, out, work};
  cx_rt_cholesky_params_t p = {e, lower, batch, n};
  cx_status_t st = cx_rt_routine_cholesky(&f.ctx, &p, buffers);
  free(work);
  fake_free(&f);
  if (st) {
    CX_FAIL_("cholesky failed: %s", cx_status_message(st));
    cx_status_free(st);
    free(out);
    return NULL;
  }
  return out;
}

// One configuration against the reference, bit for bit (NaN payloads
// included: both store the same NAN).
static void expect_cholesky(cx_rt_isa_t isa, int threads, int64_t work_matrices, cx_elem_t e,
                            int64_t batch, int64_t n, bool lower, int64_t bad, int64_t bad_pivot) {
  void* a = make_spd(e, batch, n, lower, bad, bad_pivot);
  void* want = reference_cholesky(e, batch, n, lower, a);
  void* got = run_cholesky(isa, threads, work_matrices, e, batch, n, lower, a);
  size_t es = cx_elem_storage_size(e);
  if (got) {
    for (int64_t b = 0; b < batch; b++) {
      size_t at = (size_t)(b * n * n) * es;
      int64_t differ = 0;
      for (int64_t i = 0; i < n * n; i++)
        differ += memcmp((char*)got + at + i * es, (char*)want + at + i * es, es) != 0;
      if (differ)
        CX_FAIL_(
            "%s, %d thread(s), %lld work matrices, %s %s n=%lld matrix %lld of %lld: "
            "%lld elements differ from the reference",
            cx_rt_isa_name(isa), threads, (long long)work_matrices, cx_elem_name(e),
            lower ? "lower" : "upper", (long long)n, (long long)b, (long long)batch,
            (long long)differ);
    }
    if (bad >= 0 && bad < batch) {  // the failing matrix really is all NaN
      const char* m = (const char*)got + (size_t)(bad * n * n) * es;
      double v =
          cx_elem_is_complex(e) ? cx_load_complex(e, m + (n * n - 1) * es).im : cx_load_float(e, m);
      CX_EXPECT(isnan(v));
    }
  }
  free(a);
  free(want);
  free(got);
}

// Sizes around the block size (64: one block, one column more, the edge
// tiles of a partial last block) and large ones, each ISA level, f32, f64,
// complex64, lower and upper, on one thread. f64 shows any change of the
// order of the sums in the last bits; f32 and complex64 check the rest.
CX_TEST(cholesky_blocked_matches_reference) {
  const int64_t sizes[] = {1, 5, 63, 64, 65, 131, 300};
  const cx_elem_t elems[] = {CX_ELEM_F64, CX_ELEM_F32, CX_ELEM_C64};
  for (size_t i = 0; i < sizeof kIsas / sizeof kIsas[0]; i++)
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
      for (size_t t = 0; t < sizeof elems / sizeof elems[0]; t++)
        for (int lower = 0; lower < 2; lower++)
          expect_cholesky(kIsas[i], 1, 1, elems[t], 1, sizes[s], lower, -1, 0);
  // 517: eight blocks and a partial one, rows not a multiple of the tile.
  expect_cholesky(CX_RT_ISA_AUTO, 1, 1, CX_ELEM_F64, 1, 517, true, -1, 0);
  expect_cholesky(CX_RT_ISA_AUTO, 1, 1, CX_ELEM_F32, 1, 517, false, -1, 0);
}

// Two threads split the block updates by rows: the same bits as one thread
// (and the reference), whichever thread ran which rows.
CX_TEST(cholesky_two_threads_match_one) {
  const int64_t sizes[] = {131, 300, 517};
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
    for (int lower = 0; lower < 2; lower++) {
      int64_t n = sizes[s];
      void* a = make_spd(CX_ELEM_F64, 1, n, lower, -1, 0);
      void* one = run_cholesky(CX_RT_ISA_AUTO, 1, 1, CX_ELEM_F64, 1, n, lower, a);
      void* two = run_cholesky(CX_RT_ISA_AUTO, 2, 1, CX_ELEM_F64, 1, n, lower, a);
      void* want = reference_cholesky(CX_ELEM_F64, 1, n, lower, a);
      size_t bytes = (size_t)(n * n) * sizeof(double);
      CX_EXPECT(one && two && memcmp(one, two, bytes) == 0 && memcmp(one, want, bytes) == 0);
      free(a);
      free(one);
      free(two);
      free(want);
    }
}

// A batch with one matrix that is not positive definite in the middle: NaN
// for that matrix only, the others exact, whether the matrices run on two
// threads at once (five work matrices), one after another with threaded
// updates (one work matrix), or on one thread. The pivot fails in the last
// block (after block updates) or at a block's first column.
CX_TEST(cholesky_batch_with_a_failing_matrix) {
  const cx_elem_t elems[] = {CX_ELEM_F64, CX_ELEM_F32, CX_ELEM_C64};
  for (size_t t = 0; t < sizeof elems / sizeof elems[0]; t++)
    for (int lower = 0; lower < 2; lower++) {
      expect_cholesky(CX_RT_ISA_AUTO, 2, 5, elems[t], 5, 70, lower, 2, 69);
      expect_cholesky(CX_RT_ISA_AUTO, 2, 2, elems[t], 5, 131, lower, 2, 64);
      expect_cholesky(CX_RT_ISA_AUTO, 2, 1, elems[t], 5, 131, lower, 3, 130);
      expect_cholesky(CX_RT_ISA_AUTO, 1, 5, elems[t], 5, 70, lower, 2, 69);
    }
  // Many small matrices, more than the work matrices: slots are reused.
  expect_cholesky(CX_RT_ISA_AUTO, 2, 3, CX_ELEM_F64, 40, 40, true, 17, 0);
}

CX_TEST(cholesky_work_matrices) {
  CX_EXPECT_EQ_U64(cx_rt_cholesky_work_matrices(0, 64, 64), 16);
  CX_EXPECT_EQ_U64(cx_rt_cholesky_work_matrices(0, 3, 64), 3);
  CX_EXPECT_EQ_U64(cx_rt_cholesky_work_matrices(0, 1, 1024), 1);
  CX_EXPECT_EQ_U64(cx_rt_cholesky_work_matrices(0, 4, 2048), 2);  // 32 MiB each
  CX_EXPECT_EQ_U64(cx_rt_cholesky_work_matrices(1, 4, 2048), 1);
}

CX_TEST(triangular_solve_by_hand) {
  for (size_t i = 0; i < sizeof kIsas / sizeof kIsas[0]; i++) {
    fake_t f;
    if (!fake_init(&f, kIsas[i])) continue;
    // [[2,0],[1,4]] X = [[2,4,6],[9,10,11]]: X = [[1,2,3],[2,2,2]].
    double a[4] = {2, NAN, 1, 4}, b[6] = {2, 4, 6, 9, 10, 11}, x[6], work[4 + 6];
    void* buffers[4] = {a, b, x, work};
    cx_rt_triangular_solve_params_t p = {0};
    p.elem = CX_ELEM_F64;
    p.left_side = 1;
    p.lower = 1;
    p.batch = 1;
    p.m = 2;
    p.rows = 2;
    p.cols = 3;
    CX_EXPECT_OK(cx_rt_routine_triangular_solve(&f.ctx, &p, buffers));
    const double want[6] = {1, 2, 3, 2, 2, 2};
    for (int k = 0; k < 6; k++) CX_EXPECT_EQ_U64(x[k] == want[k], 1);
    // The same triangle transposed from the right: X [[2,1],[0,4]] = B^T.
    double bt[6] = {2, 9, 4, 10, 6, 11}, xt[6];
    void* buffers_t[4] = {a, bt, xt, work};
    p.left_side = 0;
    p.transpose_a = CX_RT_LINALG_TRANSPOSE;
    p.rows = 3;
    p.cols = 2;
    CX_EXPECT_OK(cx_rt_routine_triangular_solve(&f.ctx, &p, buffers_t));
    const double want_t[6] = {1, 2, 2, 2, 3, 2};
    for (int k = 0; k < 6; k++) CX_EXPECT_EQ_U64(xt[k] == want_t[k], 1);
    fake_free(&f);
  }
}

CX_TEST(records_that_do_not_fit_their_buffers_are_errors) {
  fake_t f;
  if (!fake_init(&f, CX_RT_ISA_PORTABLE)) return;
  double a[4] = {4, 0, 0, 9}, r[4], work[4];
  void* buffers[4] = {a, r, work, work};
  cx_rt_cholesky_params_t p = {CX_ELEM_F64, 1, 1, 2};
  fake_bind(&f, 4 * sizeof(double));
  CX_EXPECT_OK(cx_rt_routine_cholesky(&f.ctx, &p, buffers));
  CX_EXPECT(r[0] == 2 && r[3] == 3);
  p.n = 3;  // 9 elements in buffers of 4
  CX_EXPECT_ERROR(cx_rt_routine_cholesky(&f.ctx, &p, buffers));
  p.n = (int64_t)1 << 32;  // n * n overflows int64
  CX_EXPECT_ERROR(cx_rt_routine_cholesky(&f.ctx, &p, buffers));
  p.n = 2;
  p.elem = CX_ELEM_SI32;
  CX_EXPECT_ERROR(cx_rt_routine_cholesky(&f.ctx, &p, buffers));
  cx_rt_triangular_solve_params_t t = {0};
  t.elem = CX_ELEM_F64;
  t.left_side = 1;
  t.batch = 1;
  t.m = 2;
  t.rows = 2;
  t.cols = 2;  // work needs 4 + 4 values: 64 bytes, the slot has 32
  CX_EXPECT_ERROR(cx_rt_routine_triangular_solve(&f.ctx, &t, buffers));
  t.cols = 1;
  t.rows = 1;  // rows must be m for a left solve
  CX_EXPECT_ERROR(cx_rt_routine_triangular_solve(&f.ctx, &t, buffers));
  fake_free(&f);
}

int main(void) {
  CX_RUN(inner_loop_variants_match_sequential_sums);
  CX_RUN(tile_variants_match_sequential_sums);
  CX_RUN(cholesky_by_hand);
  CX_RUN(cholesky_blocked_matches_reference);
  CX_RUN(cholesky_two_threads_match_one);
  CX_RUN(cholesky_batch_with_a_failing_matrix);
  CX_RUN(cholesky_work_matrices);
  CX_RUN(triangular_solve_by_hand);
  CX_RUN(records_that_do_not_fit_their_buffers_are_errors);
  return CX_TEST_EXIT();
}

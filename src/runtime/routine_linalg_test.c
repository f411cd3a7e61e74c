// The linear-algebra routines on their own (no IR, no compiler): every ISA
// variant of the inner loop gives, bit for bit, the sums of a plain
// one-product-at-a-time loop (the interpreter's order), and the routines give
// hand-known answers at every ISA level this CPU runs. tests/compiler/
// linalg.mlir checks the compiled ops against the interpreter.
#include "runtime/routine_linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "runtime/kernels/kernel_ctx.h"
#include "runtime/routine_linalg_inner.h"

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

typedef struct fake {
  cx_rt_executable_t exe;
  cx_rt_step_t step;
  cx_rt_slot_t slots[4];
  uint32_t bindings[4];
  cx_rt_call_state_t state;
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
  CX_RUN(cholesky_by_hand);
  CX_RUN(triangular_solve_by_hand);
  CX_RUN(records_that_do_not_fit_their_buffers_are_errors);
  return CX_TEST_EXIT();
}

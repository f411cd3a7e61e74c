// The FFT routine on its own (no IR, no compiler): the threaded lines give
// the one-thread result to the bit; RFFT and IRFFT (two real lines per
// complex transform) against the complex transform, 1-D and 2-D; the plan cache; and records an artifact could damage (a work
// area too small, dims that do not fit) are errors, not crashes.
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cx_test.h"
#include "runtime/device.h"
#include "runtime/kernels/fft.h"
#include "runtime/kernels/kernel_ctx.h"
#include "runtime/routine_fft.h"

typedef cx_rt_fft_complex_t cplx_t;

typedef struct fake {
  cx_rt_executable_t exe;
  cx_rt_step_t step;
  cx_rt_slot_t slots[3];
  uint32_t bindings[3];
  _Atomic(cx_rt_cached_t*) cache;
  cx_rt_call_state_t state;
  struct cx_rt_device device;
  cx_rt_routine_ctx_t ctx;
} fake_t;

static char strings[] = "\0fft\0test.mlir:1:1";

// A call of `p` with `threads` threads (a pool of 2 when > 1) and a plan
// cache when `cached`.
static void fake_init(fake_t* f, const cx_rt_fft_params_t* p, int threads, bool cached) {
  memset(f, 0, sizeof(*f));
  f->exe.strings = strings;
  f->exe.strings_size = sizeof strings;
  pthread_mutex_init(&f->exe.states_lock, NULL);
  f->exe.num_slots = 3;
  f->exe.slots = f->slots;
  f->slots[2].kind = CX_RT_SLOT_ARENA;
  f->slots[2].nbytes = p->work_bytes;
  for (uint32_t i = 0; i < 3; i++) f->bindings[i] = i;
  f->exe.bindings = f->bindings;
  f->exe.num_bindings = 3;
  if (cached) {
    f->exe.num_caches = 1;
    f->exe.caches = &f->cache;
  }
  f->step.kind = CX_RT_STEP_CALL;
  f->step.op = 1;
  f->step.where = 5;
  f->step.num_bindings = 3;
  f->step.call.routine = CX_RT_ROUTINE_FFT;
  f->step.call.params_size = sizeof *p;
  f->device.num_threads = threads;
  if (threads > 1) CX_EXPECT_OK(cx_rt_thread_pool_create(threads, &f->device.pool));
  f->ctx.exe = &f->exe;
  f->ctx.step = &f->step;
  f->ctx.device = &f->device;
  f->ctx.max_threads = threads;
  f->ctx.state = &f->state;
}

static void fake_free(fake_t* f) {
  cx_rt_cached_t* c = f->cache;
  if (c) c->destroy(c);
  cx_rt_kernel_ctx_destroy(f->state.kernel_ctx);
  cx_rt_thread_pool_destroy(f->device.pool);
  pthread_mutex_destroy(&f->exe.states_lock);
}

static cx_status_t call(const cx_rt_fft_params_t* record, int threads, bool cached,
                        const void* in, void* out) {
  cx_rt_fft_params_t copy = *record;
  const cx_rt_fft_params_t* p = &copy;
  if (cached) copy.plan_cache = 1;
  fake_t f;
  fake_init(&f, p, threads, cached);
  void* work = malloc(p->work_bytes ? p->work_bytes : 1);
  void* buffers[3] = {(void*)in, out, work};
  cx_status_t s = cx_rt_routine_fft(&f.ctx, p, buffers);
  if (!s && cached) {  // a second call reads the published plans
    CX_EXPECT(f.cache != NULL);
    s = cx_rt_routine_fft(&f.ctx, p, buffers);
  }
  // Threads take their buffers from the call's kernel context.
  if (!s && threads > 1) CX_EXPECT(f.state.kernel_ctx != NULL);
  free(work);
  fake_free(&f);
  return s;
}

static cx_rt_fft_params_t record(uint32_t type, int32_t in_elem, int32_t out_elem, uint32_t rank,
                                 const int64_t* in_dims, const int64_t* out_dims, uint32_t axes,
                                 const int64_t* lengths) {
  cx_rt_fft_params_t p;
  memset(&p, 0, sizeof p);
  p.type = type;
  p.num_axes = axes;
  for (uint32_t i = 0; i < axes; i++) p.length[i] = lengths[i];
  p.operand.elem = in_elem;
  p.result.elem = out_elem;
  p.operand.rank = p.result.rank = rank;
  for (uint32_t d = 0; d < rank; d++) {
    p.operand.dims[d] = in_dims[d];
    p.result.dims[d] = out_dims[d];
  }
  p.work_bytes = cx_rt_fft_work_bytes(&p);
  return p;
}

static uint64_t seed = 12345;
static double uniform(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return (double)(seed >> 11) * (1.0 / 4503599627370496.0) - 1.0;
}

// A 2-D complex<f32> FFT over 6 x 40 x 100 (enough lines per axis to use
// the pool) with one thread, two threads and the plan cache: the same bits.
CX_TEST(threads_give_the_same_bits) {
  const int64_t dims[3] = {6, 40, 100}, len[2] = {40, 100};
  cx_rt_fft_params_t p = record(CX_RT_FFT_FORWARD, CX_ELEM_C64, CX_ELEM_C64, 3, dims, dims, 2, len);
  CX_EXPECT(cx_rt_fft_params_invalid(&p) == NULL);
  size_t n = 6 * 40 * 100;
  float* x = malloc(n * 2 * sizeof(float));
  float* one = malloc(n * 2 * sizeof(float));
  float* two = malloc(n * 2 * sizeof(float));
  for (size_t i = 0; i < 2 * n; i++) x[i] = (float)uniform();
  CX_EXPECT_OK(call(&p, 1, false, x, one));
  CX_EXPECT_OK(call(&p, 2, true, x, two));
  CX_EXPECT(memcmp(one, two, n * 2 * sizeof(float)) == 0);
  // Element [0, 0, 0] is the sum of the first 40 x 100 block.
  double re = 0, im = 0;
  for (size_t i = 0; i < 4000; i++) {
    re += x[2 * i];
    im += x[2 * i + 1];
  }
  CX_EXPECT_NEAR(one[0], re, 1e-3);
  CX_EXPECT_NEAR(one[1], im, 1e-3);
  free(x);
  free(one);
  free(two);
}

// RFFT keeps the first n/2 + 1 outputs of the complex transform; IRFFT of
// them gives the input back; IRFFT ignores the imaginary parts of the DC and
// Nyquist terms. Lines go through the transforms in pairs (the real and
// imaginary parts of one complex transform): odd and even line counts (the
// last line of an odd count alone), even and odd lengths, a Bluestein
// length, and lengths 1 and 2 (all DC and Nyquist).
static void check_real_1d(int64_t n, int64_t rows) {
  const int64_t half = n / 2 + 1;
  const int64_t rdims[2] = {rows, n}, cdims[2] = {rows, half}, len[1] = {n};
  double* x = malloc((size_t)(rows * n) * sizeof(double));
  double* back = malloc((size_t)(rows * n) * sizeof(double));
  double* again = malloc((size_t)(rows * n) * sizeof(double));
  double* spec = malloc((size_t)(rows * half * 2) * sizeof(double));
  for (int64_t i = 0; i < rows * n; i++) x[i] = uniform();
  cx_rt_fft_params_t fwd = record(CX_RT_FFT_REAL_FORWARD, CX_ELEM_F64, CX_ELEM_C128, 2, rdims, cdims, 1, len);
  cx_rt_fft_params_t inv = record(CX_RT_FFT_REAL_INVERSE, CX_ELEM_C128, CX_ELEM_F64, 2, cdims, rdims, 1, len);
  CX_EXPECT_OK(call(&fwd, 1, true, x, spec));
  cx_rt_fft_plan_t* plan = cx_rt_fft_plan_create(n);
  cx_rt_fft_complex_t* line = malloc((size_t)n * sizeof(cx_rt_fft_complex_t));
  cx_rt_fft_complex_t* scratch = malloc((size_t)cx_rt_fft_scratch_len(n) * sizeof(cx_rt_fft_complex_t) + 16);
  for (int64_t r = 0; r < rows; r++) {
    for (int64_t k = 0; k < n; k++) line[k] = (cx_rt_fft_complex_t){x[r * n + k], 0};
    cx_rt_fft_run(plan, false, line, scratch);
    for (int64_t k = 0; k < half; k++) {
      if (!(fabs(spec[2 * (r * half + k)] - line[k].re) <= 1e-13) ||
          !(fabs(spec[2 * (r * half + k) + 1] - line[k].im) <= 1e-13))
        CX_FAIL_("n %lld rows %lld: RFFT[%lld][%lld] = %g%+gi, want %g%+gi", (long long)n,
                 (long long)rows, (long long)r, (long long)k, spec[2 * (r * half + k)],
                 spec[2 * (r * half + k) + 1], line[k].re, line[k].im);
    }
  }
  cx_rt_fft_plan_destroy(plan);
  free(line);
  free(scratch);
  CX_EXPECT_OK(call(&inv, 2, false, spec, back));
  for (int64_t i = 0; i < rows * n; i++)
    if (!(fabs(back[i] - x[i]) <= 1e-14))
      CX_FAIL_("n %lld rows %lld: IRFFT(RFFT(x))[%lld] = %.17g, want %.17g", (long long)n,
               (long long)rows, (long long)i, back[i], x[i]);
  // The DC and Nyquist imaginary parts drop out of the real result (and out
  // of the line paired with it).
  for (int64_t r = 0; r < rows; r++) {
    spec[2 * (r * half) + 1] += 5;
    if (n % 2 == 0) spec[2 * (r * half + half - 1) + 1] -= 3;
  }
  CX_EXPECT_OK(call(&inv, 1, false, spec, again));
  for (int64_t i = 0; i < rows * n; i++)
    if (!(fabs(again[i] - back[i]) <= 1e-15))
      CX_FAIL_("n %lld rows %lld: the DC/Nyquist imaginary parts changed line value %lld",
               (long long)n, (long long)rows, (long long)i);
  free(x);
  free(back);
  free(again);
  free(spec);
}

CX_TEST(real_transforms) {
  static const int64_t lengths[] = {18, 17, 37, 64, 1, 2};
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
    check_real_1d(lengths[i], 3);
    check_real_1d(lengths[i], 4);
    check_real_1d(lengths[i], 1);
  }
}

// A 2-D RFFT over 9 x 33 x 64 f32 (enough lines for the pool): against the
// complex transform of the same values, one and two threads give the same
// bits, and IRFFT gives the input back.
CX_TEST(real_transforms_2d) {
  const int64_t rdims[3] = {9, 33, 64}, cdims[3] = {9, 33, 33}, len[2] = {33, 64};
  const size_t nr = 9 * 33 * 64, nc = 9 * 33 * 33;
  float* x = malloc(nr * sizeof(float));
  float* xc = malloc(nr * 2 * sizeof(float));
  float* full = malloc(nr * 2 * sizeof(float));
  float* one = malloc(nc * 2 * sizeof(float));
  float* two = malloc(nc * 2 * sizeof(float));
  float* back = malloc(nr * sizeof(float));
  for (size_t i = 0; i < nr; i++) {
    x[i] = (float)uniform();
    xc[2 * i] = x[i];
    xc[2 * i + 1] = 0;
  }
  cx_rt_fft_params_t fwd = record(CX_RT_FFT_REAL_FORWARD, CX_ELEM_F32, CX_ELEM_C64, 3, rdims, cdims, 2, len);
  cx_rt_fft_params_t cfwd = record(CX_RT_FFT_FORWARD, CX_ELEM_C64, CX_ELEM_C64, 3, rdims, rdims, 2, len);
  cx_rt_fft_params_t inv = record(CX_RT_FFT_REAL_INVERSE, CX_ELEM_C64, CX_ELEM_F32, 3, cdims, rdims, 2, len);
  CX_EXPECT_OK(call(&fwd, 1, false, x, one));
  CX_EXPECT_OK(call(&fwd, 2, true, x, two));
  CX_EXPECT(memcmp(one, two, nc * 2 * sizeof(float)) == 0);
  CX_EXPECT_OK(call(&cfwd, 1, false, xc, full));
  int bad = 0;
  for (size_t l = 0; l < 9 * 33; l++)
    for (size_t k = 0; k < 33; k++)
      for (int c = 0; c < 2; c++) {
        float got = one[2 * (l * 33 + k) + c], want = full[2 * (l * 64 + k) + c];
        if (!(fabsf(got - want) <= 1e-4f) && bad++ < 3)
          CX_FAIL_("RFFT 2-D [%zu][%zu].%d = %g, the complex transform's %g", l, k, c, got, want);
      }
  CX_EXPECT_OK(call(&inv, 2, false, one, back));
  for (size_t i = 0; i < nr; i++)
    if (!(fabsf(back[i] - x[i]) <= 1e-5f) && bad++ < 3)
      CX_FAIL_("IRFFT(RFFT(x)) 2-D [%zu] = %g, want %g", i, back[i], x[i]);
  free(x);
  free(xc);
  free(full);
  free(one);
  free(two);
  free(back);
}

// What a damaged artifact could hand the routine.
CX_TEST(bad_records_are_errors) {
  const int64_t dims[1] = {8}, len[1] = {8}, bad[1] = {9};
  cplx_t in[9] = {{0, 0}}, out[9];
  cx_rt_fft_params_t p = record(CX_RT_FFT_FORWARD, CX_ELEM_C128, CX_ELEM_C128, 1, dims, dims, 1, len);
  p.work_bytes -= 16;
  CX_EXPECT_ERROR(call(&p, 1, false, in, out));
  p = record(CX_RT_FFT_FORWARD, CX_ELEM_C128, CX_ELEM_C128, 1, dims, dims, 1, bad);
  CX_EXPECT_ERROR(call(&p, 1, false, in, out));
  p = record(CX_RT_FFT_INVERSE, CX_ELEM_C128, CX_ELEM_C64, 1, dims, dims, 1, len);
  CX_EXPECT_ERROR(call(&p, 1, false, in, out));
  p = record(CX_RT_FFT_INVERSE, CX_ELEM_C128, CX_ELEM_C128, 1, dims, dims, 1, len);
  CX_EXPECT_OK(call(&p, 1, false, in, out));
}

int main(void) {
  CX_RUN(threads_give_the_same_bits);
  CX_RUN(real_transforms);
  CX_RUN(real_transforms_2d);
  CX_RUN(bad_records_are_errors);
  return CX_TEST_EXIT();
}

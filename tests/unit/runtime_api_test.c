// The runtime's public C API as an application uses it (include/cxla/
// runtime.h, compiler.h, buffer.h): buffers over the caller's memory, the
// signature, invocations from several threads with their own thread counts,
// the application's custom-call targets (compiled, then through an
// artifact), and errors as status values.
#include <pthread.h>

#include "cx_test.h"
#include "cxla/buffer.h"
#include "cxla/compiler.h"
#include "cxla/module.h"
#include "cxla/runtime.h"

// y = x * factor + 1 where the multiplication is an application target.
static const char kScale[] =
    "func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {\n"
    "  %0 = stablehlo.custom_call @app.scale(%x) {mhlo.backend_config = {factor = 2.5 : f32, "
    "tag = \"t\", dims = array<i64: 4, 5>}} : (tensor<2x3xf32>) -> tensor<2x3xf32>\n"
    "  %c = stablehlo.constant dense<1.0> : tensor<2x3xf32>\n"
    "  %1 = stablehlo.add %0, %c : tensor<2x3xf32>\n"
    "  return %1 : tensor<2x3xf32>\n"
    "}\n";

// A program big enough to be split over threads: a matmul and a reduction.
static const char kMatmul[] =
    "func.func @main(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> (tensor<64x64xf32>, tensor<f32>) {\n"
    "  %0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>\n"
    "  %z = stablehlo.constant dense<0.0> : tensor<f32>\n"
    "  %1 = stablehlo.reduce(%a init: %z) applies stablehlo.add across dimensions = [0, 1] : (tensor<64x64xf32>, tensor<f32>) -> tensor<f32>\n"
    "  return %0, %1 : tensor<64x64xf32>, tensor<f32>\n"
    "}\n";

typedef struct scale_seen {
  int calls;
  float factor;
  int has_tag, has_dims;
} scale_seen_t;

static cx_status_t app_scale(void* user_data, const cx_rt_custom_call_t* call) {
  scale_seen_t* seen = user_data;
  __atomic_fetch_add(&seen->calls, 1, __ATOMIC_RELAXED);
  if (call->num_operands != 1 || call->num_results != 1 ||
      call->operands[0].elem != CX_ELEM_F32 || call->results[0].nbytes != 24)
    return CX_ERROR(CX_INVALID_ARGUMENT, "unexpected buffers");
  float factor = 0;
  bool found = false;
  for (uint32_t i = 0; i < call->num_attrs; i++) {
    const cx_rt_custom_call_attr_t* a = &call->attrs[i];
    if (!strcmp(a->name, "factor") && a->kind == CX_RT_CUSTOM_CALL_ATTR_FLOAT) {
      factor = (float)a->f;
      found = true;
    }
    if (!strcmp(a->name, "tag") && a->kind == CX_RT_CUSTOM_CALL_ATTR_STRING && a->str_len == 1 &&
        a->str[0] == 't')
      seen->has_tag = 1;
    if (!strcmp(a->name, "dims") && a->kind == CX_RT_CUSTOM_CALL_ATTR_INT_ARRAY &&
        a->num_ints == 2 && a->ints[0] == 4 && a->ints[1] == 5)
      seen->has_dims = 1;
  }
  if (!found) return CX_ERROR(CX_INVALID_ARGUMENT, "no factor");
  if (factor < 0) return CX_ERROR(CX_FAILED_PRECONDITION, "negative factor %g", factor);
  seen->factor = factor;
  const float* x = call->operands[0].data;
  float* y = call->results[0].data;
  for (int i = 0; i < 6; i++) y[i] = x[i] * factor;
  return NULL;
}

static cx_module_t* parse(cx_context_t* ctx, const char* text) {
  cx_module_t* m = NULL;
  CX_EXPECT_OK(cx_module_parse_text(ctx, text, strlen(text), NULL, &m));
  if (m) CX_EXPECT_OK(cx_module_verify(m));
  return m;
}

CX_TEST(wrap_checks_sizes_and_copies_nothing) {
  float data[6] = {0};
  int64_t dims[2] = {2, 3};
  cx_buffer_view_t v;
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, data, sizeof(data), &v));
  CX_EXPECT(v.data == data && v.nbytes == 24 && v.rank == 2 && v.dims[1] == 3);
  CX_EXPECT_ERROR(cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, data, 20, &v));
  CX_EXPECT(v.data == NULL);
  CX_EXPECT_ERROR(cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, NULL, 24, &v));
  int64_t neg[1] = {-1};
  CX_EXPECT_ERROR(cx_buffer_view_wrap(CX_ELEM_F32, 1, neg, data, 0, &v));
  CX_EXPECT_ERROR(cx_buffer_view_wrap(CX_ELEM_INVALID, 0, NULL, data, 4, &v));
  int64_t zero[1] = {0};
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_I1, 1, zero, NULL, 0, &v));
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_BF16, 1, dims, data, 4, &v));
}

CX_TEST(registry_rules) {
  cx_rt_custom_calls_t* r;
  CX_EXPECT_OK(cx_rt_custom_calls_create(&r));
  scale_seen_t seen = {0};
  CX_EXPECT(!cx_rt_custom_calls_has(r, "app.scale"));
  CX_EXPECT_OK(cx_rt_custom_calls_register(r, "app.scale", app_scale, &seen));
  CX_EXPECT(cx_rt_custom_calls_has(r, "app.scale"));
  CX_EXPECT(!cx_rt_custom_calls_has(NULL, "app.scale"));
  CX_EXPECT_ERROR(cx_rt_custom_calls_register(r, "app.scale", app_scale, &seen));
  CX_EXPECT(cx_rt_custom_call_is_builtin("lapack_spotrf_ffi"));
  CX_EXPECT(!cx_rt_custom_call_is_builtin("app.scale"));
  cx_status_t st = cx_rt_custom_calls_register(r, "lapack_spotrf_ffi", app_scale, &seen);
  CX_EXPECT(st && cx_status_code(st) == CX_INVALID_ARGUMENT &&
            strstr(cx_status_message(st), "runtime's own"));
  cx_status_free(st);
  CX_EXPECT_ERROR(cx_rt_custom_calls_register(r, "", app_scale, NULL));
  CX_EXPECT_ERROR(cx_rt_custom_calls_register(r, "x", NULL, NULL));
  cx_rt_custom_calls_destroy(r);
}

static void run_scale(cx_rt_executable_t* exe, cx_rt_device_t* dev, cx_rt_custom_calls_t* reg,
                      scale_seen_t* seen) {
  float x[6] = {1, 2, 3, 4, 5, 6}, y[6] = {0};
  int64_t dims[2] = {2, 3};
  cx_buffer_view_t a, r;
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, x, sizeof(x), &a));
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, y, sizeof(y), &r));
  cx_rt_invoke_options_t io = {.custom_calls = reg};
  int before = seen->calls;
  CX_EXPECT_OK(cx_rt_executable_invoke(exe, dev, 1, &a, 1, &r, &io));
  CX_EXPECT_EQ_I64(seen->calls, before + 1);
  for (int i = 0; i < 6; i++) CX_EXPECT_NEAR(y[i], x[i] * 2.5f + 1, 0);
  CX_EXPECT(seen->has_tag && seen->has_dims);
  // Without the registry the call names the target and the missing registry.
  cx_status_t st = cx_rt_executable_invoke(exe, dev, 1, &a, 1, &r, NULL);
  CX_EXPECT(st && cx_status_code(st) == CX_UNIMPLEMENTED &&
            strstr(cx_status_message(st), "'app.scale'") &&
            strstr(cx_status_message(st), "custom_calls"));
  cx_status_free(st);
}

CX_TEST(application_custom_call_compiled_and_from_an_artifact) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = parse(ctx, kScale);
  if (!m) return;
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {2};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  scale_seen_t seen = {0};
  cx_rt_custom_calls_t* reg;
  CX_EXPECT_OK(cx_rt_custom_calls_create(&reg));
  CX_EXPECT_OK(cx_rt_custom_calls_register(reg, "app.scale", app_scale, &seen));

  // Without a registry the compiler does not know the target.
  cx_rt_executable_t* exe = NULL;
  cx_compile_options_t co = {0};
  cx_status_t st = cx_compile(m, &co, &exe);
  CX_EXPECT(st && cx_status_code(st) == CX_UNIMPLEMENTED && strstr(cx_status_message(st), "app.scale"));
  cx_status_free(st);

  co.custom_calls = reg;
  CX_EXPECT_OK(cx_compile(m, &co, &exe));
  if (exe) {
    run_scale(exe, dev, reg, &seen);
    cx_rt_executable_release(exe);
  }
  // The same through an artifact, loaded after the module is gone.
  void* bytes = NULL;
  size_t size = 0;
  CX_EXPECT_OK(cx_compile_artifact(m, &co, &bytes, &size));
  cx_module_destroy(m);
  exe = NULL;
  if (bytes) CX_EXPECT_OK(cx_rt_executable_load_memory(bytes, size, NULL, &exe));
  cx_free_malloced(bytes);
  if (exe) {
    run_scale(exe, dev, reg, &seen);
    cx_rt_executable_release(exe);
  }
  cx_rt_custom_calls_destroy(reg);
  cx_rt_device_destroy(dev);
  cx_context_destroy(ctx);
}

CX_TEST(target_errors_are_located_at_the_op) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  const char* text =
      "func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {\n"
      "  %0 = stablehlo.custom_call @app.scale(%x) {mhlo.backend_config = {factor = -1.0 : f32}} "
      ": (tensor<2x3xf32>) -> tensor<2x3xf32>\n"
      "  return %0 : tensor<2x3xf32>\n"
      "}\n";
  cx_module_t* m = parse(ctx, text);
  scale_seen_t seen = {0};
  cx_rt_custom_calls_t* reg;
  CX_EXPECT_OK(cx_rt_custom_calls_create(&reg));
  CX_EXPECT_OK(cx_rt_custom_calls_register(reg, "app.scale", app_scale, &seen));
  cx_compile_options_t co = {.custom_calls = reg};
  cx_rt_executable_t* exe = NULL;
  if (m) CX_EXPECT_OK(cx_compile(m, &co, &exe));
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {1};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  if (exe) {
    cx_buffer_view_t a, r;
    CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, &r));
    CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, &a));
    cx_rt_invoke_options_t io = {.custom_calls = reg};
    cx_status_t st = cx_rt_executable_invoke(exe, dev, 1, &a, 1, &r, &io);
    CX_EXPECT(st && cx_status_code(st) == CX_FAILED_PRECONDITION);
    if (st) {
      CX_EXPECT(strstr(cx_status_message(st), "negative factor -1") != NULL);
      CX_EXPECT(strstr(cx_status_message(st), "custom_call") != NULL);
      CX_EXPECT(cx_status_location(st) && strstr(cx_status_location(st), ":2:"));
    }
    cx_status_free(st);
    cx_buffer_view_free_data(&a);
    cx_buffer_view_free_data(&r);
    cx_rt_executable_release(exe);
  }
  cx_rt_device_destroy(dev);
  cx_rt_custom_calls_destroy(reg);
  if (m) cx_module_destroy(m);
  cx_context_destroy(ctx);
}

typedef struct job {
  cx_rt_executable_t* exe;
  cx_rt_device_t* dev;
  int threads;
  float seed;
  int failures;
} job_t;

// Each thread runs its own inputs and checks its own results exactly
// against a plain C computation (sums of small integers are exact in f32).
static void* run_job(void* arg) {
  job_t* j = arg;
  static const int64_t dims[2] = {64, 64};
  float* a = malloc(64 * 64 * sizeof(float));
  float* b = malloc(64 * 64 * sizeof(float));
  float* c = malloc(64 * 64 * sizeof(float));
  float sum = 0;
  for (int i = 0; i < 64 * 64; i++) {
    a[i] = (float)((i * 7 + (int)j->seed) % 5);
    b[i] = (float)((i * 3 + (int)j->seed) % 4) - 1;
  }
  cx_buffer_view_t args[2], res[2];
  cx_status_t st = cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, a, 64 * 64 * 4, &args[0]);
  if (!st) st = cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, b, 64 * 64 * 4, &args[1]);
  if (!st) st = cx_buffer_view_wrap(CX_ELEM_F32, 2, dims, c, 64 * 64 * 4, &res[0]);
  if (!st) st = cx_buffer_view_wrap(CX_ELEM_F32, 0, NULL, &sum, 4, &res[1]);
  cx_rt_invoke_options_t io = {.max_threads = j->threads};
  for (int rep = 0; rep < 20 && !st; rep++) {
    st = cx_rt_executable_invoke(j->exe, j->dev, 2, args, 2, res, &io);
    float want_sum = 0;
    for (int i = 0; i < 64 * 64; i++) want_sum += a[i];
    if (!st && sum != want_sum) j->failures++;
    for (int r = 0; r < 64 && !st; r += 21)
      for (int col = 0; col < 64; col += 13) {
        float want = 0;
        for (int k = 0; k < 64; k++) want += a[r * 64 + k] * b[k * 64 + col];
        if (c[r * 64 + col] != want) j->failures++;
      }
  }
  if (st) {
    j->failures++;
    cx_status_free(st);
  }
  free(a);
  free(b);
  free(c);
  return NULL;
}

CX_TEST(concurrent_invokes_with_their_own_thread_counts) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = parse(ctx, kMatmul);
  cx_rt_executable_t* exe = NULL;
  if (m) CX_EXPECT_OK(cx_compile(m, NULL, &exe));
  if (m) cx_module_destroy(m);
  cx_context_destroy(ctx);
  if (!exe) return;
  // The signature, read while nothing runs and again from the threads.
  CX_EXPECT_EQ_I64(cx_rt_executable_num_args(exe), 2);
  CX_EXPECT_EQ_I64(cx_rt_executable_num_results(exe), 2);
  CX_EXPECT(cx_rt_executable_arg(exe, 1)->elem == CX_ELEM_F32 && cx_rt_executable_arg(exe, 1)->dims[0] == 64);
  CX_EXPECT(cx_rt_executable_result(exe, 1)->rank == 0 && cx_rt_executable_result(exe, 1)->nbytes == 4);
  CX_EXPECT_STREQ(cx_rt_executable_function_name(exe), "main");
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {3};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  job_t jobs[4];
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    jobs[i] = (job_t){exe, dev, i % 3, (float)i, 0};
    pthread_create(&th[i], NULL, run_job, &jobs[i]);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    CX_EXPECT_EQ_I64(jobs[i].failures, 0);
  }
  // A wrong shape is an error value naming the argument; nothing runs.
  float small[4] = {0};
  int64_t d2[2] = {2, 2};
  cx_buffer_view_t bad[2], res[2];
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 2, d2, small, sizeof(small), &bad[0]));
  bad[1] = bad[0];
  CX_EXPECT_OK(cx_rt_executable_allocate_results(exe, res));
  cx_status_t st = cx_rt_executable_invoke(exe, dev, 2, bad, 2, res, NULL);
  CX_EXPECT(st && cx_status_code(st) == CX_INVALID_ARGUMENT && strstr(cx_status_message(st), "argument 0"));
  cx_status_free(st);
  cx_buffer_view_free_data(&res[0]);
  cx_buffer_view_free_data(&res[1]);
  cx_rt_device_destroy(dev);
  cx_rt_executable_release(exe);
}

// y = (a - b) * c: which value lands where shows in the result.
static const char kThree[] =
    "func.func @main(%a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<4xf32>) -> tensor<4xf32> {\n"
    "  %0 = stablehlo.subtract %a, %b : tensor<4xf32>\n"
    "  %1 = stablehlo.multiply %0, %c : tensor<4xf32>\n"
    "  return %1 : tensor<4xf32>\n"
    "}\n";

static void expect_three(cx_rt_executable_t* exe, cx_rt_device_t* dev, uint32_t n,
                         float* const* args, const float* a, const float* b, const float* c) {
  static const int64_t dims[1] = {4};
  cx_buffer_view_t v[3], r;
  float y[4];
  for (uint32_t i = 0; i < n; i++)
    CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 1, dims, args[i], 16, &v[i]));
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 1, dims, y, 16, &r));
  CX_EXPECT_OK(cx_rt_executable_invoke(exe, dev, n, v, 1, &r, NULL));
  for (int i = 0; i < 4; i++) CX_EXPECT_NEAR(y[i], (a[i] - b[i]) * c[i], 0);
}

CX_TEST(bound_arguments) {
  cx_context_t* ctx;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  cx_module_t* m = parse(ctx, kThree);
  cx_rt_executable_t* exe = NULL;
  if (m) CX_EXPECT_OK(cx_compile(m, NULL, &exe));
  if (m) cx_module_destroy(m);
  cx_context_destroy(ctx);
  if (!exe) return;
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {1};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  float a[4] = {1, 2, 3, 4}, b[4] = {10, 20, 30, 40}, c[4] = {1, -1, 2, -2};
  static const int64_t dims[1] = {4};
  cx_buffer_view_t bv;
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 1, dims, b, 16, &bv));

  // Bind the middle argument; the copy is the executable's.
  cx_rt_executable_t* eb = NULL;
  uint32_t idx = 1;
  CX_EXPECT_OK(cx_rt_executable_bind(exe, 1, &idx, &bv, &eb));
  float b_at_bind[4];
  memcpy(b_at_bind, b, sizeof b);
  b[0] = 999;
  if (eb) {
    CX_EXPECT_EQ_I64(cx_rt_executable_num_args(eb), 2);
    CX_EXPECT_EQ_I64(cx_rt_executable_num_results(eb), 1);
    CX_EXPECT_STREQ(cx_rt_executable_function_name(eb), "main");
    float* args[2] = {a, c};
    expect_three(eb, dev, 2, args, a, b_at_bind, c);
    // Bind again: what was argument 1 of eb (c) is argument 2 of the base.
    cx_rt_executable_t* ebc = NULL;
    cx_buffer_view_t cv;
    CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 1, dims, c, 16, &cv));
    idx = 1;
    CX_EXPECT_OK(cx_rt_executable_bind(eb, 1, &idx, &cv, &ebc));
    cx_rt_executable_release(eb);  // ebc keeps what it needs alive
    if (ebc) {
      CX_EXPECT_EQ_I64(cx_rt_executable_num_args(ebc), 1);
      float* args1[1] = {a};
      expect_three(ebc, dev, 1, args1, a, b_at_bind, c);
      void* data = NULL;
      size_t size = 0;
      cx_status_t st = cx_rt_executable_serialize(ebc, &data, &size);
      CX_EXPECT(st && cx_status_code(st) == CX_FAILED_PRECONDITION &&
                strstr(cx_status_message(st), "bound"));
      cx_status_free(st);
      cx_rt_executable_release(ebc);
    }
  }
  // Errors: a wrong index, twice the same, a value of the wrong shape.
  uint32_t two[2] = {0, 0};
  cx_buffer_view_t vv[2] = {bv, bv};
  CX_EXPECT_ERROR(cx_rt_executable_bind(exe, 2, two, vv, &eb));
  CX_EXPECT(eb == NULL);
  idx = 3;
  CX_EXPECT_ERROR(cx_rt_executable_bind(exe, 1, &idx, &bv, &eb));
  int64_t d2[1] = {2};
  cx_buffer_view_t small;
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 1, d2, a, 8, &small));
  idx = 0;
  cx_status_t st = cx_rt_executable_bind(exe, 1, &idx, &small, &eb);
  CX_EXPECT(st && strstr(cx_status_message(st), "bound argument 0"));
  cx_status_free(st);
  // Binding everything leaves an executable without arguments.
  uint32_t all[3] = {2, 0, 1};
  cx_buffer_view_t vals[3];
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 1, dims, c, 16, &vals[0]));
  CX_EXPECT_OK(cx_buffer_view_wrap(CX_ELEM_F32, 1, dims, a, 16, &vals[1]));
  vals[2] = bv;
  CX_EXPECT_OK(cx_rt_executable_bind(exe, 3, all, vals, &eb));
  if (eb) {
    CX_EXPECT_EQ_I64(cx_rt_executable_num_args(eb), 0);
    expect_three(eb, dev, 0, NULL, a, b, c);
    cx_rt_executable_release(eb);
  }
  cx_rt_executable_release(exe);
  cx_rt_device_destroy(dev);
}

int main(void) {
  CX_RUN(wrap_checks_sizes_and_copies_nothing);
  CX_RUN(registry_rules);
  CX_RUN(application_custom_call_compiled_and_from_an_artifact);
  CX_RUN(target_errors_are_located_at_the_op);
  CX_RUN(concurrent_invokes_with_their_own_thread_counts);
  CX_RUN(bound_arguments);
  return CX_TEST_EXIT();
}

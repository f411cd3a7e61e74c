// Programs: one executable per shape signature, reused; dimension variables
// in the signature; concurrent calls.
#include <pthread.h>

#include "cx_test.h"
#include "cxla/compiler.h"
#include "cxla/module.h"
#include "cxla/runtime.h"

static const char* kProgram =
    "func.func @main(%x: tensor<?xf32>) -> tensor<?xf32> {\n"
    "  %0 = stablehlo.multiply %x, %x : tensor<?xf32>\n"
    "  return %0 : tensor<?xf32>\n"
    "}\n";

static cx_status_t parse(cx_context_t* ctx, const char* text, cx_module_t** m) {
  CX_RETURN_IF_ERROR(cx_module_parse_text(ctx, text, strlen(text), NULL, m));
  return cx_module_verify(*m);
}

static void view_f32(float* data, int64_t n, cx_buffer_view_t* v) {
  memset(v, 0, sizeof(*v));
  v->elem = CX_ELEM_F32;
  v->rank = 1;
  v->dims[0] = n;
  v->data = data;
  v->nbytes = (size_t)n * sizeof(float);
}

CX_TEST(one_executable_per_signature) {
  cx_context_t* ctx;
  cx_module_t* m;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  CX_EXPECT_OK(parse(ctx, kProgram, &m));
  cx_program_t* p;
  CX_EXPECT_OK(cx_program_create(m, NULL, &p));
  cx_module_destroy(m);  // the program keeps its own copy
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {1};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  float a[3] = {1, 2, 3}, b[5] = {1, -1, 2, -2, 0.5f};
  cx_buffer_view_t va, vb;
  view_f32(a, 3, &va);
  view_f32(b, 5, &vb);
  const cx_buffer_view_t* seq[] = {&va, &vb, &va, &vb, &va};
  for (int k = 0; k < 5; k++) {
    uint32_t n;
    cx_buffer_view_t* r;
    CX_EXPECT_OK(cx_program_call(p, dev, 1, seq[k], NULL, &n, &r));
    CX_EXPECT_EQ_I64(n, 1);
    CX_EXPECT_EQ_I64(r[0].dims[0], seq[k]->dims[0]);
    const float* in = seq[k]->data;
    const float* out = r[0].data;
    for (int64_t i = 0; i < r[0].dims[0]; i++) CX_EXPECT(out[i] == in[i] * in[i]);
    cx_program_free_results(n, r);
  }
  CX_EXPECT_EQ_I64(cx_program_num_executables(p), 2);
  // A wrong element type is an error naming the argument, and adds nothing.
  double d[2] = {1, 2};
  cx_buffer_view_t vd = va;
  vd.elem = CX_ELEM_F64;
  vd.dims[0] = 2;
  vd.data = d;
  vd.nbytes = sizeof d;
  uint32_t n;
  cx_buffer_view_t* r;
  cx_status_t s = cx_program_call(p, dev, 1, &vd, NULL, &n, &r);
  CX_EXPECT(s != NULL);
  CX_EXPECT(s && strstr(cx_status_message(s), "argument 0"));
  cx_status_free(s);
  CX_EXPECT_EQ_I64(cx_program_num_executables(p), 2);
  cx_rt_device_destroy(dev);
  cx_program_destroy(p);
  cx_context_destroy(ctx);
}

// JAX's shape-polymorphic exports pass dimension sizes as scalar arguments:
// the program is compiled for each value.
CX_TEST(dimension_variables_are_part_of_the_signature) {
  static const char* text =
      "func.func @main(%n: tensor<i32>) -> tensor<?xi32> {\n"
      "  %s = stablehlo.reshape %n : (tensor<i32>) -> tensor<1xi32>\n"
      "  %r = stablehlo.dynamic_iota %s, dim = 0 : (tensor<1xi32>) -> tensor<?xi32>\n"
      "  return %r : tensor<?xi32>\n"
      "}\n";
  cx_context_t* ctx;
  cx_module_t* m;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  CX_EXPECT_OK(parse(ctx, text, &m));
  cx_program_t* p;
  CX_EXPECT_OK(cx_program_create(m, NULL, &p));
  cx_rt_device_t* dev;
  CX_EXPECT_OK(cx_rt_device_create(NULL, &dev));
  int32_t sizes[3] = {4, 7, 4};
  for (int k = 0; k < 3; k++) {
    cx_buffer_view_t v = {0};
    v.elem = CX_ELEM_SI32;
    v.data = &sizes[k];
    v.nbytes = 4;
    uint32_t n;
    cx_buffer_view_t* r;
    CX_EXPECT_OK(cx_program_call(p, dev, 1, &v, NULL, &n, &r));
    CX_EXPECT_EQ_I64(r[0].dims[0], sizes[k]);
    const int32_t* out = r[0].data;
    for (int i = 0; i < sizes[k]; i++) CX_EXPECT_EQ_I64(out[i], i);
    cx_program_free_results(n, r);
  }
  CX_EXPECT_EQ_I64(cx_program_num_executables(p), 2);
  cx_rt_device_destroy(dev);
  cx_program_destroy(p);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

typedef struct worker {
  cx_program_t* p;
  cx_rt_device_t* dev;
  int64_t n;
  int failures;
} worker_t;

static void* work(void* arg) {
  worker_t* w = arg;
  float data[64];
  for (int round = 0; round < 20; round++) {
    for (int64_t i = 0; i < w->n; i++) data[i] = (float)(i + round);
    cx_buffer_view_t v;
    view_f32(data, w->n, &v);
    uint32_t n;
    cx_buffer_view_t* r;
    cx_status_t s = cx_program_call(w->p, w->dev, 1, &v, NULL, &n, &r);
    if (s) {
      cx_status_free(s);
      w->failures++;
      continue;
    }
    const float* out = r[0].data;
    for (int64_t i = 0; i < w->n; i++)
      if (out[i] != data[i] * data[i]) w->failures++;
    cx_program_free_results(n, r);
  }
  return NULL;
}

CX_TEST(concurrent_calls_share_executables) {
  cx_context_t* ctx;
  cx_module_t* m;
  CX_EXPECT_OK(cx_context_create(cx_allocator_system(), &ctx));
  CX_EXPECT_OK(parse(ctx, kProgram, &m));
  cx_program_t* p;
  CX_EXPECT_OK(cx_program_create(m, NULL, &p));
  cx_rt_device_t* dev;
  cx_rt_device_options_t dopt = {2};
  CX_EXPECT_OK(cx_rt_device_create(&dopt, &dev));
  worker_t w[4];
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    w[i] = (worker_t){p, dev, 16 + 16 * (i % 2), 0};
    pthread_create(&th[i], NULL, work, &w[i]);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    CX_EXPECT_EQ_I64(w[i].failures, 0);
  }
  CX_EXPECT_EQ_I64(cx_program_num_executables(p), 2);
  cx_rt_device_destroy(dev);
  cx_program_destroy(p);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
}

int main(void) {
  CX_RUN(one_executable_per_signature);
  CX_RUN(dimension_variables_are_part_of_the_signature);
  CX_RUN(concurrent_calls_share_executables);
  return CX_TEST_EXIT();
}

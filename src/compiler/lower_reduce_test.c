// Compiled reductions: the producers fused into a reduce's kernel (counted
// as the steps of the compiled program) and the fused kernel's values;
// the kernels of their own shape (sort's scratch buffer); an index error
// of compiled gathers.
#include <string.h>

#include "cx_test.h"
#include "cxla/compiler.h"
#include "cxla/module.h"
#include "cxla/runtime.h"
#include "runtime/executable.h"

typedef struct compiled {
  cx_context_t* ctx;
  cx_module_t* module;
  cx_rt_executable_t* exe;
} compiled_t;

static bool compile_text(const char* text, compiled_t* c) {
  memset(c, 0, sizeof(*c));
  cx_status_t s = cx_context_create(cx_allocator_system(), &c->ctx);
  if (!s) s = cx_module_parse_text(c->ctx, text, strlen(text), NULL, &c->module);
  if (!s) s = cx_module_verify(c->module);
  if (!s) s = cx_compile(c->module, NULL, &c->exe);
  if (s) {
    CX_FAIL_("compiling failed: %s", cx_status_message(s));
    cx_status_free(s);
    return false;
  }
  return true;
}

static void release(compiled_t* c) {
  if (c->exe) cx_rt_executable_release(c->exe);
  if (c->module) cx_module_destroy(c->module);
  if (c->ctx) cx_context_destroy(c->ctx);
}

static uint32_t main_steps(const compiled_t* c) { return c->exe->programs[0].num_steps; }

// Runs the compiled function (no arguments) into `out` (its one result).
static cx_status_t run(compiled_t* c, void* out, size_t nbytes) {
  cx_rt_device_t* dev;
  cx_rt_device_options_t o = {2};
  CX_RETURN_IF_ERROR(cx_rt_device_create(&o, &dev));
  cx_buffer_view_t r = *cx_rt_executable_result(c->exe, 0);
  r.data = out;
  r.nbytes = nbytes;
  cx_status_t s = cx_rt_executable_invoke(c->exe, dev, 0, NULL, 1, &r, NULL);
  cx_rt_device_destroy(dev);
  return s;
}

// exp and multiply are computed in the reduce's loop: one kernel.
CX_TEST(producers_fuse_into_reduce) {
  const char* text =
      "func.func @main(%x: tensor<2x3xf32>) -> tensor<2xf32> {\n"
      "  %z = stablehlo.constant dense<0.0> : tensor<f32>\n"
      "  %e = stablehlo.exponential %x : tensor<2x3xf32>\n"
      "  %t = stablehlo.transpose %e, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>\n"
      "  %m = stablehlo.multiply %t, %t : tensor<3x2xf32>\n"
      "  %r = stablehlo.reduce(%m init: %z) applies stablehlo.add across dimensions = [0] :"
      " (tensor<3x2xf32>, tensor<f32>) -> tensor<2xf32>\n"
      "  return %r : tensor<2xf32>\n"
      "}\n";
  compiled_t c;
  if (!compile_text(text, &c)) return;
  CX_EXPECT_EQ_I64(main_steps(&c), 1);
  CX_EXPECT_EQ_I64(c.exe->steps[c.exe->programs[0].first_step].kind, CX_RT_STEP_KERNEL);
  cx_rt_device_t* dev;
  cx_rt_device_options_t o = {1};
  CX_EXPECT_OK(cx_rt_device_create(&o, &dev));
  float x[6] = {0.0f, 1.0f, -1.0f, 0.5f, 2.0f, 0.25f}, r[2] = {0, 0};
  cx_buffer_view_t a = *cx_rt_executable_arg(c.exe, 0), res = *cx_rt_executable_result(c.exe, 0);
  a.data = x;
  a.nbytes = sizeof x;
  res.data = r;
  res.nbytes = sizeof r;
  CX_EXPECT_OK(cx_rt_executable_invoke(c.exe, dev, 1, &a, 1, &res, NULL));
  // Row sums of exp(x)^2, folded left in f32 as the interpreter does.
  float want0 = 0.0f, want1 = 0.0f;
  for (int j = 0; j < 3; j++) {
    float e0 = (float)exp(x[j]), e1 = (float)exp(x[3 + j]);
    want0 += e0 * e0;
    want1 += e1 * e1;
  }
  CX_EXPECT_NEAR(r[0], want0, 1e-5 * want0);
  CX_EXPECT_NEAR(r[1], want1, 1e-5 * want1);
  cx_rt_device_destroy(dev);
  release(&c);
}

// A producer used by two reductions keeps its buffer (fusing it into both
// would compute it twice); the producers feeding it fuse into its kernel.
CX_TEST(shared_producers_are_not_fused) {
  const char* text =
      "func.func @main(%x: tensor<4xf32>) -> (tensor<f32>, tensor<f32>, tensor<4xf32>) {\n"
      "  %z = stablehlo.constant dense<0.0> : tensor<f32>\n"
      "  %n = stablehlo.negate %x : tensor<4xf32>\n"
      "  %s = stablehlo.multiply %n, %n : tensor<4xf32>\n"
      "  %a = stablehlo.reduce(%s init: %z) applies stablehlo.add across dimensions = [0] :"
      " (tensor<4xf32>, tensor<f32>) -> tensor<f32>\n"
      "  %b = stablehlo.reduce(%s init: %z) applies stablehlo.maximum across dimensions = [0] :"
      " (tensor<4xf32>, tensor<f32>) -> tensor<f32>\n"
      "  %e = stablehlo.exponential %x : tensor<4xf32>\n"
      "  return %a, %b, %e : tensor<f32>, tensor<f32>, tensor<4xf32>\n"
      "}\n";
  compiled_t c;
  if (!compile_text(text, &c)) return;
  // negate+multiply (multiply feeds two reductions), the two reductions,
  // and exponential.
  CX_EXPECT_EQ_I64(main_steps(&c), 4);
  release(&c);
}

// A sort kernel gets a scratch buffer of two handle arrays per slice.
CX_TEST(sort_has_scratch) {
  const char* text =
      "func.func @main() -> tensor<3x5xi32> {\n"
      "  %x = stablehlo.constant dense<[[5, 1, 4, 2, 3], [0, 0, -1, 9, 9], [1, 2, 3, 4, 5]]> :"
      " tensor<3x5xi32>\n"
      "  %s = \"stablehlo.sort\"(%x) ({\n"
      "    ^bb0(%a: tensor<i32>, %b: tensor<i32>):\n"
      "      %gt = stablehlo.compare GT, %a, %b : (tensor<i32>, tensor<i32>) -> tensor<i1>\n"
      "      stablehlo.return %gt : tensor<i1>\n"
      "    }) {dimension = 1 : i64} : (tensor<3x5xi32>) -> tensor<3x5xi32>\n"
      "  return %s : tensor<3x5xi32>\n"
      "}\n";
  compiled_t c;
  if (!compile_text(text, &c)) return;
  CX_EXPECT_EQ_I64(main_steps(&c), 1);
  const cx_rt_step_t* st = &c.exe->steps[c.exe->programs[0].first_step];
  CX_EXPECT_EQ_I64(st->kind, CX_RT_STEP_KERNEL);
  CX_EXPECT_EQ_I64(st->kernel.work_items, 3);  // one per row
  CX_EXPECT_EQ_I64(st->num_bindings, 3);       // the constant, the result, scratch
  const cx_rt_slot_t* scratch = &c.exe->slots[c.exe->bindings[st->first_binding + 2]];
  CX_EXPECT_EQ_I64(scratch->kind, CX_RT_SLOT_ARENA);
  CX_EXPECT_EQ_I64(scratch->nbytes, 3 * 5 * 2 * 8);
  int32_t r[15];
  CX_EXPECT_OK(run(&c, r, sizeof r));
  const int32_t want[15] = {5, 4, 3, 2, 1, 9, 9, 0, 0, -1, 5, 4, 3, 2, 1};
  for (int i = 0; i < 15; i++) CX_EXPECT_EQ_I64(r[i], want[i]);
  release(&c);
}

// torch_index_select has no clamp: an index out of range fails the kernel
// with an error naming the op, as the interpreter reports it.
CX_TEST(index_select_out_of_range_fails) {
  const char* text =
      "func.func @main() -> tensor<2xf32> {\n"
      "  %x = stablehlo.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>\n"
      "  %i = stablehlo.constant dense<[2, 3]> : tensor<2xi32>\n"
      "  %r = \"stablehlo.torch_index_select\"(%x, %i) {dim = 0 : i64, batch_dims = 0 : i64} :"
      " (tensor<3xf32>, tensor<2xi32>) -> tensor<2xf32>\n"
      "  return %r : tensor<2xf32>\n"
      "}\n";
  compiled_t c;
  if (!compile_text(text, &c)) return;
  float r[2];
  cx_status_t s = run(&c, r, sizeof r);
  CX_EXPECT(s != NULL);
  if (s) {
    CX_EXPECT(strstr(cx_status_message(s), "torch_index_select") != NULL);
    CX_EXPECT(strstr(cx_status_message(s), "out of bounds") != NULL);
    cx_status_free(s);
  }
  release(&c);
}

int main(void) {
  CX_RUN(producers_fuse_into_reduce);
  CX_RUN(shared_producers_are_not_fused);
  CX_RUN(sort_has_scratch);
  CX_RUN(index_select_out_of_range_fails);
  return CX_TEST_EXIT();
}

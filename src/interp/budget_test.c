// The interpreter's evaluation budget (cx_interp_options_t.max_steps and
// max_tensor_bytes): programs that would run forever or allocate without
// bound end in CX_OUT_OF_RANGE at the op, with its location; programs
// within the budget run as before; no budget means no limit.
#include <stdint.h>
#include <string.h>

#include "cx_test.h"
#include "cxla/interp.h"
#include "cxla/module.h"

// Parses and verifies `text`, runs @main with the budget and returns the
// status (NULL on success).
static cx_status_t run_with(const char* text, uint64_t max_steps, uint64_t max_bytes) {
  cx_context_t* ctx = NULL;
  cx_module_t* m = NULL;
  cx_interp_t* interp = NULL;
  uint32_t n = 0;
  cx_buffer_view_t* results = NULL;
  cx_parse_options_t po = {"budget.mlir", 1, false};
  cx_interp_options_t io = {.max_steps = max_steps, .max_tensor_bytes = max_bytes};
  cx_status_t st = cx_context_create(cx_allocator_system(), &ctx);
  if (!st) st = cx_module_parse_text(ctx, text, strlen(text), &po, &m);
  if (!st) st = cx_module_verify(m);
  if (!st) st = cx_interp_create(m, &io, &interp);
  if (!st) st = cx_interp_call(interp, "main", 0, NULL, &n, &results);
  cx_interp_free_results(n, results);
  cx_interp_destroy(interp);
  cx_module_destroy(m);
  cx_context_destroy(ctx);
  return st;
}

// Expects CX_OUT_OF_RANGE mentioning `needle`, located in budget.mlir.
static void expect_budget_error(const char* text, uint64_t steps, uint64_t bytes,
                                const char* needle) {
  cx_status_t st = run_with(text, steps, bytes);
  if (!st) {
    CX_FAIL_("ran within a budget it should exceed");
    return;
  }
  CX_EXPECT_EQ_I64(cx_status_code(st), CX_OUT_OF_RANGE);
  const char* msg = cx_status_message(st);
  if (!strstr(msg, needle)) CX_FAIL_("message lacks '%s': %s", needle, msg);
  const char* loc = cx_status_location(st);
  if (!loc || !strstr(loc, "budget.mlir:")) CX_FAIL_("no location: %s", loc ? loc : "(null)");
  cx_status_free(st);
}

// A while loop whose condition is always true.
static const char kEndless[] =
    "func.func @main() -> tensor<i64> {\n"
    "  %c0 = stablehlo.constant dense<0> : tensor<i64>\n"
    "  %c1 = stablehlo.constant dense<1> : tensor<i64>\n"
    "  %r = stablehlo.while(%i = %c0) : tensor<i64>\n"
    "  cond {\n"
    "    %t = stablehlo.compare GE, %i, %c0 : (tensor<i64>, tensor<i64>) -> tensor<i1>\n"
    "    stablehlo.return %t : tensor<i1>\n"
    "  } do {\n"
    "    %n = stablehlo.add %i, %c1 : tensor<i64>\n"
    "    stablehlo.return %n : tensor<i64>\n"
    "  }\n"
    "  func.return %r : tensor<i64>\n"
    "}\n";

CX_TEST(endless_while_runs_out_of_steps) {
  expect_budget_error(kEndless, 100000, 0, "evaluation budget of 100000 steps");
}

// Found by fuzzing: regions without ops cost nothing, so this loop ran
// forever under any budget; every region run now costs a step.
CX_TEST(endless_while_without_ops_runs_out_of_steps) {
  expect_budget_error(
      "func.func @main() -> tensor<i64> {\n"
      "  %t = stablehlo.constant dense<true> : tensor<i1>\n"
      "  %c0 = stablehlo.constant dense<0> : tensor<i64>\n"
      "  %r = stablehlo.while(%i = %c0) : tensor<i64>\n"
      "  cond {\n"
      "    stablehlo.return %t : tensor<i1>\n"
      "  } do {\n"
      "    stablehlo.return %i : tensor<i64>\n"
      "  }\n"
      "  func.return %r : tensor<i64>\n"
      "}\n",
      100000, 0, "evaluation budget of 100000 steps");
}

CX_TEST(giant_iota_is_refused_before_allocating) {
  expect_budget_error(
      "func.func @main() -> tensor<100000x100000xf32> {\n"
      "  %0 = stablehlo.iota dim = 0 : tensor<100000x100000xf32>\n"
      "  func.return %0 : tensor<100000x100000xf32>\n"
      "}\n",
      0, 1 << 20, "more than the limit of 1048576 bytes");
}

CX_TEST(giant_broadcast_is_refused) {
  expect_budget_error(
      "func.func @main() -> tensor<65536x65536xi8> {\n"
      "  %c = stablehlo.constant dense<1> : tensor<i8>\n"
      "  %0 = stablehlo.broadcast_in_dim %c, dims = [] : (tensor<i8>) -> tensor<65536x65536xi8>\n"
      "  func.return %0 : tensor<65536x65536xi8>\n"
      "}\n",
      0, 1 << 20, "more than the limit");
}

// The result shape of dynamic_iota comes from an operand: checked before
// the op allocates.
CX_TEST(giant_dynamic_iota_is_refused) {
  expect_budget_error(
      "func.func @main() -> tensor<?x?xf32> {\n"
      "  %s = stablehlo.constant dense<[1000000, 1000000]> : tensor<2xi64>\n"
      "  %0 = stablehlo.dynamic_iota %s, dim = 0 : (tensor<2xi64>) -> tensor<?x?xf32>\n"
      "  func.return %0 : tensor<?x?xf32>\n"
      "}\n",
      0, 1 << 20, "more than the limit");
}

CX_TEST(giant_dynamic_pad_is_refused) {
  expect_budget_error(
      "func.func @main() -> tensor<?xf32> {\n"
      "  %x = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>\n"
      "  %p = stablehlo.constant dense<0.0> : tensor<f32>\n"
      "  %lo = stablehlo.constant dense<[0]> : tensor<1xi64>\n"
      "  %in = stablehlo.constant dense<[4000000000]> : tensor<1xi64>\n"
      "  %0 = stablehlo.dynamic_pad %x, %p, %lo, %lo, %in : (tensor<2xf32>, tensor<f32>,\n"
      "       tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xf32>\n"
      "  func.return %0 : tensor<?xf32>\n"
      "}\n",
      0, 1 << 20, "more than the limit");
}

// A dot_general whose data is small but whose work is not: charged by its
// multiply-adds (2^10 x 2^10 results of 2^10 products each).
CX_TEST(dot_general_is_charged_for_its_products) {
  expect_budget_error(
      "func.func @main() -> tensor<1024x1024xf32> {\n"
      "  %a = stablehlo.constant dense<1.0> : tensor<1024x1024xf32>\n"
      "  %0 = stablehlo.dot_general %a, %a, contracting_dims = [1] x [0] :\n"
      "       (tensor<1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<1024x1024xf32>\n"
      "  func.return %0 : tensor<1024x1024xf32>\n"
      "}\n",
      100000000, 0, "evaluation budget");
}

// einsum's result shape comes from its labels, and its work from the
// summed labels: an outer product of two large vectors is refused before
// it allocates, a contraction is charged for its products.
CX_TEST(einsum_is_bounded) {
  expect_budget_error(
      "func.func @main() -> tensor<1000000x1000000xf32> {\n"
      "  %a = stablehlo.constant dense<1.0> : tensor<1000000xf32>\n"
      "  %0 = \"stablehlo.einsum\"(%a, %a) {einsum_config = \"i,j->ij\"} :\n"
      "       (tensor<1000000xf32>, tensor<1000000xf32>) -> tensor<1000000x1000000xf32>\n"
      "  func.return %0 : tensor<1000000x1000000xf32>\n"
      "}\n",
      0, 1 << 26, "more than the limit");
  expect_budget_error(
      "func.func @main() -> tensor<512x512xf32> {\n"
      "  %a = stablehlo.constant dense<1.0> : tensor<512x512xf32>\n"
      "  %0 = \"stablehlo.einsum\"(%a, %a) {einsum_config = \"ij,jk->ik\"} :\n"
      "       (tensor<512x512xf32>, tensor<512x512xf32>) -> tensor<512x512xf32>\n"
      "  func.return %0 : tensor<512x512xf32>\n"
      "}\n",
      10000000, 0, "evaluation budget");
}

// Every process of a run_parallel grid is a thread: a budgeted run may
// not start thousands of them (checked before any starts).
CX_TEST(large_grids_cost_steps) {
  char text[8192];
  int n = snprintf(text, sizeof(text),
                   "func.func @f() -> tensor<i32> {\n"
                   "  %%c = stablehlo.constant dense<1> : tensor<i32>\n"
                   "  func.return %%c : tensor<i32>\n"
                   "}\n"
                   "func.func @main() {\n"
                   "  %%r:200 = \"interpreter.run_parallel\"() {programs = [");
  for (int i = 0; i < 200; i++) n += snprintf(text + n, sizeof(text) - n, "%s[@f]", i ? ", " : "");
  n += snprintf(text + n, sizeof(text) - n, "]} : () -> (");
  for (int i = 0; i < 200; i++)
    n += snprintf(text + n, sizeof(text) - n, "%stensor<i32>", i ? ", " : "");
  snprintf(text + n, sizeof(text) - n, ")\n  func.return\n}\n");
  expect_budget_error(text, 1000000, 0, "evaluation budget");
  CX_EXPECT_OK(run_with(text, 10000000, 0));
}

// Recursion is bounded by the nesting depth even without a budget; a
// recursion of depth 40 with two calls per level is not (2^40 calls), so
// the step budget stops it.
CX_TEST(exponential_recursion_runs_out_of_steps) {
  expect_budget_error(
      "func.func @main() -> tensor<i32> {\n"
      "  %n = stablehlo.constant dense<40> : tensor<i32>\n"
      "  %0 = func.call @f(%n) : (tensor<i32>) -> tensor<i32>\n"
      "  func.return %0 : tensor<i32>\n"
      "}\n"
      "func.func private @f(%n: tensor<i32>) -> tensor<i32> {\n"
      "  %c0 = stablehlo.constant dense<0> : tensor<i32>\n"
      "  %c1 = stablehlo.constant dense<1> : tensor<i32>\n"
      "  %p = stablehlo.compare GT, %n, %c0 : (tensor<i32>, tensor<i32>) -> tensor<i1>\n"
      "  %0 = \"stablehlo.if\"(%p) ({\n"
      "    %m = stablehlo.subtract %n, %c1 : tensor<i32>\n"
      "    %a = func.call @f(%m) : (tensor<i32>) -> tensor<i32>\n"
      "    %b = func.call @f(%m) : (tensor<i32>) -> tensor<i32>\n"
      "    %s = stablehlo.add %a, %b : tensor<i32>\n"
      "    stablehlo.return %s : tensor<i32>\n"
      "  }, {\n"
      "    stablehlo.return %c1 : tensor<i32>\n"
      "  }) : (tensor<i1>) -> tensor<i32>\n"
      "  func.return %0 : tensor<i32>\n"
      "}\n",
      1000000, 0, "evaluation budget");
}

// Endless recursion ends at the depth limit, with the function's location
// and each function named once in the message.
CX_TEST(endless_recursion_names_the_function_once) {
  cx_status_t st = run_with(
      "func.func @main() -> tensor<i32> {\n"
      "  %0 = func.call @f() : () -> tensor<i32>\n"
      "  func.return %0 : tensor<i32>\n"
      "}\n"
      "func.func private @f() -> tensor<i32> {\n"
      "  %0 = func.call @f() : () -> tensor<i32>\n"
      "  func.return %0 : tensor<i32>\n"
      "}\n",
      0, 0);
  CX_EXPECT(st && cx_status_code(st) == CX_OUT_OF_RANGE);
  if (st) {
    CX_EXPECT_STREQ(cx_status_message(st),
                    "in function 'main': in function 'f': 'func.func' op regions and calls "
                    "nested deeper than 256");
    CX_EXPECT_STREQ(cx_status_location(st), "budget.mlir:5:1");
  }
  cx_status_free(st);
}

// Within the budget, or without one, programs run as before.
CX_TEST(small_programs_run_within_the_budget) {
  const char* text =
      "func.func @main() -> tensor<4xf32> {\n"
      "  %0 = stablehlo.iota dim = 0 : tensor<4xf32>\n"
      "  %1 = stablehlo.add %0, %0 : tensor<4xf32>\n"
      "  func.return %1 : tensor<4xf32>\n"
      "}\n";
  CX_EXPECT_OK(run_with(text, 1000, 1024));
  CX_EXPECT_OK(run_with(text, 0, 0));
  // The limit is exact: 16 bytes fit a budget of 16.
  CX_EXPECT_OK(run_with(text, 0, 16));
  cx_status_t st = run_with(text, 0, 15);
  CX_EXPECT(st && cx_status_code(st) == CX_OUT_OF_RANGE);
  cx_status_free(st);
}

int main(void) {
  CX_RUN(endless_while_runs_out_of_steps);
  CX_RUN(endless_while_without_ops_runs_out_of_steps);
  CX_RUN(giant_iota_is_refused_before_allocating);
  CX_RUN(giant_broadcast_is_refused);
  CX_RUN(giant_dynamic_iota_is_refused);
  CX_RUN(giant_dynamic_pad_is_refused);
  CX_RUN(dot_general_is_charged_for_its_products);
  CX_RUN(einsum_is_bounded);
  CX_RUN(large_grids_cost_steps);
  CX_RUN(exponential_recursion_runs_out_of_steps);
  CX_RUN(endless_recursion_names_the_function_once);
  CX_RUN(small_programs_run_within_the_budget);
  return CX_TEST_EXIT();
}

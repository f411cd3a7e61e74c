// The check ops and the @check.* custom-call targets: what passes, what
// fails, and what a failure says.
#include "cx_test.h"
#include "interp/check.h"
#include "interp/interp_test_util.h"

CX_TEST(expect_close_counts_ulps) {
  // 0x3F800003 is 3 ULPs above 1.0; -0 and +0 are 0 ULPs apart.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1.0, 0x3F800001, -0.0]> : tensor<3xf32>\n"
      "  %b = stablehlo.constant dense<[1.0, 1.0, 0.0]> : tensor<3xf32>\n"
      "  check.expect_close %a, %b, max_ulp_difference = 1 : tensor<3xf32>, tensor<3xf32>\n"
      "  func.return\n"
      "}\n");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[[1.0], [0x3F800003]]> : tensor<2x1xf32>\n"
      "  %b = stablehlo.constant dense<[[1.0], [1.0]]> : tensor<2x1xf32>\n"
      "  check.expect_close %a, %b, max_ulp_difference = 1 : tensor<2x1xf32>, tensor<2x1xf32>\n"
      "  func.return\n"
      "}\n",
      CX_FAILED_PRECONDITION, "failed at index [1, 0]: got 1.00000036 expected 1 (3 ULPs > max 1)");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<2.0> : tensor<f32>\n"
      "  check.expect_close %a, %a, max_ulp_difference = 3, min_ulp_difference = 1 : "
      "tensor<f32>, tensor<f32>\n"
      "  func.return\n"
      "}\n",
      CX_FAILED_PRECONDITION, "(0 ULPs < min 1)");
}

CX_TEST(ulp_distance) {
  uint16_t h[4] = {0x3C00, 0x3C02, 0x7C00, 0x7BFF};  // f16: 1, 1+2ulp, inf, max
  CX_EXPECT_EQ_U64(cx_scalar_ulp_distance(CX_ELEM_F16, &h[0], &h[1]), 2);
  CX_EXPECT_EQ_U64(cx_scalar_ulp_distance(CX_ELEM_F16, &h[2], &h[2]), 0);
  CX_EXPECT_EQ_U64(cx_scalar_ulp_distance(CX_ELEM_F16, &h[2], &h[3]), UINT64_MAX);
  float f[4] = {NAN, -NAN, 1e-45f, -1e-45f};  // NaNs match; +-min subnormal are 2 apart
  CX_EXPECT_EQ_U64(cx_scalar_ulp_distance(CX_ELEM_F32, &f[0], &f[1]), 0);
  CX_EXPECT_EQ_U64(cx_scalar_ulp_distance(CX_ELEM_F32, &f[2], &f[3]), 2);
  uint8_t e[2] = {0x38, 0x3A};  // f8E4M3FN: 1.0 and 1.25
  CX_EXPECT_EQ_U64(cx_scalar_ulp_distance(CX_ELEM_F8E4M3FN, &e[0], &e[1]), 2);
}

CX_TEST(expect_almost_eq_tolerance) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[5.0, 0x7FF8000000000000, 0x7FF0000000000000]> : "
      "tensor<3xf64>\n"
      "  %b = stablehlo.constant dense<[5.0001, 0x7FF8000000000000, 0x7FF0000000000000]> : "
      "tensor<3xf64>\n"
      "  check.expect_almost_eq %a, %b : tensor<3xf64>\n"
      "  check.expect_almost_eq_const %a, dense<[5.05, 0x7FF8000000000000, "
      "0x7FF0000000000000]> : tensor<3xf64> {tolerance = 0.1 : f64}\n"
      "  func.return\n"
      "}\n");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[5.0, 5.001]> : tensor<2xf64>\n"
      "  check.expect_almost_eq_const %a, dense<[5.0, 5.0]> : tensor<2xf64>\n"
      "  func.return\n"
      "}\n",
      CX_FAILED_PRECONDITION, "failed at index [1]: got 5.0010000000000003 expected 5");
  // Values of different signs never match (upstream's semantics).
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<-1.0e-9> : tensor<f32>\n"
      "  check.expect_almost_eq_const %a, dense<0.0> : tensor<f32>\n"
      "  func.return\n"
      "}\n",
      CX_FAILED_PRECONDITION, "tolerance 0.0001");
}

CX_TEST(expect_eq_reports_index_and_values) {
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[[1, 2], [3, 5]]> : tensor<2x2xui8>\n"
      "  %b = stablehlo.constant dense<[[1, 2], [4, 4]]> : tensor<2x2xui8>\n"
      "  check.expect_eq %a, %b : tensor<2x2xui8>\n"
      "  func.return\n"
      "}\n",
      CX_FAILED_PRECONDITION, "failed at index [1, 0]: got 3 expected 4; 2 of 4 elements differ");
  // NaN matches NaN.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[0x7FC00000, -0.0]> : tensor<2xf32>\n"
      "  check.expect_eq_const %a, dense<[0x7FC00000, 0.0]> : tensor<2xf32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(custom_call_targets) {
  CX_EXPECT_MLIR_OK(
      "func.func @main() {\n"
      "  %a = stablehlo.constant dense<[1.0, 0x3F800003]> : tensor<2xf32>\n"
      "  %b = stablehlo.constant dense<[1.0, 1.0]> : tensor<2xf32>\n"
      "  stablehlo.custom_call @check.expect_close(%a, %b) {has_side_effect = true} : "
      "(tensor<2xf32>, tensor<2xf32>) -> ()\n"
      "  stablehlo.custom_call @check.expect_almost_eq(%a, %b) {has_side_effect = true} : "
      "(tensor<2xf32>, tensor<2xf32>) -> ()\n"
      "  %r = stablehlo.custom_call @check.eq(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> "
      "tensor<i1>\n"
      "  check.expect_eq_const %r, dense<true> : tensor<i1>\n"
      "  %i = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  stablehlo.custom_call @check.expect_eq(%i, %i) {has_side_effect = true} : "
      "(tensor<2xi32>, tensor<2xi32>) -> ()\n"
      "  func.return\n"
      "}\n");
  CX_EXPECT_MLIR_FAILS(
      "func.func @main() {\n"
      "  %a = stablehlo.constant dense<[1.0, 0x3F800004]> : tensor<2xf32>\n"
      "  %b = stablehlo.constant dense<[1.0, 1.0]> : tensor<2xf32>\n"
      "  stablehlo.custom_call @check.expect_close(%a, %b) {has_side_effect = true} : "
      "(tensor<2xf32>, tensor<2xf32>) -> ()\n"
      "  func.return\n"
      "}\n",
      CX_FAILED_PRECONDITION, "(4 ULPs > max 3)");
  CX_EXPECT_MLIR_FAILS(
      "func.func @main() {\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  %b = stablehlo.constant dense<[1, 3]> : tensor<2xi32>\n"
      "  %r = stablehlo.custom_call @check.eq(%a, %b) : (tensor<2xi32>, tensor<2xi32>) -> "
      "tensor<i1>\n"
      "  func.return\n"
      "}\n",
      CX_FAILED_PRECONDITION, "got 2 expected 3");
  CX_EXPECT_MLIR_FAILS(
      "func.func @main() {\n"
      "  %a = stablehlo.constant dense<1> : tensor<i32>\n"
      "  stablehlo.custom_call @no.such_target(%a) : (tensor<i32>) -> ()\n"
      "  func.return\n"
      "}\n",
      CX_UNIMPLEMENTED, "'@no.such_target'");
}

int main(void) {
  CX_RUN(expect_close_counts_ulps);
  CX_RUN(ulp_distance);
  CX_RUN(expect_almost_eq_tolerance);
  CX_RUN(expect_eq_reports_index_and_values);
  CX_RUN(custom_call_targets);
  return CX_TEST_EXIT();
}

// Tricky cases of convert, bitcast_convert, reduce_precision and uniform
// quantization, with hand-computed expected values.
#include "cx_test.h"
#include "interp/elementwise.h"
#include "interp/interp_test_util.h"

CX_TEST(float_to_int_truncates_and_saturates) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[1.9, -1.9, 0x7FC00000, 3.0e9, -3.0e9, 0x7F800000,"
      " 0xFF800000, -0.5]> : tensor<8xf32>\n"
      "  %r = stablehlo.convert %x : (tensor<8xf32>) -> tensor<8xi32>\n"
      "  check.expect_eq_const %r, dense<[1, -1, 0, 2147483647, -2147483648, 2147483647,"
      " -2147483648, 0]> : tensor<8xi32>\n"
      "  func.return\n"
      "}\n");
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[-1.0, 255.9, 256.0, 1.0e10, 0x7FC00000]> : "
      "tensor<5xf32>\n"
      "  %r = stablehlo.convert %x : (tensor<5xf32>) -> tensor<5xui8>\n"
      "  check.expect_eq_const %r, dense<[0, 255, 255, 255, 0]> : tensor<5xui8>\n"
      "  func.return\n"
      "}\n");
  // 2^63 itself is out of range for i64; 1.8e19 fits ui64 exactly.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[9.3e18, -9.3e18, 9223372036854775808.0]> : "
      "tensor<3xf64>\n"
      "  %r = stablehlo.convert %x : (tensor<3xf64>) -> tensor<3xi64>\n"
      "  check.expect_eq_const %r, dense<[9223372036854775807, -9223372036854775808,"
      " 9223372036854775807]> : tensor<3xi64>\n"
      "  %y = stablehlo.constant dense<[18446744073709551616.0, 1.8e19, -3.0]> : "
      "tensor<3xf64>\n"
      "  %s = stablehlo.convert %y : (tensor<3xf64>) -> tensor<3xui64>\n"
      "  check.expect_eq_const %s, dense<[18446744073709551615, 18000000000000000000, 0]> : "
      "tensor<3xui64>\n"
      "  func.return\n"
      "}\n");
  // Scalar helper directly: sub-byte destinations saturate at their width.
  CX_EXPECT_EQ_I64(cx_scalar_float_to_int(100.0, CX_ELEM_SI4), 7);
  CX_EXPECT_EQ_I64(cx_scalar_float_to_int(-100.0, CX_ELEM_SI4), -8);
  CX_EXPECT_EQ_I64(cx_scalar_float_to_int(100.0, CX_ELEM_UI2), 3);
  CX_EXPECT_EQ_I64(cx_scalar_float_to_int(-0.9, CX_ELEM_UI2), 0);
}

CX_TEST(int_to_float_rounds_once) {
  // 2^60 + 2^52 + 1 is just above the bf16 midpoint between 2^60 and
  // 2^60 + 2^53; rounding through double first would tie and go to 2^60.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<1157425104234217473> : tensor<i64>\n"
      "  %r = stablehlo.convert %x : (tensor<i64>) -> tensor<bf16>\n"
      "  check.expect_eq_const %r, dense<0x5D81> : tensor<bf16>\n"
      "  func.return\n"
      "}\n");
  // f16: ties to even, overflow to infinity at the midpoint above max.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[2049, 2051, 65519, 65520, -70000]> : tensor<5xi32>\n"
      "  %r = stablehlo.convert %x : (tensor<5xi32>) -> tensor<5xf16>\n"
      "  check.expect_eq_const %r, dense<[2.048000e+03, 2.052000e+03, 6.550400e+04, 0x7C00,"
      " 0xFC00]> : tensor<5xf16>\n"
      "  %u = stablehlo.constant dense<18446744073709551615> : tensor<ui64>\n"
      "  %f = stablehlo.convert %u : (tensor<ui64>) -> tensor<f32>\n"
      "  check.expect_eq_const %f, dense<0x5F800000> : tensor<f32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(int_to_int_wraps_and_bool) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[7, 8, -9, 16]> : tensor<4xi32>\n"
      "  %r = stablehlo.convert %x : (tensor<4xi32>) -> tensor<4xi4>\n"
      "  check.expect_eq_const %r, dense<[7, -8, 7, 0]> : tensor<4xi4>\n"
      "  %u = stablehlo.constant dense<300> : tensor<ui32>\n"
      "  %s = stablehlo.convert %u : (tensor<ui32>) -> tensor<i8>\n"
      "  check.expect_eq_const %s, dense<44> : tensor<i8>\n"
      "  %m = stablehlo.constant dense<-1> : tensor<i8>\n"
      "  %w = stablehlo.convert %m : (tensor<i8>) -> tensor<ui16>\n"
      "  check.expect_eq_const %w, dense<65535> : tensor<ui16>\n"
      "  %b = stablehlo.constant dense<[0.0, -0.0, 0x7FC00000, 0.5]> : tensor<4xf32>\n"
      "  %bb = stablehlo.convert %b : (tensor<4xf32>) -> tensor<4xi1>\n"
      "  check.expect_eq_const %bb, dense<[false, false, true, true]> : tensor<4xi1>\n"
      "  %t = stablehlo.constant dense<[true, false]> : tensor<2xi1>\n"
      "  %tf = stablehlo.convert %t : (tensor<2xi1>) -> tensor<2xf32>\n"
      "  check.expect_eq_const %tf, dense<[1.0, 0.0]> : tensor<2xf32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(complex_and_small_float_conversions) {
  // complex -> real keeps the real part; real -> complex has imag 0; f8E5M2
  // (2 mantissa bits) rounds ties to even: 1.375 -> 1.5, 1.125 -> 1.0.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %c = stablehlo.constant dense<[(1.5, 2.0)]> : tensor<1xcomplex<f32>>\n"
      "  %r = stablehlo.convert %c : (tensor<1xcomplex<f32>>) -> tensor<1xf32>\n"
      "  check.expect_eq_const %r, dense<[1.5]> : tensor<1xf32>\n"
      "  %d = stablehlo.constant dense<[0.1]> : tensor<1xf64>\n"
      "  %z = stablehlo.convert %d : (tensor<1xf64>) -> tensor<1xcomplex<f32>>\n"
      "  check.expect_eq_const %z, dense<[(0.100000001, 0.0)]> : tensor<1xcomplex<f32>>\n"
      "  %x = stablehlo.constant dense<[1.3, 1.375, 1.125]> : tensor<3xf32>\n"
      "  %e = stablehlo.convert %x : (tensor<3xf32>) -> tensor<3xf8E5M2>\n"
      "  %b = stablehlo.convert %e : (tensor<3xf8E5M2>) -> tensor<3xf32>\n"
      "  check.expect_eq_const %b, dense<[1.25, 1.5, 1.0]> : tensor<3xf32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(bitcast_convert_changes_widths) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<1.0> : tensor<f32>\n"
      "  %i = stablehlo.bitcast_convert %x : (tensor<f32>) -> tensor<i32>\n"
      "  check.expect_eq_const %i, dense<1065353216> : tensor<i32>\n"
      "  %w = stablehlo.constant dense<16909060> : tensor<i32>\n"
      "  %b = stablehlo.bitcast_convert %w : (tensor<i32>) -> tensor<4xi8>\n"
      "  check.expect_eq_const %b, dense<[4, 3, 2, 1]> : tensor<4xi8>\n"
      "  %h = stablehlo.constant dense<[0, 16256]> : tensor<2xi16>\n"
      "  %f = stablehlo.bitcast_convert %h : (tensor<2xi16>) -> tensor<f32>\n"
      "  check.expect_eq_const %f, dense<1.0> : tensor<f32>\n"
      "  %p = stablehlo.constant dense<[true, false, false, false, false, false, false, true]>"
      " : tensor<8xi1>\n"
      "  %u = stablehlo.bitcast_convert %p : (tensor<8xi1>) -> tensor<ui8>\n"
      "  check.expect_eq_const %u, dense<129> : tensor<ui8>\n"
      "  %n = stablehlo.constant dense<31> : tensor<i8>\n"
      "  %nn = stablehlo.bitcast_convert %n : (tensor<i8>) -> tensor<2xi4>\n"
      "  check.expect_eq_const %nn, dense<[-1, 1]> : tensor<2xi4>\n"
      "  func.return\n"
      "}\n");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi8>\n"
      "  %i = stablehlo.bitcast_convert %x : (tensor<3xi8>) -> tensor<i32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "requires the operand shape to be the result shape followed by 4");
}

CX_TEST(reduce_precision_rounds_and_flushes) {
  // To f16's layout: 1 + 2^-23 rounds to 1; 65520 rounds up to 2^16 and
  // overflows; 1e-8 is below the reduced normal range; NaN stays NaN.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[1.00000012, 65520.0, 1.0e-8, 0x7FC00000, -1.5]> : "
      "tensor<5xf32>\n"
      "  %r = stablehlo.reduce_precision %x, format = e5m10 : tensor<5xf32>\n"
      "  check.expect_eq_const %r, dense<[1.0, 0x7F800000, 0.0, 0x7FC00000, -1.5]> : "
      "tensor<5xf32>\n"
      "  %y = stablehlo.constant dense<[1.0, 1.5, 1.25, 1.75, 0x7FC00000]> : tensor<5xf32>\n"
      "  %s = stablehlo.reduce_precision %y, format = e8m0 : tensor<5xf32>\n"
      "  check.expect_eq_const %s, dense<[1.0, 2.0, 1.0, 2.0, 0x7F800000]> : tensor<5xf32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(uniform_quantize_rounds_half_to_even_and_clamps) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[0.25, 0.75, 1.25, -0.25, 100.0, -100.0]> : "
      "tensor<6xf32>\n"
      "  %q = stablehlo.uniform_quantize %x : (tensor<6xf32>) -> "
      "tensor<6x!quant.uniform<i8:f32, 0.5>>\n"
      "  %i = stablehlo.bitcast_convert %q : (tensor<6x!quant.uniform<i8:f32, 0.5>>) -> "
      "tensor<6xi8>\n"
      "  check.expect_eq_const %i, dense<[0, 2, 2, 0, 127, -128]> : tensor<6xi8>\n"
      "  %d = stablehlo.uniform_dequantize %q : (tensor<6x!quant.uniform<i8:f32, 0.5>>) -> "
      "tensor<6xf32>\n"
      "  check.expect_eq_const %d, dense<[0.0, 1.0, 1.0, 0.0, 63.5, -64.0]> : tensor<6xf32>\n"
      "  %y = stablehlo.constant dense<[0.5, 1.5, -200.0, 200.0]> : tensor<4xf32>\n"
      "  %z = stablehlo.uniform_quantize %y : (tensor<4xf32>) -> "
      "tensor<4x!quant.uniform<i8<-127:127>:f32, 1.0:-1>>\n"
      "  %zi = stablehlo.bitcast_convert %z : (tensor<4x!quant.uniform<i8<-127:127>:f32, "
      "1.0:-1>>) -> tensor<4xi8>\n"
      "  check.expect_eq_const %zi, dense<[-1, 1, -127, 127]> : tensor<4xi8>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(quantized_elementwise_goes_through_floats) {
  // (1.0 + 3.0) with operands on different scales, requantized to 0.5:-20:
  // 4.0 / 0.5 - 20 = -12.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<1.0> : tensor<f32>\n"
      "  %b = stablehlo.constant dense<3.0> : tensor<f32>\n"
      "  %qa = stablehlo.uniform_quantize %a : (tensor<f32>) -> "
      "tensor<!quant.uniform<i8:f32, 0.1:-30>>\n"
      "  %qb = stablehlo.uniform_quantize %b : (tensor<f32>) -> "
      "tensor<!quant.uniform<i8:f32, 0.5:-20>>\n"
      "  %s = stablehlo.add %qa, %qb : (tensor<!quant.uniform<i8:f32, 0.1:-30>>, "
      "tensor<!quant.uniform<i8:f32, 0.5:-20>>) -> tensor<!quant.uniform<i8:f32, 0.5:-20>>\n"
      "  %i = stablehlo.bitcast_convert %s : (tensor<!quant.uniform<i8:f32, 0.5:-20>>) -> "
      "tensor<i8>\n"
      "  check.expect_eq_const %i, dense<-12> : tensor<i8>\n"
      "  func.return\n"
      "}\n");
}

int main(void) {
  CX_RUN(float_to_int_truncates_and_saturates);
  CX_RUN(int_to_float_rounds_once);
  CX_RUN(int_to_int_wraps_and_bool);
  CX_RUN(complex_and_small_float_conversions);
  CX_RUN(bitcast_convert_changes_widths);
  CX_RUN(reduce_precision_rounds_and_flushes);
  CX_RUN(uniform_quantize_rounds_half_to_even_and_clamps);
  CX_RUN(quantized_elementwise_goes_through_floats);
  return CX_TEST_EXIT();
}

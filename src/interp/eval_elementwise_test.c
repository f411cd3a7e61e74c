// Edge cases of the elementwise families (unary, binary, compare, select,
// clamp) with hand-computed expected values.
#include "cx_test.h"
#include "interp/elementwise.h"
#include "interp/interp_test_util.h"

CX_TEST(integer_division_and_remainder) {
  // x / 0 = -1, x % 0 = x, INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0;
  // the remainder has the dividend's sign.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[7, -7, 7, -2147483648, 5]> : tensor<5xi32>\n"
      "  %b = stablehlo.constant dense<[2, 2, 0, -1, -3]> : tensor<5xi32>\n"
      "  %q = stablehlo.divide %a, %b : tensor<5xi32>\n"
      "  check.expect_eq_const %q, dense<[3, -3, -1, -2147483648, -1]> : tensor<5xi32>\n"
      "  %r = stablehlo.remainder %a, %b : tensor<5xi32>\n"
      "  check.expect_eq_const %r, dense<[1, -1, 7, 0, 2]> : tensor<5xi32>\n"
      "  %c = stablehlo.constant dense<[7, 200]> : tensor<2xui8>\n"
      "  %d = stablehlo.constant dense<[0, 3]> : tensor<2xui8>\n"
      "  %uq = stablehlo.divide %c, %d : tensor<2xui8>\n"
      "  check.expect_eq_const %uq, dense<[255, 66]> : tensor<2xui8>\n"
      "  %ur = stablehlo.remainder %c, %d : tensor<2xui8>\n"
      "  check.expect_eq_const %ur, dense<[7, 2]> : tensor<2xui8>\n"
      "  %e = stablehlo.constant dense<[-7.5, 7.5]> : tensor<2xf32>\n"
      "  %g = stablehlo.constant dense<[2.0, -2.0]> : tensor<2xf32>\n"
      "  %fr = stablehlo.remainder %e, %g : tensor<2xf32>\n"
      "  check.expect_eq_const %fr, dense<[-1.5, 1.5]> : tensor<2xf32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(shifts_outside_the_width) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1, 1, -128, -128, 64]> : tensor<5xi8>\n"
      "  %b = stablehlo.constant dense<[7, 8, 1, -1, 1]> : tensor<5xi8>\n"
      "  %l = stablehlo.shift_left %a, %b : tensor<5xi8>\n"
      "  check.expect_eq_const %l, dense<[-128, 0, 0, 0, -128]> : tensor<5xi8>\n"
      "  %c = stablehlo.constant dense<[-128, -128, 64, -1]> : tensor<4xi8>\n"
      "  %d = stablehlo.constant dense<[7, 8, 9, -1]> : tensor<4xi8>\n"
      "  %ra = stablehlo.shift_right_arithmetic %c, %d : tensor<4xi8>\n"
      "  check.expect_eq_const %ra, dense<[-1, -1, 0, -1]> : tensor<4xi8>\n"
      "  %e = stablehlo.constant dense<[-128, -1, -1]> : tensor<3xi8>\n"
      "  %g = stablehlo.constant dense<[7, 8, 1]> : tensor<3xi8>\n"
      "  %rl = stablehlo.shift_right_logical %e, %g : tensor<3xi8>\n"
      "  check.expect_eq_const %rl, dense<[1, 0, 127]> : tensor<3xi8>\n"
      "  %u = stablehlo.constant dense<[200, 200]> : tensor<2xui8>\n"
      "  %v = stablehlo.constant dense<[1, 7]> : tensor<2xui8>\n"
      "  %ua = stablehlo.shift_right_arithmetic %u, %v : tensor<2xui8>\n"
      "  check.expect_eq_const %ua, dense<[228, 255]> : tensor<2xui8>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(integer_power_and_wrapping) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[2, -1, -1, 2, 0, 3]> : tensor<6xi32>\n"
      "  %b = stablehlo.constant dense<[10, -3, -4, -1, -2, 0]> : tensor<6xi32>\n"
      "  %p = stablehlo.power %a, %b : tensor<6xi32>\n"
      "  check.expect_eq_const %p, dense<[1024, -1, 1, 0, 0, 1]> : tensor<6xi32>\n"
      "  %c = stablehlo.constant dense<[3, 2]> : tensor<2xui8>\n"
      "  %d = stablehlo.constant dense<[5, 8]> : tensor<2xui8>\n"
      "  %q = stablehlo.power %c, %d : tensor<2xui8>\n"
      "  check.expect_eq_const %q, dense<[243, 0]> : tensor<2xui8>\n"
      "  %m = stablehlo.constant dense<-128> : tensor<i8>\n"
      "  %abs = stablehlo.abs %m : tensor<i8>\n"
      "  check.expect_eq_const %abs, dense<-128> : tensor<i8>\n"
      "  %neg = stablehlo.negate %m : tensor<i8>\n"
      "  check.expect_eq_const %neg, dense<-128> : tensor<i8>\n"
      "  %s = stablehlo.constant dense<[7, -8]> : tensor<2xi4>\n"
      "  %one = stablehlo.constant dense<[1, -1]> : tensor<2xi4>\n"
      "  %w = stablehlo.add %s, %one : tensor<2xi4>\n"
      "  check.expect_eq_const %w, dense<[-8, 7]> : tensor<2xi4>\n"
      "  %t = stablehlo.constant dense<[true, true, false]> : tensor<3xi1>\n"
      "  %f = stablehlo.constant dense<[true, false, false]> : tensor<3xi1>\n"
      "  %bs = stablehlo.add %t, %f : tensor<3xi1>\n"
      "  check.expect_eq_const %bs, dense<[true, true, false]> : tensor<3xi1>\n"
      "  %bm = stablehlo.multiply %t, %f : tensor<3xi1>\n"
      "  check.expect_eq_const %bm, dense<[true, false, false]> : tensor<3xi1>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(float_min_max_nan_and_signed_zero) {
  // Compared through their bits so that -0 and +0 are told apart:
  // 0.0 = 0, -0.0 = -2147483648, NaN (0x7FC00000) = 2143289344.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[0x7FC00000, 1.0, -0.0, 0.0]> : tensor<4xf32>\n"
      "  %b = stablehlo.constant dense<[1.0, 0x7FC00000, 0.0, -0.0]> : tensor<4xf32>\n"
      "  %mx = stablehlo.maximum %a, %b : tensor<4xf32>\n"
      "  %mn = stablehlo.minimum %a, %b : tensor<4xf32>\n"
      "  %ix = stablehlo.bitcast_convert %mx : (tensor<4xf32>) -> tensor<4xi32>\n"
      "  %in = stablehlo.bitcast_convert %mn : (tensor<4xf32>) -> tensor<4xi32>\n"
      "  check.expect_eq_const %ix, dense<[2143289344, 2143289344, 0, 0]> : tensor<4xi32>\n"
      "  check.expect_eq_const %in, dense<[2143289344, 2143289344, -2147483648, "
      "-2147483648]> : tensor<4xi32>\n"
      "  %lo = stablehlo.constant dense<0.0> : tensor<f32>\n"
      "  %hi = stablehlo.constant dense<1.0> : tensor<f32>\n"
      "  %x = stablehlo.constant dense<[0x7FC00000, -5.0, 0.5, 5.0]> : tensor<4xf32>\n"
      "  %c = stablehlo.clamp %lo, %x, %hi : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> "
      "tensor<4xf32>\n"
      "  check.expect_eq_const %c, dense<[0x7FC00000, 0.0, 0.5, 1.0]> : tensor<4xf32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(rounding_sign_and_bit_counts) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[2.5, -2.5, 0.5, 1.5]> : tensor<4xf32>\n"
      "  %e = stablehlo.round_nearest_even %x : tensor<4xf32>\n"
      "  check.expect_eq_const %e, dense<[2.0, -2.0, 0.0, 2.0]> : tensor<4xf32>\n"
      "  %a = stablehlo.round_nearest_afz %x : tensor<4xf32>\n"
      "  check.expect_eq_const %a, dense<[3.0, -3.0, 1.0, 2.0]> : tensor<4xf32>\n"
      "  %s = stablehlo.constant dense<[-0.0, 0x7FC00000, -2.0, 3.0]> : tensor<4xf32>\n"
      "  %sg = stablehlo.sign %s : tensor<4xf32>\n"
      "  %sb = stablehlo.bitcast_convert %sg : (tensor<4xf32>) -> tensor<4xi32>\n"
      "  check.expect_eq_const %sb, dense<[-2147483648, 2143289344, -1082130432, "
      "1065353216]> : tensor<4xi32>\n"
      "  %i = stablehlo.constant dense<[0, 1, -1, 7]> : tensor<4xi4>\n"
      "  %z = stablehlo.count_leading_zeros %i : tensor<4xi4>\n"
      "  check.expect_eq_const %z, dense<[4, 3, 0, 1]> : tensor<4xi4>\n"
      "  %pc = stablehlo.popcnt %i : tensor<4xi4>\n"
      "  check.expect_eq_const %pc, dense<[0, 1, 4, 3]> : tensor<4xi4>\n"
      "  %u = stablehlo.constant dense<[0, 18446744073709551615]> : tensor<2xui64>\n"
      "  %uz = stablehlo.count_leading_zeros %u : tensor<2xui64>\n"
      "  check.expect_eq_const %uz, dense<[64, 0]> : tensor<2xui64>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(compare_types) {
  // TOTALORDER: -NaN < -Inf, -0 < +0, 1 < NaN; FLOAT: -0 == +0, NaN != NaN.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[0xFFC00000, -0.0, 0.0, 1.0, 0x7FC00000]> : "
      "tensor<5xf32>\n"
      "  %b = stablehlo.constant dense<[0xFF800000, 0.0, -0.0, 0x7FC00000, 0x7F800000]> : "
      "tensor<5xf32>\n"
      "  %t = stablehlo.compare LT, %a, %b, TOTALORDER : (tensor<5xf32>, tensor<5xf32>) -> "
      "tensor<5xi1>\n"
      "  check.expect_eq_const %t, dense<[true, true, false, true, false]> : tensor<5xi1>\n"
      "  %e = stablehlo.compare EQ, %a, %b : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xi1>\n"
      "  check.expect_eq_const %e, dense<[false, true, true, false, false]> : tensor<5xi1>\n"
      "  %n = stablehlo.compare NE, %a, %a : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xi1>\n"
      "  check.expect_eq_const %n, dense<[true, false, false, false, true]> : tensor<5xi1>\n"
      "  %u = stablehlo.constant dense<[4294967295, 1]> : tensor<2xui32>\n"
      "  %v = stablehlo.constant dense<[1, 4294967295]> : tensor<2xui32>\n"
      "  %g = stablehlo.compare GT, %u, %v : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xi1>\n"
      "  check.expect_eq_const %g, dense<[true, false]> : tensor<2xi1>\n"
      "  %c = stablehlo.constant dense<[(1.0, 2.0), (1.0, 2.0)]> : tensor<2xcomplex<f32>>\n"
      "  %d = stablehlo.constant dense<[(1.0, 2.0), (1.0, -2.0)]> : tensor<2xcomplex<f32>>\n"
      "  %ce = stablehlo.compare EQ, %c, %d : (tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>)"
      " -> tensor<2xi1>\n"
      "  check.expect_eq_const %ce, dense<[true, false]> : tensor<2xi1>\n"
      "  func.return\n"
      "}\n");
  // Ordering complex numbers is an error, not a crash.
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %c = stablehlo.constant dense<[(1.0, 2.0)]> : tensor<1xcomplex<f32>>\n"
      "  %r = \"stablehlo.compare\"(%c, %c) {comparison_direction = "
      "#stablehlo<comparison_direction LT>} : (tensor<1xcomplex<f32>>, "
      "tensor<1xcomplex<f32>>) -> tensor<1xi1>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "EQ or NE");
}

CX_TEST(select_with_scalar_predicate) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %p = stablehlo.constant dense<false> : tensor<i1>\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  %b = stablehlo.constant dense<[3, 4]> : tensor<2xi32>\n"
      "  %r = stablehlo.select %p, %a, %b : (tensor<i1>, tensor<2xi32>, tensor<2xi32>) -> "
      "tensor<2xi32>\n"
      "  check.expect_eq_const %r, dense<[3, 4]> : tensor<2xi32>\n"
      "  %q = stablehlo.constant dense<[true, false]> : tensor<2xi1>\n"
      "  %s = stablehlo.select %q, %a, %b : (tensor<2xi1>, tensor<2xi32>, tensor<2xi32>) -> "
      "tensor<2xi32>\n"
      "  check.expect_eq_const %s, dense<[1, 4]> : tensor<2xi32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(scalar_helpers) {
  CX_EXPECT(cx_scalar_fmax(-0.0, 0.0) == 0.0 && !signbit(cx_scalar_fmax(-0.0, 0.0)));
  CX_EXPECT(signbit(cx_scalar_fmin(0.0, -0.0)));
  CX_EXPECT(isnan(cx_scalar_fmax(NAN, 1.0)) && isnan(cx_scalar_fmin(1.0, NAN)));
  float f[2] = {-0.0f, 0.0f};
  CX_EXPECT(cx_scalar_total_order_key(CX_ELEM_F32, &f[0]) < cx_scalar_total_order_key(CX_ELEM_F32, &f[1]));
  CX_EXPECT_EQ_I64(cx_scalar_int_to_float(-3, false, CX_ELEM_F16), -3);
  uint8_t fnuz[3] = {0x80, 0x7F, 0xFF};  // f8E4M3FNUZ: NaN, max, -max
  CX_EXPECT(cx_scalar_total_order_key(CX_ELEM_F8E4M3FNUZ, &fnuz[0]) >
            cx_scalar_total_order_key(CX_ELEM_F8E4M3FNUZ, &fnuz[1]));
  CX_EXPECT(cx_scalar_total_order_key(CX_ELEM_F8E4M3FNUZ, &fnuz[2]) <
            cx_scalar_total_order_key(CX_ELEM_F8E4M3FNUZ, &fnuz[1]));
}

// Programs with inconsistent operands or missing attributes are rejected
// with clear errors before they run: the interpreter runs verified modules
// and does not re-check what the verifier guarantees.
CX_TEST(bad_programs_are_errors) {
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  %b = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi32>\n"
      "  %r = \"stablehlo.add\"(%a, %b) : (tensor<2xi32>, tensor<3xi32>) -> tensor<2xi32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "requires the same type for all operands and results (add_c1)");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  %b = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>\n"
      "  %r = \"stablehlo.multiply\"(%a, %b) : (tensor<2xi32>, tensor<2xf32>) -> "
      "tensor<2xi32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "requires compatible types for all operands and results");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  %r = \"stablehlo.compare\"(%a, %a) : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi1>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "comparison_direction");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>\n"
      "  %r = \"stablehlo.reduce_precision\"(%a) : (tensor<2xf32>) -> tensor<2xf32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "exponent_bits");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %p = stablehlo.constant dense<[1, 0]> : tensor<2xi32>\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  %r = \"stablehlo.select\"(%p, %a, %a) : (tensor<2xi32>, tensor<2xi32>, "
      "tensor<2xi32>) -> tensor<2xi32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "operand #0 (pred) must be a tensor of boolean values");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %lo = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi32>\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  %r = \"stablehlo.clamp\"(%lo, %a, %a) : (tensor<3xi32>, tensor<2xi32>, "
      "tensor<2xi32>) -> tensor<2xi32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "is not scalar and is not compatible with operand shape");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>\n"
      "  %r = \"stablehlo.not\"(%a) : (tensor<2xf32>) -> tensor<2xf32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "must be a tensor of boolean or integer values");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>\n"
      "  %q = \"stablehlo.uniform_quantize\"(%a) : (tensor<3xf32>) -> "
      "tensor<3x!quant.uniform<i8:f32:0, {0.1:-30,0.5:-20}>>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "2 scales");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  \"stablehlo.custom_call\"(%a) : (tensor<2xi32>) -> ()\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "call_target_name");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>\n"
      "  \"check.expect_eq_const\"(%a) : (tensor<2xi32>) -> ()\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "'value'");
  // Empty tensors are fine.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<> : tensor<0x3xf32>\n"
      "  %b = stablehlo.add %a, %a : tensor<0x3xf32>\n"
      "  %c = stablehlo.convert %b : (tensor<0x3xf32>) -> tensor<0x3xi8>\n"
      "  %d = stablehlo.bitcast_convert %b : (tensor<0x3xf32>) -> tensor<0x3x4xi8>\n"
      "  check.expect_eq_const %c, dense<> : tensor<0x3xi8>\n"
      "  func.return\n"
      "}\n");
}

int main(void) {
  CX_RUN(integer_division_and_remainder);
  CX_RUN(shifts_outside_the_width);
  CX_RUN(integer_power_and_wrapping);
  CX_RUN(float_min_max_nan_and_signed_zero);
  CX_RUN(rounding_sign_and_bit_counts);
  CX_RUN(compare_types);
  CX_RUN(select_with_scalar_predicate);
  CX_RUN(scalar_helpers);
  CX_RUN(bad_programs_are_errors);
  return CX_TEST_EXIT();
}

// CHLO ops compiled and compared with the interpreter (cxla check
// --mode=both), with known values checked in compiled code: the elementwise
// math ops in every float width (NaN, infinities, -0, subnormals, poles and
// domain edges), next_after in the encodings of each float format, mulhi,
// the broadcasting ops (numpy alignment, broadcast_dimensions, size-1 dims,
// scalars) and constant_like.

func.func @unary_f32() -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %x = stablehlo.constant dense<[0.5, -0.0, 0x7F800000, 0xFF800000, 0x7FC00000, 1.0e-45, -0.75, 1.0]> : tensor<8xf32>
  %0 = chlo.asin %x : tensor<8xf32> -> tensor<8xf32>
  %1 = chlo.atanh %x : tensor<8xf32> -> tensor<8xf32>
  %2 = chlo.erf_inv %x : tensor<8xf32> -> tensor<8xf32>
  %3 = chlo.sinh %x : tensor<8xf32> -> tensor<8xf32>
  %4 = chlo.erfc %x : tensor<8xf32> -> tensor<8xf32>
  %5 = chlo.square %x : tensor<8xf32> -> tensor<8xf32>
  // atanh(1) and erf_inv(1) are +inf; sinh keeps -0 and infinities.
  check.expect_almost_eq_const %0, dense<[0.523598790, -0.0, 0x7FC00000, 0x7FC00000, 0x7FC00000, 1.0e-45, -0.848062098, 1.57079637]> : tensor<8xf32>
  check.expect_eq_const %1, dense<[0.549306154, -0.0, 0x7FC00000, 0x7FC00000, 0x7FC00000, 1.0e-45, -0.972955048, 0x7F800000]> : tensor<8xf32>
  check.expect_almost_eq_const %2, dense<[0.476936281, -0.0, 0x7FC00000, 0x7FC00000, 0x7FC00000, 1.24e-45, -0.813419829, 0x7F800000]> : tensor<8xf32>
  check.expect_almost_eq_const %3, dense<[0.521095264, -0.0, 0x7F800000, 0xFF800000, 0x7FC00000, 1.0e-45, -0.822316587, 1.17520118]> : tensor<8xf32>
  check.expect_eq_const %5, dense<[0.25, 0.0, 0x7F800000, 0x7F800000, 0x7FC00000, 0.0, 0.5625, 1.0]> : tensor<8xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

func.func @unary_f64() -> (tensor<7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>) {
  %x = stablehlo.constant dense<[2.5, -0.0, 0x7FF0000000000000, -3.0, 0x7FF8000000000000, 4.9406564584124654e-324, 1.0]> : tensor<7xf64>
  %0 = chlo.lgamma %x : tensor<7xf64> -> tensor<7xf64>
  %1 = chlo.digamma %x : tensor<7xf64> -> tensor<7xf64>
  %2 = chlo.bessel_i1e %x : tensor<7xf64> -> tensor<7xf64>
  %3 = chlo.acosh %x : tensor<7xf64> -> tensor<7xf64>
  %4 = chlo.cosh %x : tensor<7xf64> -> tensor<7xf64>
  %5 = chlo.tan %x : tensor<7xf64> -> tensor<7xf64>
  // digamma has a pole at every non-positive integer (NaN, as XLA); lgamma
  // is +inf there.
  check.expect_almost_eq_const %0, dense<[0.28468287047291918, 0x7FF0000000000000, 0x7FF0000000000000, 0x7FF0000000000000, 0x7FF8000000000000, 744.44007192138122, 0.0]> : tensor<7xf64>
  check.expect_almost_eq_const %1, dense<[0.70315664064524319, 0x7FF8000000000000, 0x7FF0000000000000, 0x7FF8000000000000, 0x7FF8000000000000, -2.0240225330731e+323, -0.57721566490153287]> : tensor<7xf64>
  check.expect_almost_eq_const %3, dense<[1.5667992369724111, 0x7FF8000000000000, 0x7FF0000000000000, 0x7FF8000000000000, 0x7FF8000000000000, 0x7FF8000000000000, 0.0]> : tensor<7xf64>
  return %0, %1, %2, %3, %4, %5 : tensor<7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>, tensor<7xf64>
}

// Narrow floats: computed in double and rounded once to the format.
func.func @unary_narrow() -> (tensor<6xf16>, tensor<6xbf16>, tensor<6xf8E4M3FN>, tensor<6xf8E5M2>, tensor<6xf16>, tensor<6xbf16>) {
  %h = stablehlo.constant dense<[0.1, -0.0, 0x7C00, 0x0001, 0x7E00, 3.5]> : tensor<6xf16>
  %b = stablehlo.constant dense<[0.1, -0.0, 0x7F80, 0x0001, 0x7FC0, 3.5]> : tensor<6xbf16>
  %e = stablehlo.constant dense<[0.125, -0.0, 448.0, 0.001953125, 0x7F, 3.5]> : tensor<6xf8E4M3FN>
  %m = stablehlo.constant dense<[0.125, -0.0, 0x7C, 0.0000152587890625, 0x7F, 3.5]> : tensor<6xf8E5M2>
  %0 = chlo.erf %h : tensor<6xf16> -> tensor<6xf16>
  %1 = chlo.atan %b : tensor<6xbf16> -> tensor<6xbf16>
  %2 = chlo.cosh %e : tensor<6xf8E4M3FN> -> tensor<6xf8E4M3FN>
  %3 = chlo.asinh %m : tensor<6xf8E5M2> -> tensor<6xf8E5M2>
  %4 = chlo.lgamma %h : tensor<6xf16> -> tensor<6xf16>
  %5 = chlo.sinh %b : tensor<6xbf16> -> tensor<6xbf16>
  // cosh(448) overflows f8E4M3FN, which has no infinity: NaN.
  check.expect_eq_const %2, dense<[1.0, 1.0, 0x7F, 1.0, 0x7F, 16.0]> : tensor<6xf8E4M3FN>
  check.expect_eq_const %1, dense<[0.0996094, -0.0, 1.5703125, 0x0001, 0x7FC0, 1.2890625]> : tensor<6xbf16>
  return %0, %1, %2, %3, %4, %5 : tensor<6xf16>, tensor<6xbf16>, tensor<6xf8E4M3FN>, tensor<6xf8E5M2>, tensor<6xf16>, tensor<6xbf16>
}

func.func @unary_complex() -> (tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xcomplex<f64>>, tensor<4xcomplex<f64>>, tensor<4xcomplex<f32>>) {
  %z = stablehlo.constant dense<[(0.5, 1.0), (-2.0, 0.0), (0.0, -0.0), (0x7F800000, 1.0)]> : tensor<4xcomplex<f32>>
  %w = stablehlo.constant dense<[(0.5, 1.0), (-2.0, 0.0), (0.0, -0.0), (1.0e300, 1.0e300)]> : tensor<4xcomplex<f64>>
  %0 = chlo.acos %z : tensor<4xcomplex<f32>> -> tensor<4xcomplex<f32>>
  %1 = chlo.conj %z : tensor<4xcomplex<f32>> -> tensor<4xcomplex<f32>>
  %2 = chlo.atanh %w : tensor<4xcomplex<f64>> -> tensor<4xcomplex<f64>>
  %3 = chlo.square %w : tensor<4xcomplex<f64>> -> tensor<4xcomplex<f64>>
  %4 = chlo.sinh %z : tensor<4xcomplex<f32>> -> tensor<4xcomplex<f32>>
  check.expect_eq_const %1, dense<[(0.5, -1.0), (-2.0, -0.0), (0.0, 0.0), (0x7F800000, -1.0)]> : tensor<4xcomplex<f32>>
  // (a + bi)^2 = (a - b)(a + b) + 2ab i: no overflow in the real part.
  check.expect_eq_const %3, dense<[(-0.75, 1.0), (4.0, -0.0), (0.0, -0.0), (0.0, 0x7FF0000000000000)]> : tensor<4xcomplex<f64>>
  return %0, %1, %2, %3, %4 : tensor<4xcomplex<f32>>, tensor<4xcomplex<f32>>, tensor<4xcomplex<f64>>, tensor<4xcomplex<f64>>, tensor<4xcomplex<f32>>
}

func.func @is_inf() -> (tensor<5xi1>, tensor<5xi1>, tensor<5xi1>, tensor<5xi1>) {
  %x = stablehlo.constant dense<[0x7C00, 0xFC00, 0x7E00, 65504.0, -0.0]> : tensor<5xf16>
  %e = stablehlo.constant dense<[448.0, -448.0, 0x7F, 0xFF, 0.0]> : tensor<5xf8E4M3FN>
  %0 = chlo.is_inf %x : tensor<5xf16> -> tensor<5xi1>
  %1 = chlo.is_pos_inf %x : tensor<5xf16> -> tensor<5xi1>
  %2 = chlo.is_neg_inf %x : tensor<5xf16> -> tensor<5xi1>
  %3 = chlo.is_inf %e : tensor<5xf8E4M3FN> -> tensor<5xi1>
  check.expect_eq_const %0, dense<[true, true, false, false, false]> : tensor<5xi1>
  check.expect_eq_const %1, dense<[true, false, false, false, false]> : tensor<5xi1>
  check.expect_eq_const %2, dense<[false, true, false, false, false]> : tensor<5xi1>
  check.expect_eq_const %3, dense<false> : tensor<5xi1>
  return %0, %1, %2, %3 : tensor<5xi1>, tensor<5xi1>, tensor<5xi1>, tensor<5xi1>
}

// next_after steps one encoding: from zero to the smallest subnormal with
// y's sign, past the largest finite value to infinity (or NaN where the
// format has none), to y when x == y, NaN for NaN.
func.func @next_after() -> (tensor<6xf32>, tensor<6xf16>, tensor<6xbf16>, tensor<6xf8E4M3FNUZ>, tensor<4xf8E8M0FNU>, tensor<6xf64>) {
  %a = stablehlo.constant dense<[0.0, -0.0, 1.0, 0x7F7FFFFF, 0x7FC00000, 1.0]> : tensor<6xf32>
  %b = stablehlo.constant dense<[-1.0, 0.0, 0.0, 0x7F800000, 1.0, 1.0]> : tensor<6xf32>
  %h = stablehlo.constant dense<[0.0, 0x0001, 1.0, 65504.0, -1.0, -0.0]> : tensor<6xf16>
  %g = stablehlo.constant dense<[1.0, -1.0, 2.0, 0x7C00, -2.0, 0.0]> : tensor<6xf16>
  %c = stablehlo.constant dense<[0.0, 1.0, 0x0001, 0x7F7F, -1.0, 3.0]> : tensor<6xbf16>
  %d = stablehlo.constant dense<[-1.0, 0.0, 0.0, 0x7F80, 0.0, 3.0]> : tensor<6xbf16>
  %u = stablehlo.constant dense<[0.0, 0x01, 0x81, 240.0, 1.0, 0x7F]> : tensor<6xf8E4M3FNUZ>
  %v = stablehlo.constant dense<[-1.0, -1.0, 1.0, 300.0, 2.0, 0x7F]> : tensor<6xf8E4M3FNUZ>
  %p = stablehlo.constant dense<[1.0, 0x00, 0xFE, 4.0]> : tensor<4xf8E8M0FNU>
  %q = stablehlo.constant dense<[2.0, 0x00, 0x80, 1.0]> : tensor<4xf8E8M0FNU>
  %x = stablehlo.constant dense<[0.0, 4.9406564584124654e-324, 1.0, 0x7FEFFFFFFFFFFFFF, -1.0, 0x7FF8000000000000]> : tensor<6xf64>
  %y = stablehlo.constant dense<[1.0, 0.0, 0.0, 0x7FF0000000000000, -1.0, 0.0]> : tensor<6xf64>
  %0 = chlo.next_after %a, %b : tensor<6xf32>, tensor<6xf32> -> tensor<6xf32>
  %1 = chlo.next_after %h, %g : tensor<6xf16>, tensor<6xf16> -> tensor<6xf16>
  %2 = chlo.next_after %c, %d : tensor<6xbf16>, tensor<6xbf16> -> tensor<6xbf16>
  %3 = chlo.next_after %u, %v : tensor<6xf8E4M3FNUZ>, tensor<6xf8E4M3FNUZ> -> tensor<6xf8E4M3FNUZ>
  %4 = chlo.next_after %p, %q : tensor<4xf8E8M0FNU>, tensor<4xf8E8M0FNU> -> tensor<4xf8E8M0FNU>
  %5 = chlo.next_after %x, %y : tensor<6xf64>, tensor<6xf64> -> tensor<6xf64>
  check.expect_eq_const %0, dense<[0x80000001, 0.0, 0x3F7FFFFF, 0x7F800000, 0x7FC00000, 1.0]> : tensor<6xf32>
  check.expect_eq_const %1, dense<[0x0001, 0x0000, 0x3C01, 0x7C00, 0xBC01, 0.0]> : tensor<6xf16>
  check.expect_eq_const %2, dense<[0x8001, 0x3F7F, 0x0000, 0x7F80, 0xBF7F, 3.0]> : tensor<6xbf16>
  // FNUZ: stepping down from the smallest subnormal, of either sign, gives +0.
  check.expect_eq_const %3, dense<[0x81, 0x00, 0x00, 0x80, 0x41, 0x7F]> : tensor<6xf8E4M3FNUZ>
  // f8E8M0FNU: powers of two only, no sign and no zero.
  check.expect_eq_const %4, dense<[0x80, 0x00, 0xFD, 0x80]> : tensor<4xf8E8M0FNU>
  check.expect_eq_const %5, dense<[4.9406564584124654e-324, 0.0, 0x3FEFFFFFFFFFFFFF, 0x7FF0000000000000, -1.0, 0x7FF8000000000000]> : tensor<6xf64>
  return %0, %1, %2, %3, %4, %5 : tensor<6xf32>, tensor<6xf16>, tensor<6xbf16>, tensor<6xf8E4M3FNUZ>, tensor<4xf8E8M0FNU>, tensor<6xf64>
}

func.func @zeta_polygamma() -> (tensor<5xf64>, tensor<5xf32>, tensor<5xbf16>) {
  %s = stablehlo.constant dense<[2.0, 1.0, 3.0, 0.5, 4.0]> : tensor<5xf64>
  %q = stablehlo.constant dense<[1.0, 1.0, 2.0, 1.0, -2.0]> : tensor<5xf64>
  %n = stablehlo.constant dense<[0.0, 1.0, 2.0, 1.5, -1.0]> : tensor<5xf32>
  %x = stablehlo.constant dense<[1.0, 1.0, 0.5, 1.0, 1.0]> : tensor<5xf32>
  %0 = chlo.zeta %s, %q : tensor<5xf64>, tensor<5xf64> -> tensor<5xf64>
  %1 = chlo.polygamma %n, %x : tensor<5xf32>, tensor<5xf32> -> tensor<5xf32>
  %bn = stablehlo.convert %n : (tensor<5xf32>) -> tensor<5xbf16>
  %bx = stablehlo.convert %x : (tensor<5xf32>) -> tensor<5xbf16>
  %2 = chlo.polygamma %bn, %bx : tensor<5xbf16>, tensor<5xbf16> -> tensor<5xbf16>
  // zeta(2, 1) = pi^2/6; zeta(1, q) = inf; s < 1 is NaN; q a non-positive
  // integer is a pole. polygamma(0, x) is digamma; n must be a natural number.
  check.expect_almost_eq_const %0, dense<[1.6449340668482264, 0x7FF0000000000000, 0.2020569031595942, 0x7FF8000000000000, 0x7FF0000000000000]> : tensor<5xf64>
  check.expect_almost_eq_const %1, dense<[-0.577215672, 1.64493406, -16.8287983, 0x7FC00000, 0x7FC00000]> : tensor<5xf32>
  return %0, %1, %2 : tensor<5xf64>, tensor<5xf32>, tensor<5xbf16>
}

func.func @mulhi() -> (tensor<4xi8>, tensor<4xui8>, tensor<4xi64>, tensor<4xui64>, tensor<4xi4>, tensor<4xi32>) {
  %a = stablehlo.constant dense<[-128, 127, -1, 100]> : tensor<4xi8>
  %b = stablehlo.constant dense<[-128, 127, 1, -3]> : tensor<4xi8>
  %c = stablehlo.constant dense<[255, 200, 16, 1]> : tensor<4xui8>
  %d = stablehlo.constant dense<[255, 2, 16, 255]> : tensor<4xui8>
  %e = stablehlo.constant dense<[-9223372036854775808, 9223372036854775807, -1, 4294967296]> : tensor<4xi64>
  %f = stablehlo.constant dense<[-9223372036854775808, 2, -1, 4294967296]> : tensor<4xi64>
  %g = stablehlo.constant dense<[18446744073709551615, 9223372036854775808, 3, 4294967296]> : tensor<4xui64>
  %h = stablehlo.constant dense<[18446744073709551615, 4, 5, 4294967297]> : tensor<4xui64>
  %i = stablehlo.constant dense<[-8, 7, -1, 5]> : tensor<4xi4>
  %j = stablehlo.constant dense<[-8, 7, 7, -6]> : tensor<4xi4>
  %0 = chlo.mulhi %a, %b : tensor<4xi8>, tensor<4xi8> -> tensor<4xi8>
  %1 = chlo.mulhi %c, %d : tensor<4xui8>, tensor<4xui8> -> tensor<4xui8>
  %2 = chlo.mulhi %e, %f : tensor<4xi64>, tensor<4xi64> -> tensor<4xi64>
  %3 = chlo.mulhi %g, %h : tensor<4xui64>, tensor<4xui64> -> tensor<4xui64>
  %4 = chlo.mulhi %i, %j : tensor<4xi4>, tensor<4xi4> -> tensor<4xi4>
  %k = stablehlo.constant dense<[-2147483648, 65536, -7, 2147483647]> : tensor<4xi32>
  %5 = chlo.mulhi %k, %k : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  check.expect_eq_const %0, dense<[64, 63, -1, -2]> : tensor<4xi8>
  check.expect_eq_const %1, dense<[254, 1, 1, 0]> : tensor<4xui8>
  check.expect_eq_const %2, dense<[4611686018427387904, 0, 0, 1]> : tensor<4xi64>
  check.expect_eq_const %3, dense<[18446744073709551614, 2, 0, 1]> : tensor<4xui64>
  check.expect_eq_const %4, dense<[4, 3, -1, -2]> : tensor<4xi4>
  check.expect_eq_const %5, dense<[1073741824, 1, 0, 1073741823]> : tensor<4xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi8>, tensor<4xui8>, tensor<4xi64>, tensor<4xui64>, tensor<4xi4>, tensor<4xi32>
}

func.func @square_ints() -> (tensor<4xi8>, tensor<4xui4>) {
  %a = stablehlo.constant dense<[-128, 16, -11, 127]> : tensor<4xi8>
  %b = stablehlo.constant dense<[15, 4, 3, 0]> : tensor<4xui4>
  %0 = chlo.square %a : tensor<4xi8> -> tensor<4xi8>
  %1 = chlo.square %b : tensor<4xui4> -> tensor<4xui4>
  check.expect_eq_const %0, dense<[0, 0, 121, 1]> : tensor<4xi8>
  check.expect_eq_const %1, dense<[1, 0, 9, 0]> : tensor<4xui4>
  return %0, %1 : tensor<4xi8>, tensor<4xui4>
}

// Broadcasting: trailing alignment, broadcast_dimensions, size-1 dims,
// scalars, and the StableHLO op's own semantics (integer division by zero,
// compare directions, select).
func.func @broadcasting() -> (tensor<2x3xf32>, tensor<2x3xi32>, tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xcomplex<f32>>, tensor<2x3xf16>) {
  %m = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %row = stablehlo.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %col = stablehlo.constant dense<[100.0, 200.0]> : tensor<2xf32>
  %one = stablehlo.constant dense<[[0.5], [-0.5]]> : tensor<2x1xf32>
  %s = stablehlo.constant dense<2.0> : tensor<f32>
  %0 = chlo.broadcast_add %m, %row : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = chlo.broadcast_multiply %col, %0 {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = chlo.broadcast_subtract %1, %one : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %3 = chlo.broadcast_divide %2, %s : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  check.expect_eq_const %3, dense<[[549.75, 1099.75, 1649.75], [1400.25, 2500.25, 3600.25]]> : tensor<2x3xf32>
  %i = stablehlo.constant dense<[[7, -7, 9], [1, 2, 3]]> : tensor<2x3xi32>
  %d = stablehlo.constant dense<[2, 0, -1]> : tensor<3xi32>
  %4 = chlo.broadcast_divide %i, %d : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  check.expect_eq_const %4, dense<[[3, -1, -9], [0, -1, -3]]> : tensor<2x3xi32>
  %5 = "chlo.broadcast_compare"(%m, %row) {comparison_direction = #chlo<comparison_direction GT>} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %t = stablehlo.constant dense<[[true], [false]]> : tensor<2x1xi1>
  %6 = chlo.broadcast_select %t, %m, %s : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  check.expect_eq_const %6, dense<[[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]]> : tensor<2x3xf32>
  %7 = chlo.broadcast_complex %m, %col {broadcast_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xcomplex<f32>>
  %h = stablehlo.convert %m : (tensor<2x3xf32>) -> tensor<2x3xf16>
  %hs = stablehlo.constant dense<5.0> : tensor<f16>
  %8 = chlo.broadcast_next_after %h, %hs : (tensor<2x3xf16>, tensor<f16>) -> tensor<2x3xf16>
  check.expect_eq_const %8, dense<[[0x3C01, 0x4001, 0x4201], [0x4401, 5.0, 0x45FF]]> : tensor<2x3xf16>
  return %3, %4, %5, %6, %7, %8 : tensor<2x3xf32>, tensor<2x3xi32>, tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xcomplex<f32>>, tensor<2x3xf16>
}

func.func @broadcasting_integers() -> (tensor<3x2xui8>, tensor<3x2xi8>, tensor<3x2xi1>) {
  %x = stablehlo.constant dense<[[1, 255], [128, 7], [0, 16]]> : tensor<3x2xui8>
  %n = stablehlo.constant dense<[1, 9]> : tensor<2xui8>
  %0 = chlo.broadcast_shift_left %x, %n : (tensor<3x2xui8>, tensor<2xui8>) -> tensor<3x2xui8>
  check.expect_eq_const %0, dense<[[2, 0], [0, 0], [0, 0]]> : tensor<3x2xui8>
  %y = stablehlo.constant dense<[[-128, 127], [-1, 5], [64, -64]]> : tensor<3x2xi8>
  %k = stablehlo.constant dense<[7, 1, 3]> : tensor<3xi8>
  %1 = chlo.broadcast_shift_right_arithmetic %y, %k {broadcast_dimensions = array<i64: 0>} : (tensor<3x2xi8>, tensor<3xi8>) -> tensor<3x2xi8>
  check.expect_eq_const %1, dense<[[-1, 0], [-1, 2], [8, -8]]> : tensor<3x2xi8>
  %b = stablehlo.constant dense<[true, false]> : tensor<2xi1>
  %c = stablehlo.constant dense<true> : tensor<i1>
  %2 = chlo.broadcast_xor %b, %c : (tensor<2xi1>, tensor<i1>) -> tensor<2xi1>
  %3 = chlo.broadcast_and %2, %b : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %z = stablehlo.constant dense<[[true], [false], [true]]> : tensor<3x1xi1>
  %4 = chlo.broadcast_or %z, %2 : (tensor<3x1xi1>, tensor<2xi1>) -> tensor<3x2xi1>
  check.expect_eq_const %4, dense<[[true, true], [false, true], [true, true]]> : tensor<3x2xi1>
  return %0, %1, %4 : tensor<3x2xui8>, tensor<3x2xi8>, tensor<3x2xi1>
}

func.func @broadcasting_math() -> (tensor<2x2xf64>, tensor<2x2xf64>, tensor<2x2xbf16>, tensor<2x2xf32>) {
  %x = stablehlo.constant dense<[[2.0, 3.0], [4.0, 0.5]]> : tensor<2x2xf64>
  %q = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %0 = chlo.broadcast_zeta %x, %q : (tensor<2x2xf64>, tensor<2xf64>) -> tensor<2x2xf64>
  %n = stablehlo.constant dense<1.0> : tensor<f64>
  %1 = chlo.broadcast_polygamma %n, %x : (tensor<f64>, tensor<2x2xf64>) -> tensor<2x2xf64>
  %b = stablehlo.constant dense<[[1.5, -2.0], [0.0, 7.0]]> : tensor<2x2xbf16>
  %e = stablehlo.constant dense<[2.0, 0.5]> : tensor<2xbf16>
  %2 = chlo.broadcast_power %b, %e : (tensor<2x2xbf16>, tensor<2xbf16>) -> tensor<2x2xbf16>
  %f = stablehlo.constant dense<[[5.5, -5.5], [1.0, 0x7F800000]]> : tensor<2x2xf32>
  %g = stablehlo.constant dense<[2.0, -0.0]> : tensor<2xf32>
  %3 = chlo.broadcast_remainder %f, %g {broadcast_dimensions = array<i64: 1>} : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %4 = chlo.broadcast_maximum %3, %g : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %5 = chlo.broadcast_atan2 %4, %g : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %6 = chlo.broadcast_minimum %5, %f : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0, %1, %2, %6 : tensor<2x2xf64>, tensor<2x2xf64>, tensor<2x2xbf16>, tensor<2x2xf32>
}

func.func @constant_like() -> (tensor<2x2xf32>, tensor<3xi8>, tensor<2xbf16>, tensor<2xi1>) {
  %x = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %0 = "chlo.constant_like"(%x) {value = -2.5 : f32} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %i = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi8>
  %1 = "chlo.constant_like"(%i) {value = -100 : i8} : (tensor<3xi8>) -> tensor<3xi8>
  %b = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xbf16>
  %2 = "chlo.constant_like"(%b) {value = 0.1 : bf16} : (tensor<2xbf16>) -> tensor<2xbf16>
  %p = stablehlo.constant dense<[true, false]> : tensor<2xi1>
  %4 = "chlo.constant_like"(%p) {value = 1 : i1} : (tensor<2xi1>) -> tensor<2xi1>
  %5 = stablehlo.add %0, %x : tensor<2x2xf32>
  check.expect_eq_const %5, dense<[[-1.5, -0.5], [0.5, 1.5]]> : tensor<2x2xf32>
  check.expect_eq_const %1, dense<-100> : tensor<3xi8>
  check.expect_eq_const %2, dense<0x3DCD> : tensor<2xbf16>
  check.expect_eq_const %4, dense<true> : tensor<2xi1>
  return %5, %1, %2, %4 : tensor<2x2xf32>, tensor<3xi8>, tensor<2xbf16>, tensor<2xi1>
}

// CHLO ops fuse with StableHLO ops into one kernel.
func.func @fused_chain() -> tensor<4x3xf32> {
  %x = stablehlo.constant dense<[0.25, -0.5, 0.75]> : tensor<3xf32>
  %b = stablehlo.broadcast_in_dim %x, dims = [1] : (tensor<3xf32>) -> tensor<4x3xf32>
  %i = stablehlo.iota dim = 0 : tensor<4x3xf32>
  %s = stablehlo.multiply %i, %b : tensor<4x3xf32>
  %0 = chlo.atan %s : tensor<4x3xf32> -> tensor<4x3xf32>
  %1 = chlo.cosh %0 : tensor<4x3xf32> -> tensor<4x3xf32>
  %2 = chlo.broadcast_add %1, %x : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %3 = chlo.erf %2 : tensor<4x3xf32> -> tensor<4x3xf32>
  return %3 : tensor<4x3xf32>
}

// chlo.scan becomes a while loop (passes/decompose_chlo.c): several inputs,
// outputs and carries, a scan along dimension 1, is_reverse, float carries.
func.func @scan_multi() -> (tensor<3x4xf32>, tensor<3x4xi32>, tensor<3xf32>, tensor<3xi32>) {
  %x = stablehlo.constant dense<[[1.0, -2.0, 3.0, 0.5], [0.0, 1.0, 1.0, 1.0], [4.0, 3.0, 2.0, 1.0]]> : tensor<3x4xf32>
  %k = stablehlo.iota dim = 1 : tensor<3x4xi32>
  %s0 = stablehlo.constant dense<0.0> : tensor<3xf32>
  %m0 = stablehlo.constant dense<-1> : tensor<3xi32>
  %0:4 = chlo.scan(%x, %k) inits(%s0, %m0) dimension=1 attributes {is_reverse = true} {
  ^bb0(%xi: tensor<3xf32>, %ki: tensor<3xi32>, %s: tensor<3xf32>, %m: tensor<3xi32>):
    %t = chlo.square %xi : tensor<3xf32> -> tensor<3xf32>
    %ns = stablehlo.add %s, %t : tensor<3xf32>
    %nm = stablehlo.maximum %m, %ki : tensor<3xi32>
    stablehlo.return %ns, %nm, %ns, %nm : tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xi32>
  } : (tensor<3x4xf32>, tensor<3x4xi32>, tensor<3xf32>, tensor<3xi32>) -> (tensor<3x4xf32>, tensor<3x4xi32>, tensor<3xf32>, tensor<3xi32>)
  check.expect_eq_const %0#0, dense<[[14.25, 13.25, 9.25, 0.25], [3.0, 3.0, 2.0, 1.0], [30.0, 14.0, 5.0, 1.0]]> : tensor<3x4xf32>
  check.expect_eq_const %0#1, dense<3> : tensor<3x4xi32>
  check.expect_eq_const %0#2, dense<[14.25, 3.0, 30.0]> : tensor<3xf32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<3x4xf32>, tensor<3x4xi32>, tensor<3xf32>, tensor<3xi32>
}

// A running product of complex numbers in f16 / complex<f64> carries, and a
// scan of length 0 (outputs empty, carries the inits).
func.func @scan_types() -> (tensor<5xcomplex<f64>>, tensor<complex<f64>>, tensor<0x2xf16>, tensor<2xf16>) {
  %z = stablehlo.constant dense<[(0.0, 1.0), (2.0, 0.0), (1.0, 1.0), (0.5, -0.5), (-1.0, 0.0)]> : tensor<5xcomplex<f64>>
  %one = stablehlo.constant dense<(1.0, 0.0)> : tensor<complex<f64>>
  %0:2 = chlo.scan(%z) inits(%one) dimension=0 {
  ^bb0(%zi: tensor<complex<f64>>, %p: tensor<complex<f64>>):
    %q = stablehlo.multiply %p, %zi : tensor<complex<f64>>
    stablehlo.return %q, %q : tensor<complex<f64>>, tensor<complex<f64>>
  } : (tensor<5xcomplex<f64>>, tensor<complex<f64>>) -> (tensor<5xcomplex<f64>>, tensor<complex<f64>>)
  check.expect_eq_const %0#0, dense<[(0.0, 1.0), (0.0, 2.0), (-2.0, 2.0), (0.0, 2.0), (-0.0, -2.0)]> : tensor<5xcomplex<f64>>
  %e = stablehlo.constant dense<> : tensor<0x2xf16>
  %h = stablehlo.constant dense<[1.5, -2.0]> : tensor<2xf16>
  %1:2 = chlo.scan(%e) inits(%h) dimension=0 {
  ^bb0(%ei: tensor<2xf16>, %c: tensor<2xf16>):
    %d = stablehlo.add %ei, %c : tensor<2xf16>
    stablehlo.return %d, %d : tensor<2xf16>, tensor<2xf16>
  } : (tensor<0x2xf16>, tensor<2xf16>) -> (tensor<0x2xf16>, tensor<2xf16>)
  check.expect_eq_const %1#1, dense<[1.5, -2.0]> : tensor<2xf16>
  return %0#0, %0#1, %1#0, %1#1 : tensor<5xcomplex<f64>>, tensor<complex<f64>>, tensor<0x2xf16>, tensor<2xf16>
}

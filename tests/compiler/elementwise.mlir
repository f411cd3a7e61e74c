// Elementwise ops compiled and compared with the interpreter (cxla check
// --mode=both), and checked against known values.
func.func @float_chain() -> tensor<4xf32> {
  %x = stablehlo.constant dense<[1.0, -2.5, 0.0, 3.25]> : tensor<4xf32>
  %y = stablehlo.constant dense<[0.5, 4.0, -1.0, 2.0]> : tensor<4xf32>
  %0 = stablehlo.add %x, %y : tensor<4xf32>
  %1 = stablehlo.multiply %0, %x : tensor<4xf32>
  %2 = stablehlo.divide %1, %y : tensor<4xf32>
  %3 = stablehlo.maximum %2, %x : tensor<4xf32>
  check.expect_almost_eq_const %3, dense<[3.0, -0.9375, 0.0, 8.53125]> : tensor<4xf32>
  return %3 : tensor<4xf32>
}

func.func @transcendental() -> tensor<5xf64> {
  %x = stablehlo.constant dense<[0.5, 1.0, 2.0, 0.125, 3.0]> : tensor<5xf64>
  %0 = stablehlo.exponential %x : tensor<5xf64>
  %1 = stablehlo.log %0 : tensor<5xf64>
  %2 = stablehlo.tanh %1 : tensor<5xf64>
  %3 = stablehlo.logistic %2 : tensor<5xf64>
  %4 = stablehlo.sqrt %3 : tensor<5xf64>
  %5 = stablehlo.rsqrt %4 : tensor<5xf64>
  return %5 : tensor<5xf64>
}

func.func @integers() -> tensor<6xi32> {
  %x = stablehlo.constant dense<[7, -7, -2147483648, 5, 100, -1]> : tensor<6xi32>
  %y = stablehlo.constant dense<[2, 0, -1, 40, -3, 31]> : tensor<6xi32>
  %q = stablehlo.divide %x, %y : tensor<6xi32>
  %r = stablehlo.remainder %x, %y : tensor<6xi32>
  %s = stablehlo.shift_left %x, %y : tensor<6xi32>
  %a = stablehlo.shift_right_arithmetic %x, %y : tensor<6xi32>
  %0 = stablehlo.add %q, %r : tensor<6xi32>
  %1 = stablehlo.xor %0, %s : tensor<6xi32>
  %2 = stablehlo.subtract %1, %a : tensor<6xi32>
  check.expect_eq_const %q, dense<[3, -1, -2147483648, 0, -33, 0]> : tensor<6xi32>
  check.expect_eq_const %r, dense<[1, -7, 0, 5, 1, -1]> : tensor<6xi32>
  return %2 : tensor<6xi32>
}

func.func @compare_select() -> tensor<4xf32> {
  %x = stablehlo.constant dense<[1.0, 0x7FC00000, -0.0, 2.0]> : tensor<4xf32>
  %y = stablehlo.constant dense<[2.0, 1.0, 0.0, 2.0]> : tensor<4xf32>
  %lt = stablehlo.compare LT, %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %to = stablehlo.compare LT, %x, %y, TOTALORDER : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %s = stablehlo.select %lt, %x, %y : tensor<4xi1>, tensor<4xf32>
  %m = stablehlo.minimum %x, %y : tensor<4xf32>
  %c = stablehlo.convert %to : (tensor<4xi1>) -> tensor<4xf32>
  %0 = stablehlo.add %s, %c : tensor<4xf32>
  %1 = stablehlo.add %0, %m : tensor<4xf32>
  return %1 : tensor<4xf32>
}

func.func @conversions() -> (tensor<5xi8>, tensor<5xf16>, tensor<5xbf16>, tensor<5xui8>) {
  %x = stablehlo.constant dense<[1.5, -300.0, 0x7FC00000, 65519.0, 1.0e-8]> : tensor<5xf32>
  %i = stablehlo.convert %x : (tensor<5xf32>) -> tensor<5xi8>
  %h = stablehlo.convert %x : (tensor<5xf32>) -> tensor<5xf16>
  %b = stablehlo.convert %x : (tensor<5xf32>) -> tensor<5xbf16>
  %u = stablehlo.convert %x : (tensor<5xf32>) -> tensor<5xui8>
  check.expect_eq_const %i, dense<[1, -128, 0, 127, 0]> : tensor<5xi8>
  return %i, %h, %b, %u : tensor<5xi8>, tensor<5xf16>, tensor<5xbf16>, tensor<5xui8>
}

func.func @narrow_floats() -> (tensor<3xf16>, tensor<3xbf16>, tensor<3xf8E4M3FN>) {
  %x = stablehlo.constant dense<[1.0, 3.0, -0.3]> : tensor<3xf16>
  %y = stablehlo.constant dense<[0.1, 7.0, 2.5]> : tensor<3xf16>
  %0 = stablehlo.multiply %x, %y : tensor<3xf16>
  %1 = stablehlo.add %0, %x : tensor<3xf16>
  %b = stablehlo.convert %1 : (tensor<3xf16>) -> tensor<3xbf16>
  %2 = stablehlo.multiply %b, %b : tensor<3xbf16>
  %e = stablehlo.convert %1 : (tensor<3xf16>) -> tensor<3xf8E4M3FN>
  %3 = stablehlo.add %e, %e : tensor<3xf8E4M3FN>
  return %1, %2, %3 : tensor<3xf16>, tensor<3xbf16>, tensor<3xf8E4M3FN>
}

func.func @complex() -> tensor<3xcomplex<f32>> {
  %re = stablehlo.constant dense<[1.0, 0.0, -2.0]> : tensor<3xf32>
  %im = stablehlo.constant dense<[2.0, -1.0, 0.5]> : tensor<3xf32>
  %z = stablehlo.complex %re, %im : tensor<3xcomplex<f32>>
  %0 = stablehlo.multiply %z, %z : tensor<3xcomplex<f32>>
  %1 = stablehlo.exponential %0 : tensor<3xcomplex<f32>>
  %2 = stablehlo.divide %1, %z : tensor<3xcomplex<f32>>
  return %2 : tensor<3xcomplex<f32>>
}

func.func @small_ints() -> (tensor<4xi4>, tensor<4xui4>, tensor<4xi1>) {
  %x = stablehlo.constant dense<[7, -8, 3, -1]> : tensor<4xi4>
  %y = stablehlo.constant dense<[1, -1, 5, 2]> : tensor<4xi4>
  %s = stablehlo.add %x, %y : tensor<4xi4>
  %u = stablehlo.constant dense<[15, 0, 9, 1]> : tensor<4xui4>
  %v = stablehlo.multiply %u, %u : tensor<4xui4>
  %p = stablehlo.compare GT, %x, %y : (tensor<4xi4>, tensor<4xi4>) -> tensor<4xi1>
  %n = stablehlo.not %p : tensor<4xi1>
  check.expect_eq_const %s, dense<[-8, 7, -8, 1]> : tensor<4xi4>
  return %s, %v, %n : tensor<4xi4>, tensor<4xui4>, tensor<4xi1>
}

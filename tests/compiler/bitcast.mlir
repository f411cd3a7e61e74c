// Encodings in compiled code, compared with the interpreter (cxla check
// --mode=both): bitcast_convert between types of one width and between
// widths (a last dimension added or removed, element 0 in the lowest bits,
// complex as (real, imaginary) from low to high), NaN payloads kept, reduce_precision on
// every float format, compare in total order on encodings, and conversions
// between integers and floats of every width.

func.func @same_width() -> (tensor<4xi16>, tensor<4xbf16>, tensor<4xi8>, tensor<4xf8E4M3FNUZ>, tensor<2xi64>, tensor<3xui32>) {
  // f16 signalling NaN, -0, the smallest subnormal, -inf: bits unchanged.
  %h = stablehlo.constant dense<[0x7C01, 0x8000, 0x0001, 0xFC00]> : tensor<4xf16>
  %0 = stablehlo.bitcast_convert %h : (tensor<4xf16>) -> tensor<4xi16>
  check.expect_eq_const %0, dense<[31745, -32768, 1, -1024]> : tensor<4xi16>
  %1 = stablehlo.bitcast_convert %0 : (tensor<4xi16>) -> tensor<4xbf16>
  check.expect_eq_const %1, dense<[0x7C01, 0x8000, 0x0001, 0xFC00]> : tensor<4xbf16>
  %e = stablehlo.constant dense<[0x7D, 0xFF, 0x80, 0x01]> : tensor<4xf8E5M2>
  %2 = stablehlo.bitcast_convert %e : (tensor<4xf8E5M2>) -> tensor<4xi8>
  check.expect_eq_const %2, dense<[125, -1, -128, 1]> : tensor<4xi8>
  %3 = stablehlo.bitcast_convert %2 : (tensor<4xi8>) -> tensor<4xf8E4M3FNUZ>
  check.expect_eq_const %3, dense<[0x7D, 0xFF, 0x80, 0x01]> : tensor<4xf8E4M3FNUZ>
  %d = stablehlo.constant dense<[1.0, 0x7FF0000000000001]> : tensor<2xf64>
  %4 = stablehlo.bitcast_convert %d : (tensor<2xf64>) -> tensor<2xi64>
  check.expect_eq_const %4, dense<[4607182418800017408, 9218868437227405313]> : tensor<2xi64>
  %f = stablehlo.constant dense<[1.0, -0.0, 0x7F800001]> : tensor<3xf32>
  %6 = stablehlo.bitcast_convert %f : (tensor<3xf32>) -> tensor<3xui32>
  check.expect_eq_const %6, dense<[1065353216, 2147483648, 2139095041]> : tensor<3xui32>
  return %0, %1, %2, %3, %4, %6 : tensor<4xi16>, tensor<4xbf16>, tensor<4xi8>, tensor<4xf8E4M3FNUZ>, tensor<2xi64>, tensor<3xui32>
}

func.func @to_narrower() -> (tensor<2x4xi8>, tensor<2x2xf16>, tensor<8xi1>, tensor<2x4xi4>, tensor<1x2xcomplex<f32>>, tensor<2x2xui16>) {
  %x = stablehlo.constant dense<[16909060, -1]> : tensor<2xi32>
  %0 = stablehlo.bitcast_convert %x : (tensor<2xi32>) -> tensor<2x4xi8>
  check.expect_eq_const %0, dense<[[4, 3, 2, 1], [-1, -1, -1, -1]]> : tensor<2x4xi8>
  %f = stablehlo.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %1 = stablehlo.bitcast_convert %f : (tensor<2xf32>) -> tensor<2x2xf16>
  check.expect_eq_const %1, dense<[[0x0000, 0x3F80], [0x0000, 0xC000]]> : tensor<2x2xf16>
  %b = stablehlo.constant dense<165> : tensor<ui8>
  %2 = stablehlo.bitcast_convert %b : (tensor<ui8>) -> tensor<8xi1>
  check.expect_eq_const %2, dense<[true, false, true, false, false, true, false, true]> : tensor<8xi1>
  %s = stablehlo.constant dense<[4660, -292]> : tensor<2xi16>
  %3 = stablehlo.bitcast_convert %s : (tensor<2xi16>) -> tensor<2x4xi4>
  check.expect_eq_const %3, dense<[[4, 3, 2, 1], [-4, -3, -2, -1]]> : tensor<2x4xi4>
  %z = stablehlo.constant dense<(0x0123456789ABCDEF, 0x0000000011111111)> : tensor<complex<f64>>
  %4 = stablehlo.bitcast_convert %z : (tensor<complex<f64>>) -> tensor<2xcomplex<f32>>
  check.expect_eq_const %4, dense<[(0x89ABCDEF, 0x01234567), (0x11111111, 0x00000000)]> : tensor<2xcomplex<f32>>
  %r = stablehlo.reshape %4 : (tensor<2xcomplex<f32>>) -> tensor<1x2xcomplex<f32>>
  %d = stablehlo.constant dense<[0x7FF8000000000001, -0.0]> : tensor<2xf64>
  %dd = stablehlo.bitcast_convert %d : (tensor<2xf64>) -> tensor<2x4xui16>
  %5 = stablehlo.slice %dd [0:2, 2:4] : (tensor<2x4xui16>) -> tensor<2x2xui16>
  check.expect_eq_const %5, dense<[[0, 32760], [0, 32768]]> : tensor<2x2xui16>
  return %0, %1, %2, %3, %r, %5 : tensor<2x4xi8>, tensor<2x2xf16>, tensor<8xi1>, tensor<2x4xi4>, tensor<1x2xcomplex<f32>>, tensor<2x2xui16>
}

func.func @to_wider() -> (tensor<2xi32>, tensor<f64>, tensor<i64>, tensor<2xf32>, tensor<complex<f64>>, tensor<ui8>) {
  %x = stablehlo.constant dense<[[4, 3, 2, 1], [-1, -1, -1, 127]]> : tensor<2x4xi8>
  %0 = stablehlo.bitcast_convert %x : (tensor<2x4xi8>) -> tensor<2xi32>
  check.expect_eq_const %0, dense<[16909060, 2147483647]> : tensor<2xi32>
  %h = stablehlo.constant dense<[0x0001, 0x0000, 0x0000, 0x7FF8]> : tensor<4xf16>
  %1 = stablehlo.bitcast_convert %h : (tensor<4xf16>) -> tensor<f64>
  check.expect_eq_const %1, dense<0x7FF8000000000001> : tensor<f64>
  %e = stablehlo.constant dense<[0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01]> : tensor<8xf8E4M3FN>
  %2 = stablehlo.bitcast_convert %e : (tensor<8xf8E4M3FN>) -> tensor<i64>
  check.expect_eq_const %2, dense<0x0123456789ABCDEF> : tensor<i64>
  %q = stablehlo.constant dense<[[0, -32768], [0, 16256]]> : tensor<2x2xi16>
  %3 = stablehlo.bitcast_convert %q : (tensor<2x2xi16>) -> tensor<2xf32>
  check.expect_eq_const %3, dense<[-0.0, 1.0]> : tensor<2xf32>
  %c = stablehlo.constant dense<[(0x89ABCDEF, 0x01234567), (0x11111111, 0x00000000)]> : tensor<2xcomplex<f32>>
  %4 = stablehlo.bitcast_convert %c : (tensor<2xcomplex<f32>>) -> tensor<complex<f64>>
  check.expect_eq_const %4, dense<(0x0123456789ABCDEF, 0x0000000011111111)> : tensor<complex<f64>>
  %p = stablehlo.constant dense<[true, false, true, false, false, true, false, true]> : tensor<8xi1>
  %5 = stablehlo.bitcast_convert %p : (tensor<8xi1>) -> tensor<ui8>
  check.expect_eq_const %5, dense<165> : tensor<ui8>
  return %0, %1, %2, %3, %4, %5 : tensor<2xi32>, tensor<f64>, tensor<i64>, tensor<2xf32>, tensor<complex<f64>>, tensor<ui8>
}

// A bitcast of a value computed in the same kernel encodes the value.
func.func @fused() -> tensor<3x2xi16> {
  %x = stablehlo.constant dense<[1.0, -0.5, 65504.0]> : tensor<3xf32>
  %n = stablehlo.negate %x : tensor<3xf32>
  %b = stablehlo.bitcast_convert %n : (tensor<3xf32>) -> tensor<3x2xi16>
  %a = stablehlo.add %b, %b : tensor<3x2xi16>
  check.expect_eq_const %a, dense<[[0, 32512], [0, 32256], [-16384, -28930]]> : tensor<3x2xi16>
  return %a : tensor<3x2xi16>
}

// reduce_precision: mantissa rounded to nearest even on the operand's
// encoding, exponents outside the reduced range flushed to 0 or infinity,
// NaN kept (inf when mantissa_bits is 0).
func.func @reduce_precision() -> (tensor<6xf64>, tensor<6xf32>, tensor<6xf16>, tensor<6xbf16>, tensor<6xf8E5M2>, tensor<6xf32>, tensor<4xtf32>) {
  %d = stablehlo.constant dense<[0x7FF0000000000000, 0x7FFFFFFFFFFFFFFF, 4.9406564584124654e-324, 65505.0, 65520.0, -1.0000001]> : tensor<6xf64>
  %0 = stablehlo.reduce_precision %d, format = e5m10 : tensor<6xf64>
  check.expect_eq_const %0, dense<[0x7FF0000000000000, 0x7FFFFFFFFFFFFFFF, 0.0, 65504.0, 0x7FF0000000000000, -1.0]> : tensor<6xf64>
  %f = stablehlo.constant dense<[1.5, 2.5, 3.5, 1.0e-39, -3.4e38, 0x7FC00001]> : tensor<6xf32>
  %1 = stablehlo.reduce_precision %f, format = e8m0 : tensor<6xf32>
  check.expect_eq_const %1, dense<[2.0, 2.0, 4.0, 0.0, 0xFF800000, 0x7F800000]> : tensor<6xf32>
  %h = stablehlo.constant dense<[1.0009765625, 0x0001, 0x7C00, 0x7E01, 1000.0, -0.0]> : tensor<6xf16>
  %2 = stablehlo.reduce_precision %h, format = e4m3 : tensor<6xf16>
  check.expect_eq_const %2, dense<[1.0, 0.0, 0x7C00, 0x7E01, 0x7C00, -0.0]> : tensor<6xf16>
  %b = stablehlo.constant dense<[1.5, 1.25, 1.375, 3.0e38, 1.0e-30, 0xFFC1]> : tensor<6xbf16>
  %3 = stablehlo.reduce_precision %b, format = e5m1 : tensor<6xbf16>
  check.expect_eq_const %3, dense<[1.5, 1.0, 1.5, 0x7F80, 0.0, 0xFFC1]> : tensor<6xbf16>
  %e = stablehlo.constant dense<[1.5, 1.25, 57344.0, 0x7C, 0x01, -3.0]> : tensor<6xf8E5M2>
  %4 = stablehlo.reduce_precision %e, format = e3m1 : tensor<6xf8E5M2>
  %5 = stablehlo.reduce_precision %f, format = e1m23 : tensor<6xf32>
  %t = stablehlo.constant dense<[1.0, 1.0009765625, 3.0e38, -2.5]> : tensor<4xf32>
  %tt = stablehlo.convert %t : (tensor<4xf32>) -> tensor<4xtf32>
  %6 = stablehlo.reduce_precision %tt, format = e8m2 : tensor<4xtf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<6xf64>, tensor<6xf32>, tensor<6xf16>, tensor<6xbf16>, tensor<6xf8E5M2>, tensor<6xf32>, tensor<4xtf32>
}

// Total order compares encodings: NaN payloads order, -0 < +0, and the
// FNUZ formats' NaN (the -0 pattern) comes last.
func.func @total_order() -> (tensor<5xi1>, tensor<5xi1>, tensor<5xi1>, tensor<5xi1>) {
  %a = stablehlo.constant dense<[0x7D, 0x7E, -0.0, 0xFD, 0x7C]> : tensor<5xf8E5M2>
  %b = stablehlo.constant dense<[0x7E, 0x7E, 0.0, 0xFE, 0x7D]> : tensor<5xf8E5M2>
  %0 = stablehlo.compare LT, %a, %b, TOTALORDER : (tensor<5xf8E5M2>, tensor<5xf8E5M2>) -> tensor<5xi1>
  check.expect_eq_const %0, dense<[true, false, true, false, true]> : tensor<5xi1>
  %h = stablehlo.constant dense<[0x7C01, 0xFE00, 0x7E00, 0x8000, 1.0]> : tensor<5xf16>
  %g = stablehlo.constant dense<[0x7E00, 0xFC01, 0x7C01, 0x0000, 1.0]> : tensor<5xf16>
  %1 = stablehlo.compare LE, %h, %g, TOTALORDER : (tensor<5xf16>, tensor<5xf16>) -> tensor<5xi1>
  check.expect_eq_const %1, dense<[true, true, false, true, true]> : tensor<5xi1>
  %u = stablehlo.constant dense<[0x80, 0x7F, 0x01, 0x81, 0.0]> : tensor<5xf8E4M3FNUZ>
  %v = stablehlo.constant dense<[0x7F, 0x80, 0x81, 0x01, 0x80]> : tensor<5xf8E4M3FNUZ>
  %2 = stablehlo.compare GT, %u, %v, TOTALORDER : (tensor<5xf8E4M3FNUZ>, tensor<5xf8E4M3FNUZ>) -> tensor<5xi1>
  check.expect_eq_const %2, dense<[true, false, true, false, false]> : tensor<5xi1>
  %3 = stablehlo.compare NE, %a, %b, TOTALORDER : (tensor<5xf8E5M2>, tensor<5xf8E5M2>) -> tensor<5xi1>
  check.expect_eq_const %3, dense<[true, false, true, true, true]> : tensor<5xi1>
  return %0, %1, %2, %3 : tensor<5xi1>, tensor<5xi1>, tensor<5xi1>, tensor<5xi1>
}

// int <-> float conversions: one rounding from integers of every width
// (64-bit values that a double cannot hold exactly included), truncation,
// saturation and NaN -> 0 the other way.
func.func @int_float() -> (tensor<4xf16>, tensor<4xbf16>, tensor<4xf8E4M3FN>, tensor<4xf32>, tensor<5xi4>, tensor<5xui64>, tensor<5xi64>, tensor<4xtf32>) {
  %a = stablehlo.constant dense<[9223372036854775807, -9223372036854775808, 65519, -2049]> : tensor<4xi64>
  %0 = stablehlo.convert %a : (tensor<4xi64>) -> tensor<4xf16>
  check.expect_eq_const %0, dense<[0x7C00, 0xFC00, 65504.0, -2048.0]> : tensor<4xf16>
  %u = stablehlo.constant dense<[18446744073709551615, 9223372036854775809, 257, 385]> : tensor<4xui64>
  %1 = stablehlo.convert %u : (tensor<4xui64>) -> tensor<4xbf16>
  check.expect_eq_const %1, dense<[1.8446744e19, 9.223372e18, 256.0, 384.0]> : tensor<4xbf16>
  %s = stablehlo.constant dense<[-3, 17, 464, 7]> : tensor<4xi16>
  %2 = stablehlo.convert %s : (tensor<4xi16>) -> tensor<4xf8E4M3FN>
  check.expect_eq_const %2, dense<[-3.0, 16.0, 448.0, 7.0]> : tensor<4xf8E4M3FN>
  %w = stablehlo.constant dense<[16777217, -16777219, 2147483647, 1]> : tensor<4xi32>
  %3 = stablehlo.convert %w : (tensor<4xi32>) -> tensor<4xf32>
  check.expect_eq_const %3, dense<[16777216.0, -16777220.0, 2147483648.0, 1.0]> : tensor<4xf32>
  %f = stablehlo.constant dense<[7.9, -8.9, 0x7FC00000, 0x7F800000, -0.5]> : tensor<5xf32>
  %4 = stablehlo.convert %f : (tensor<5xf32>) -> tensor<5xi4>
  check.expect_eq_const %4, dense<[7, -8, 0, 7, 0]> : tensor<5xi4>
  %g = stablehlo.constant dense<[1.8446744073709552e19, -1.0, 0x7FF8000000000000, 4.5, 1.0e300]> : tensor<5xf64>
  %5 = stablehlo.convert %g : (tensor<5xf64>) -> tensor<5xui64>
  check.expect_eq_const %5, dense<[18446744073709551615, 0, 0, 4, 18446744073709551615]> : tensor<5xui64>
  %6 = stablehlo.convert %g : (tensor<5xf64>) -> tensor<5xi64>
  check.expect_eq_const %6, dense<[9223372036854775807, -1, 0, 4, 9223372036854775807]> : tensor<5xi64>
  %t = stablehlo.constant dense<[1, 2049, 8388609, -3]> : tensor<4xi32>
  %7 = stablehlo.convert %t : (tensor<4xi32>) -> tensor<4xtf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<4xf16>, tensor<4xbf16>, tensor<4xf8E4M3FN>, tensor<4xf32>, tensor<5xi4>, tensor<5xui64>, tensor<5xi64>, tensor<4xtf32>
}

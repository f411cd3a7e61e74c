// real_dynamic_slice and dynamic_pad whose shape operands are computed (an
// optimization_barrier hides the constants, so they are not made a static
// slice or pad) compiled as gathers (passes/decompose_dynamic_slice_pad.c)
// and compared with the interpreter, with the spec's examples checked in
// compiled code: strides, i32 shape operands, negative low padding (a crop),
// interior padding, rank 3, f32 and i1 elements, empty results.

func.func @slice_spec_example() -> tensor<2x2xi32> {
  %x = stablehlo.constant dense<[[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]> : tensor<4x4xi32>
  %c0 = stablehlo.constant dense<[0, 2]> : tensor<2xi64>
  %c1 = stablehlo.constant dense<[2, 4]> : tensor<2xi64>
  %c2 = stablehlo.constant dense<[1, 1]> : tensor<2xi64>
  %s:3 = stablehlo.optimization_barrier %c0, %c1, %c2 : tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
  %r = stablehlo.real_dynamic_slice %x, %s#0, %s#1, %s#2 : (tensor<4x4xi32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x2xi32>
  check.expect_eq_const %r, dense<[[1, 1], [1, 1]]> : tensor<2x2xi32>
  return %r : tensor<2x2xi32>
}

func.func @slice_strided_i32_f32() -> tensor<2x3xf32> {
  %x = stablehlo.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0], [20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0], [30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0]]> : tensor<4x7xf32>
  %c0 = stablehlo.constant dense<[1, 1]> : tensor<2xi32>
  %c1 = stablehlo.constant dense<[4, 7]> : tensor<2xi32>
  %c2 = stablehlo.constant dense<[2, 2]> : tensor<2xi32>
  %s:3 = stablehlo.optimization_barrier %c0, %c1, %c2 : tensor<2xi32>, tensor<2xi32>, tensor<2xi32>
  %r = stablehlo.real_dynamic_slice %x, %s#0, %s#1, %s#2 : (tensor<4x7xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<2x3xf32>
  check.expect_eq_const %r, dense<[[11.0, 13.0, 15.0], [31.0, 33.0, 35.0]]> : tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

func.func @slice_rank3_and_empty() -> (tensor<1x2x2xi8>, tensor<0x3xi8>) {
  %x = stablehlo.iota dim = 2 : tensor<2x3x4xi8>
  %c0 = stablehlo.constant dense<[1, 1, 1]> : tensor<3xi64>
  %c1 = stablehlo.constant dense<[2, 3, 4]> : tensor<3xi64>
  %c2 = stablehlo.constant dense<[1, 1, 2]> : tensor<3xi64>
  %s:3 = stablehlo.optimization_barrier %c0, %c1, %c2 : tensor<3xi64>, tensor<3xi64>, tensor<3xi64>
  %r = stablehlo.real_dynamic_slice %x, %s#0, %s#1, %s#2 : (tensor<2x3x4xi8>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>) -> tensor<1x2x2xi8>
  check.expect_eq_const %r, dense<[[[1, 3], [1, 3]]]> : tensor<1x2x2xi8>
  %y = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %e0 = stablehlo.constant dense<[2, 0]> : tensor<2xi64>
  %e1 = stablehlo.constant dense<[2, 3]> : tensor<2xi64>
  %e2 = stablehlo.constant dense<[1, 1]> : tensor<2xi64>
  %e:3 = stablehlo.optimization_barrier %e0, %e1, %e2 : tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
  %z = stablehlo.real_dynamic_slice %y, %e#0, %e#1, %e#2 : (tensor<2x3xi8>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<0x3xi8>
  return %r, %z : tensor<1x2x2xi8>, tensor<0x3xi8>
}

func.func @pad_spec_example() -> tensor<5x9xi64> {
  %x = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %v = stablehlo.constant dense<0> : tensor<i64>
  %c0 = stablehlo.constant dense<[0, 1]> : tensor<2xi64>
  %c1 = stablehlo.constant dense<[2, 1]> : tensor<2xi64>
  %c2 = stablehlo.constant dense<[1, 2]> : tensor<2xi64>
  %s:3 = stablehlo.optimization_barrier %c0, %c1, %c2 : tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
  %r = stablehlo.dynamic_pad %x, %v, %s#0, %s#1, %s#2 : (tensor<2x3xi64>, tensor<i64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<5x9xi64>
  check.expect_eq_const %r, dense<[[0, 1, 0, 0, 2, 0, 0, 3, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 4, 0, 0, 5, 0, 0, 6, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0]]> : tensor<5x9xi64>
  return %r : tensor<5x9xi64>
}

// Low padding -2 crops two elements; high padding 3 and interior 1 along the
// second dimension; f32 with a NaN padding value.
func.func @pad_crop_interior_f32() -> tensor<2x7xf32> {
  %x = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<4x3xf32>
  %v = stablehlo.constant dense<0x7FC00000> : tensor<f32>
  %c0 = stablehlo.constant dense<[-2, -2]> : tensor<2xi32>
  %c1 = stablehlo.constant dense<[0, 4]> : tensor<2xi32>
  %c2 = stablehlo.constant dense<[0, 1]> : tensor<2xi32>
  %s:3 = stablehlo.optimization_barrier %c0, %c1, %c2 : tensor<2xi32>, tensor<2xi32>, tensor<2xi32>
  %r = stablehlo.dynamic_pad %x, %v, %s#0, %s#1, %s#2 : (tensor<4x3xf32>, tensor<f32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<2x7xf32>
  check.expect_eq_const %r, dense<[[8.0, 0x7FC00000, 9.0, 0x7FC00000, 0x7FC00000, 0x7FC00000, 0x7FC00000], [11.0, 0x7FC00000, 12.0, 0x7FC00000, 0x7FC00000, 0x7FC00000, 0x7FC00000]]> : tensor<2x7xf32>
  return %r : tensor<2x7xf32>
}

func.func @pad_i1_and_empty_operand() -> (tensor<3x2xi1>, tensor<2x3xi1>) {
  %x = stablehlo.constant dense<[[true], [false]]> : tensor<2x1xi1>
  %v = stablehlo.constant dense<true> : tensor<i1>
  %c0 = stablehlo.constant dense<[1, 0]> : tensor<2xi64>
  %c1 = stablehlo.constant dense<[0, 1]> : tensor<2xi64>
  %c2 = stablehlo.constant dense<[0, 0]> : tensor<2xi64>
  %s:3 = stablehlo.optimization_barrier %c0, %c1, %c2 : tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
  %r = stablehlo.dynamic_pad %x, %v, %s#0, %s#1, %s#2 : (tensor<2x1xi1>, tensor<i1>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<3x2xi1>
  check.expect_eq_const %r, dense<[[true, true], [true, true], [false, true]]> : tensor<3x2xi1>
  %y = stablehlo.constant dense<> : tensor<0x3xi1>
  %w = stablehlo.constant dense<false> : tensor<i1>
  %e0 = stablehlo.constant dense<[1, 0]> : tensor<2xi64>
  %e1 = stablehlo.constant dense<[1, 0]> : tensor<2xi64>
  %e2 = stablehlo.constant dense<[0, 0]> : tensor<2xi64>
  %e:3 = stablehlo.optimization_barrier %e0, %e1, %e2 : tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
  %z = stablehlo.dynamic_pad %y, %w, %e#0, %e#1, %e#2 : (tensor<0x3xi1>, tensor<i1>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x3xi1>
  check.expect_eq_const %z, dense<false> : tensor<2x3xi1>
  return %r, %z : tensor<3x2xi1>, tensor<2x3xi1>
}

// Data movement ops compiled and compared with the interpreter.
func.func @broadcast_transpose_reshape() -> tensor<3x2xf32> {
  %x = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = stablehlo.broadcast_in_dim %x, dims = [0] : (tensor<2xf32>) -> tensor<2x3xf32>
  %i = stablehlo.iota dim = 1 : tensor<2x3xf32>
  %s = stablehlo.add %b, %i : tensor<2x3xf32>
  %t = stablehlo.transpose %s, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %r = stablehlo.reshape %t : (tensor<3x2xf32>) -> tensor<6xf32>
  %r2 = stablehlo.reshape %r : (tensor<6xf32>) -> tensor<3x2xf32>
  check.expect_eq_const %r2, dense<[[1.0, 2.0], [2.0, 3.0], [3.0, 4.0]]> : tensor<3x2xf32>
  return %r2 : tensor<3x2xf32>
}

func.func @slice_pad_concat_reverse() -> (tensor<2x2xi32>, tensor<4x6xi32>, tensor<5x3xi32>, tensor<3x3xi32>) {
  %x = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6], [7, 8, 9]]> : tensor<3x3xi32>
  %s = stablehlo.slice %x [0:3:2, 1:3] : (tensor<3x3xi32>) -> tensor<2x2xi32>
  %z = stablehlo.constant dense<-1> : tensor<i32>
  %p = stablehlo.pad %s, %z, low = [1, 0], high = [1, 2], interior = [0, 2] : (tensor<2x2xi32>, tensor<i32>) -> tensor<4x6xi32>
  %s2 = stablehlo.slice %x [0:2, 0:3] : (tensor<3x3xi32>) -> tensor<2x3xi32>
  %c = stablehlo.concatenate %x, %s2, dim = 0 : (tensor<3x3xi32>, tensor<2x3xi32>) -> tensor<5x3xi32>
  %r = stablehlo.reverse %x, dims = [0, 1] : tensor<3x3xi32>
  check.expect_eq_const %s, dense<[[2, 3], [8, 9]]> : tensor<2x2xi32>
  return %s, %p, %c, %r : tensor<2x2xi32>, tensor<4x6xi32>, tensor<5x3xi32>, tensor<3x3xi32>
}

func.func @dynamic_slices() -> (tensor<2x2xf32>, tensor<3x4xf32>) {
  %x = stablehlo.iota dim = 0 : tensor<3x4xf32>
  %y = stablehlo.iota dim = 1 : tensor<3x4xf32>
  %v = stablehlo.add %x, %y : tensor<3x4xf32>
  %i = stablehlo.constant dense<2> : tensor<i32>
  %j = stablehlo.constant dense<-5> : tensor<i32>
  %d = stablehlo.dynamic_slice %v, %i, %j, sizes = [2, 2] : (tensor<3x4xf32>, tensor<i32>, tensor<i32>) -> tensor<2x2xf32>
  %u = stablehlo.constant dense<[[100.0, 200.0], [300.0, 400.0]]> : tensor<2x2xf32>
  %k = stablehlo.constant dense<3> : tensor<i32>
  %w = stablehlo.dynamic_update_slice %v, %u, %i, %k : (tensor<3x4xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i32>) -> tensor<3x4xf32>
  check.expect_eq_const %d, dense<[[1.0, 2.0], [2.0, 3.0]]> : tensor<2x2xf32>
  return %d, %w : tensor<2x2xf32>, tensor<3x4xf32>
}

func.func @scalar_and_empty() -> (tensor<f32>, tensor<0x3xf32>) {
  %a = stablehlo.constant dense<2.0> : tensor<f32>
  %b = stablehlo.multiply %a, %a : tensor<f32>
  %e = stablehlo.constant dense<> : tensor<0x3xf32>
  %f = stablehlo.negate %e : tensor<0x3xf32>
  return %b, %f : tensor<f32>, tensor<0x3xf32>
}

// Concatenating operands all empty along the dimension: an empty result
// (the generated kernel computes no element).
func.func @concatenate_all_empty() -> (tensor<4x0xf64>, tensor<0x3xcomplex<f32>>) {
  %e = stablehlo.constant dense<> : tensor<4x0xf64>
  %c = "stablehlo.concatenate"(%e) {dimension = 1 : i64} : (tensor<4x0xf64>) -> tensor<4x0xf64>
  %z = stablehlo.constant dense<> : tensor<0x3xcomplex<f32>>
  %d = "stablehlo.concatenate"(%z, %z) {dimension = 0 : i64} : (tensor<0x3xcomplex<f32>>, tensor<0x3xcomplex<f32>>) -> tensor<0x3xcomplex<f32>>
  return %c, %d : tensor<4x0xf64>, tensor<0x3xcomplex<f32>>
}

// Unsigned 64-bit start indices of 2^63 and more (negative as signed
// integers) clamp to the upper end, as the spec's unsigned comparison does;
// read as signed they went to 0 (found by the differential fuzzer).
func.func @dynamic_slices_huge_unsigned_index() -> (tensor<3x2xi32>, tensor<2x1xi32>) {
  %x = stablehlo.constant dense<[[-2, 4], [-1, -2], [4, 2]]> : tensor<3x2xi32>
  %u = stablehlo.constant dense<[[8], [-8], [1]]> : tensor<3x1xi32>
  %one = stablehlo.constant dense<1> : tensor<ui64>
  %zero = stablehlo.constant dense<0> : tensor<ui64>
  %max = stablehlo.constant dense<18446744073709551615> : tensor<ui64>
  %half = stablehlo.constant dense<9223372036854775808> : tensor<ui64>
  %r = stablehlo.dynamic_update_slice %x, %u, %one, %max : (tensor<3x2xi32>, tensor<3x1xi32>, tensor<ui64>, tensor<ui64>) -> tensor<3x2xi32>
  %s = stablehlo.dynamic_slice %x, %half, %max, sizes = [2, 1] : (tensor<3x2xi32>, tensor<ui64>, tensor<ui64>) -> tensor<2x1xi32>
  return %r, %s : tensor<3x2xi32>, tensor<2x1xi32>
}

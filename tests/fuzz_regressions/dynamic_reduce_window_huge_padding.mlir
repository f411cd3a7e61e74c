// EXPECT: ERROR but its type declares 3
// Found by fuzz/interp_fuzz.c (seeded by tests/lit/interp/xla_custom_calls.mlir):
// a dynamic_reduce_window padding of 2^32 - 1 gave a result of 2^32 + 2
// elements where the type declares 3; the interpreter's budget trusts static
// result types, so it tried to allocate 16 GiB (src/interp/eval_reduce.c).
func.func @add(%a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  %s = stablehlo.add %a, %b : tensor<f32>
  func.return %s : tensor<f32>
}

func.func @main() {
  %v = stablehlo.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %wd = stablehlo.constant dense<[2]> : tensor<1xi64>
  %ones = stablehlo.constant dense<[1]> : tensor<1xi64>
  %pad = stablehlo.constant dense<[[0, 4294967295]]> : tensor<1x2xi64>
  %rw = stablehlo.custom_call @stablehlo.dynamic_reduce_window(%v, %zero, %wd, %ones, %ones, %ones, %pad) {called_computations = [@add]} : (tensor<4xf32>, tensor<f32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1x2xi64>) -> tensor<3xf32>
  check.expect_eq_const %rw, dense<[3.0, 5.0, 7.0]> : tensor<3xf32>
  func.return
}

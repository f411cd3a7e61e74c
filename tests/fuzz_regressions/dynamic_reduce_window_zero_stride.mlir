// EXPECT: ERROR must all be positive
// Found by fuzz/interp_fuzz.c (seeded by tests/lit/interp/xla_custom_calls.mlir):
// stablehlo.dynamic_reduce_window takes its window from operand values, which
// the verifier cannot check; a stride of 0 divided by zero in the result
// shape (src/interp/eval_reduce.c; UBSan: division overflow).
func.func @add(%a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  %s = stablehlo.add %a, %b : tensor<f32>
  func.return %s : tensor<f32>
}

func.func @main() {
  %v = stablehlo.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %wd = stablehlo.constant dense<[2]> : tensor<1xi64>
  %zeros = stablehlo.constant dense<[0]> : tensor<1xi64>
  %pad = stablehlo.constant dense<[[0, 0]]> : tensor<1x2xi64>
  %rw = stablehlo.custom_call @stablehlo.dynamic_reduce_window(%v, %zero, %wd, %zeros, %zeros, %zeros, %pad) {called_computations = [@add]} : (tensor<4xf32>, tensor<f32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1x2xi64>) -> tensor<3xf32>
  check.expect_eq_const %rw, dense<[3.0, 5.0, 7.0]> : tensor<3xf32>
  func.return
}

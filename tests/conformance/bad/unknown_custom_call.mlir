// EXPECT: ERROR unknown_custom_call.mlir:5:3:
// A custom call without a registered target cannot be run.
func.func @main() {
  %0 = stablehlo.constant dense<1.0> : tensor<f32>
  %1 = stablehlo.custom_call @no_such_target(%0) : (tensor<f32>) -> tensor<f32>
  func.return
}

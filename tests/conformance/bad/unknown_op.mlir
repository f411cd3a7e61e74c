// EXPECT: ERROR unknown_op.mlir:5:3:
// An op cxla does not know is an error at its location, not a crash.
func.func @main() {
  %0 = stablehlo.constant dense<1.0> : tensor<f32>
  %1 = "mydialect.frobnicate"(%0) : (tensor<f32>) -> tensor<f32>
  func.return
}

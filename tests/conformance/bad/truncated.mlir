// EXPECT: ERROR truncated.mlir:5:
// Input that stops in the middle of an op.
func.func @main() {
  %0 = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = stablehlo.add %0,

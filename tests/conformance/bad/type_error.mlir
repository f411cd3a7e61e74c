// EXPECT: ERROR type_error.mlir:6:3: 'stablehlo.add' op
// A type error: the verifier must reject it with the op's location.
func.func @main() {
  %0 = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
  %1 = stablehlo.constant dense<[3, 4]> : tensor<2xi32>
  %2 = stablehlo.add %0, %1 : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xf32>
  func.return
}

// transpose_c3: shape(result) = dim(operand, permutation...).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: transpose_shape.mlir:5:3: error: 'stablehlo.transpose' op inferred shape '[3, 2]' is incompatible with result type 'tensor<2x3xf32>'
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = stablehlo.transpose %a, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return %0 : tensor<2x3xf32>
}

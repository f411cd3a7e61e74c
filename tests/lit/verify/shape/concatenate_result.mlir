// concatenate_c6: the result's dimension is the sum.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: concatenate_result.mlir:5:3: error: 'stablehlo.concatenate' op inferred shape '[3, 3]' is incompatible with result type 'tensor<4x3xf32>'
func.func @main(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<4x3xf32> {
  %0 = stablehlo.concatenate %a, %b, dim = 0 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  func.return %0 : tensor<4x3xf32>
}

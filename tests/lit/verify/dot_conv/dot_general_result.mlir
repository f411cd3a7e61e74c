// dot_general_c12: the result shape.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dot_general_result.mlir:5:3: error: 'stablehlo.dot_general' op inferred shape '[2, 5]' is incompatible with result type 'tensor<5x2xf32>'
func.func @main(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) -> tensor<5x2xf32> {
  %0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<5x2xf32>
  func.return %0 : tensor<5x2xf32>
}

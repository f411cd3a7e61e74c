// concatenate_c2: inputs agree except along dimension.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: concatenate_shape.mlir:5:3: error: 'stablehlo.concatenate' op shapes of operand (0) and (1) are not compatible at non-concat index 1: 'tensor<2x3xf32>' != 'tensor<2x4xf32>'
func.func @main(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<4x3xf32> {
  %0 = stablehlo.concatenate %a, %b, dim = 0 : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  func.return %0 : tensor<4x3xf32>
}

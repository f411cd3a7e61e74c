// pad_c4: the padded shape.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: pad_result.mlir:5:3: error: 'stablehlo.pad' op inferred shape '[5, 7]' is incompatible with result type 'tensor<5x9xf32>'
func.func @main(%a: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<5x9xf32> {
  %0 = stablehlo.pad %a, %v, low = [0, 1], high = [2, 1], interior = [1, 1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<5x9xf32>
  func.return %0 : tensor<5x9xf32>
}

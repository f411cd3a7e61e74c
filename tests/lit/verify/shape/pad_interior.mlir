// pad_c3: interior padding is non-negative.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: pad_interior.mlir:5:3: error: 'stablehlo.pad' op interior padding cannot be negative: -1
func.func @main(%a: tensor<2xf32>, %v: tensor<f32>) -> tensor<2xf32> {
  %0 = stablehlo.pad %a, %v, low = [0], high = [0], interior = [-1] : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

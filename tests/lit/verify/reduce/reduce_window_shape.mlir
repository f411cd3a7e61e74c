// reduce_window_c15: the number of windows.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: reduce_window_shape.mlir:5:3: error: 'stablehlo.reduce_window' op inferred shape '[3]' is incompatible with result type 'tensor<4xf32>'
func.func @main(%a: tensor<8xf32>, %c: tensor<f32>) -> tensor<4xf32> {
  %0 = "stablehlo.reduce_window"(%a, %c) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %s = stablehlo.add %x, %y : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) {window_dimensions = array<i64: 3>, window_strides = array<i64: 2>} : (tensor<8xf32>, tensor<f32>) -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

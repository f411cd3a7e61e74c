// reduce_window_c7: strides are positive.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: reduce_window_strides.mlir:5:3: error: 'stablehlo.reduce_window' op window_strides must be positive, but got [0]
func.func @main(%a: tensor<8xf32>, %c: tensor<f32>) -> tensor<6xf32> {
  %0 = "stablehlo.reduce_window"(%a, %c) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    stablehlo.return %x : tensor<f32>
  }) {window_dimensions = array<i64: 3>, window_strides = array<i64: 0>} : (tensor<8xf32>, tensor<f32>) -> tensor<6xf32>
  func.return %0 : tensor<6xf32>
}

// select_and_scatter_c9: select returns tensor<i1>.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: select_and_scatter_select.mlir:5:3: error: 'stablehlo.select_and_scatter' op expects the select region to return a single 0-dimensional tensor of i1
func.func @main(%a: tensor<4xf32>, %s: tensor<2xf32>, %c: tensor<f32>) -> tensor<4xf32> {
  %0 = "stablehlo.select_and_scatter"(%a, %s, %c) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    stablehlo.return %x : tensor<f32>
  }, {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %r = stablehlo.add %x, %y : tensor<f32>
    stablehlo.return %r : tensor<f32>
  }) {window_dimensions = array<i64: 2>, window_strides = array<i64: 2>} : (tensor<4xf32>, tensor<2xf32>, tensor<f32>) -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

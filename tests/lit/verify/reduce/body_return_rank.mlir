// reduce_c6: the body returns 0-dimensional tensors.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: body_return_rank.mlir:5:3: error: 'stablehlo.reduce' op reduction region 'body' must return 0-dimensional tensors, but result #0 is 'tensor<1xf32>'
func.func @main(%a: tensor<2x3xf32>, %c: tensor<f32>) -> tensor<2xf32> {
  %0 = "stablehlo.reduce"(%a, %c) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %r = stablehlo.broadcast_in_dim %x, dims = [] : (tensor<f32>) -> tensor<1xf32>
    stablehlo.return %r : tensor<1xf32>
  }) {dimensions = array<i64: 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

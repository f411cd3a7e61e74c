// reduce_c6: the body takes 2N arguments.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: body_arity.mlir:5:3: error: 'stablehlo.reduce' op reduction region 'body' must take 2 parameters, but takes 3
func.func @main(%a: tensor<2x3xf32>, %c: tensor<f32>) -> tensor<2xf32> {
  %0 = "stablehlo.reduce"(%a, %c) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>, %z: tensor<f32>):
    stablehlo.return %x : tensor<f32>
  }) {dimensions = array<i64: 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

// optimization_barrier_c1: results have the operand types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: optimization_barrier.mlir:5:3: error: 'stablehlo.optimization_barrier' op result #0 type 'tensor<i32>' differs from operand type 'tensor<f32>'
func.func @main(%a: tensor<f32>) -> tensor<i32> {
  %0 = "stablehlo.optimization_barrier"(%a) : (tensor<f32>) -> tensor<i32>
  func.return %0 : tensor<i32>
}

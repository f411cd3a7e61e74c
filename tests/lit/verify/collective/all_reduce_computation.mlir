// all_reduce_c5: computation is (tensor<E>, tensor<E>) -> tensor<E>.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: all_reduce_computation.mlir:5:3: error: 'stablehlo.all_reduce' op reduction region 'computation' must take 2 parameters, but takes 1
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "stablehlo.all_reduce"(%a) ({
  ^bb0(%x: tensor<f32>):
    stablehlo.return %x : tensor<f32>
  }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<4xf32>) -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

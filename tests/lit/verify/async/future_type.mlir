// async_start's future wraps the region's return types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: future_type.mlir:5:3: error: 'stablehlo.async_start' op result type '!stablehlo.future<tensor<8xf32>>' does not wrap the body's return types
func.func @main(%a: tensor<4xf32>) -> !stablehlo.future<tensor<8xf32>> {
  %0 = "stablehlo.async_start"(%a) ({
  ^bb0(%b: tensor<4xf32>):
    %1 = "stablehlo.all_reduce"(%b) ({
    ^bb0(%x: tensor<f32>, %y: tensor<f32>):
      %2 = stablehlo.add %x, %y : tensor<f32>
      stablehlo.return %2 : tensor<f32>
    }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<4xf32>) -> tensor<4xf32>
    stablehlo.return %1 : tensor<4xf32>
  }) : (tensor<4xf32>) -> !stablehlo.future<tensor<8xf32>>
  func.return %0 : !stablehlo.future<tensor<8xf32>>
}

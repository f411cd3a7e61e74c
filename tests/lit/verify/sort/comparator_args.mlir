// sort_c5: two comparator arguments per input.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: comparator_args.mlir:5:3: error: 'stablehlo.sort' op comparator block should have 2 arguments, but has 1
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "stablehlo.sort"(%a) ({
  ^bb0(%x: tensor<f32>):
    %p = stablehlo.compare LT, %x, %x : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }) {dimension = 0 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

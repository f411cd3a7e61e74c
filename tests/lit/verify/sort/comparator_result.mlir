// sort_c5: the comparator returns tensor<i1>.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: comparator_result.mlir:5:3: error: 'stablehlo.sort' op comparator must return a single 0-dimensional tensor of i1
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "stablehlo.sort"(%a) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    stablehlo.return %x : tensor<f32>
  }) {dimension = 0 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

// sort_c4: -R <= dimension < R.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dimension_range.mlir:5:3: error: 'stablehlo.sort' op dimension attribute value must be in range [-1, 1), but found 1
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "stablehlo.sort"(%a) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %p = stablehlo.compare LT, %x, %y : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }) {dimension = 1 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

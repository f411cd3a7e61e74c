// dynamic_update_slice_c5: start indices share one type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dynamic_update_slice_indices.mlir:5:3: error: 'stablehlo.dynamic_update_slice' op start indices must have the same type, but got 'tensor<i32>' and 'tensor<i64>'
func.func @main(%a: tensor<4x4xf32>, %u: tensor<2x2xf32>, %i: tensor<i32>, %j: tensor<i64>) -> tensor<4x4xf32> {
  %0 = stablehlo.dynamic_update_slice %a, %u, %i, %j : (tensor<4x4xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i64>) -> tensor<4x4xf32>
  func.return %0 : tensor<4x4xf32>
}

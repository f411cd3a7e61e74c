// scatter_c4: update scatter dims follow the indices.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: scatter_updates_shape.mlir:5:3: error: 'stablehlo.scatter' op expects bounds of the scatter dimensions of updates to be same as the bounds of the corresponding dimensions of scatter indices; for dimension 0, 5 != 2
func.func @main(%a: tensor<4x3xf32>, %i: tensor<2x1xi32>, %u: tensor<5x3xf32>) -> tensor<4x3xf32> {
  %0 = "stablehlo.scatter"(%a, %i, %u) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    stablehlo.return %y : tensor<f32>
  }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<4x3xf32>, tensor<2x1xi32>, tensor<5x3xf32>) -> tensor<4x3xf32>
  func.return %0 : tensor<4x3xf32>
}

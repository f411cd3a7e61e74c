// scatter_c23: the update computation takes tensor<E> arguments.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: scatter_region_type.mlir:5:3: error: 'stablehlo.scatter' op the element type of reduction region 'update_computation' parameter #1 is expected to be promotable from 'f32', but got 'i32'
func.func @main(%a: tensor<4x3xf32>, %i: tensor<2x1xi32>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = "stablehlo.scatter"(%a, %i, %u) ({
  ^bb0(%x: tensor<i32>, %y: tensor<i32>):
    stablehlo.return %x : tensor<i32>
  }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<4x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  func.return %0 : tensor<4x3xf32>
}

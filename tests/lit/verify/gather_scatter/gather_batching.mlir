// gather_c17: batching dims agree in size.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: gather_batching.mlir:5:3: error: 'stablehlo.gather' op operand batching dimension 0 has size 2, but start indices batching dimension 0 has size 3
func.func @main(%a: tensor<2x4xf32>, %i: tensor<3x1xi32>) -> tensor<3xf32> {
  %0 = "stablehlo.gather"(%a, %i) {dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [1], operand_batching_dims = [0], start_indices_batching_dims = [0], start_index_map = [1], index_vector_dim = 1>, slice_sizes = array<i64: 1, 1>} : (tensor<2x4xf32>, tensor<3x1xi32>) -> tensor<3xf32>
  func.return %0 : tensor<3xf32>
}

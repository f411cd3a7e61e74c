// gather_c9: collapsed slice sizes are at most 1.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: gather_collapsed_size.mlir:5:3: error: 'stablehlo.gather' op slice_sizes collapsed dimension 0 should <= 1 but got 2
func.func @main(%a: tensor<4x3xf32>, %i: tensor<2x1xi32>) -> tensor<2x3xf32> {
  %0 = "stablehlo.gather"(%a, %i) {dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, slice_sizes = array<i64: 2, 3>} : (tensor<4x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  func.return %0 : tensor<2x3xf32>
}

// gather_c22: the result shape combines batch and offset dims.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: gather_result_shape.mlir:5:3: error: 'stablehlo.gather' op inferred shape '[2, 3]' is incompatible with result type 'tensor<2x2xf32>'
func.func @main(%a: tensor<4x3xf32>, %i: tensor<2x1xi32>) -> tensor<2x2xf32> {
  %0 = "stablehlo.gather"(%a, %i) {dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, slice_sizes = array<i64: 1, 3>} : (tensor<4x3xf32>, tensor<2x1xi32>) -> tensor<2x2xf32>
  func.return %0 : tensor<2x2xf32>
}

// dimension_numbers is required.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: gather_missing_dims.mlir:5:3: error: 'stablehlo.gather' op requires attribute 'dimension_numbers'
func.func @main(%a: tensor<4x3xf32>, %i: tensor<2x1xi32>) -> tensor<2x3xf32> {
  %0 = "stablehlo.gather"(%a, %i) {slice_sizes = array<i64: 1, 3>} : (tensor<4x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  func.return %0 : tensor<2x3xf32>
}

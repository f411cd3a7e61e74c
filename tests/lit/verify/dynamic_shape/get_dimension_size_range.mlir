// get_dimension_size_c1: the dimension is in range.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: get_dimension_size_range.mlir:5:3: error: 'stablehlo.get_dimension_size' op requires dimension attribute in range [0, 2); found (2)
func.func @main(%a: tensor<2x3xf32>) -> tensor<i32> {
  %0 = stablehlo.get_dimension_size %a, dim = 2 : (tensor<2x3xf32>) -> tensor<i32>
  func.return %0 : tensor<i32>
}

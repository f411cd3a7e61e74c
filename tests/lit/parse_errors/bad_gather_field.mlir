// A misspelled field of #stablehlo.gather<...>.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_gather_field.mlir:5:74: error: unexpected field 'offset_dim'
func.func @f(%a: tensor<4xf32>, %i: tensor<1xi32>) -> tensor<1xf32> {
  %0 = "stablehlo.gather"(%a, %i) {dimension_numbers = #stablehlo.gather<offset_dim = [0]>, slice_sizes = array<i64: 1>} : (tensor<4xf32>, tensor<1xi32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

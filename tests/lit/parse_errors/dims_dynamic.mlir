// Dimension numbers are plain integers: a '?' in #stablehlo.dot (or any
// structured attribute's list) is an error. It was accepted and printed as
// `contracting_dims = [2] x [?]`, which does not parse (found by the
// mutation driver, fuzz/mutate.c).
// RUN: not %cxla opt --no-verify %s 2>&1 | FileCheck %s
// CHECK: dims_dynamic.mlir:[[@LINE+2]]:144: error: expected integer
func.func @f(%a: tensor<?x8x4xf32>, %b: tensor<4x5xf32>) -> tensor<?x8x5xf32> {
  %0 = "stablehlo.dot_general"(%a, %b) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [?]>} : (tensor<?x8x4xf32>, tensor<4x5xf32>) -> tensor<?x8x5xf32>
  return %0 : tensor<?x8x5xf32>
}

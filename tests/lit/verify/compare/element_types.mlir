// compare_c1: lhs and rhs have the same element type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: element_types.mlir:5:3: error: 'stablehlo.compare' op requires the same element type for both operands, but got 'tensor<2xf32>' and 'tensor<2xi32>'
func.func @main(%a: tensor<2xf32>, %b: tensor<2xi32>) -> tensor<2xi1> {
  %0 = stablehlo.compare LT, %a, %b : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xi1>
  func.return %0 : tensor<2xi1>
}

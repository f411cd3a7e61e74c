// add_c1: lhs, rhs and result have the same type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: add_shape.mlir:5:3: error: 'stablehlo.add' op requires the same type for all operands and results
func.func @main(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
  %0 = stablehlo.add %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

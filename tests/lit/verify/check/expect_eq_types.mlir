// check.expect_eq compares values of one type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: expect_eq_types.mlir:5:3: error: 'check.expect_eq' op requires the same type for both operands, but got 'tensor<2xf32>' and 'tensor<2xi32>'
func.func @main(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  "check.expect_eq"(%a, %b) : (tensor<2xf32>, tensor<2xi32>) -> ()
  func.return
}

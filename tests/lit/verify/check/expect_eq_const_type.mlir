// The expected constant has the checked value's type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: expect_eq_const_type.mlir:5:3: error: 'check.expect_eq_const' op expected value of type 'tensor<2xf32>', but got 'tensor<2xi32>'
func.func @main(%a: tensor<2xf32>) {
  check.expect_eq_const %a, dense<[1, 2]> : tensor<2xi32>
  func.return
}

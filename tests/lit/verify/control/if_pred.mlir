// if's pred is a 0-dimensional i1 tensor.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: if_pred.mlir:5:3: error: 'stablehlo.if' op pred must be a 0-dimensional tensor of i1, but got 'tensor<2xi1>'
func.func @main(%p: tensor<2xi1>, %a: tensor<i32>) -> tensor<i32> {
  %0 = "stablehlo.if"(%p) ({
    stablehlo.return %a : tensor<i32>
  }, {
    stablehlo.return %a : tensor<i32>
  }) : (tensor<2xi1>) -> tensor<i32>
  func.return %0 : tensor<i32>
}

// select's pred is a boolean tensor.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: select_pred_type.mlir:5:3: error: 'stablehlo.select' op operand #0 (pred) must be a tensor of boolean values, but got 'tensor<2xi32>'
func.func @main(%p: tensor<2xi32>, %a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.select %p, %a, %a : (tensor<2xi32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

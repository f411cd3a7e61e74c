// popcnt takes integer tensors.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: popcnt_float.mlir:5:3: error: 'stablehlo.popcnt' op operand #0 must be a tensor of integer values, but got 'tensor<2xf32>'
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.popcnt %a : tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

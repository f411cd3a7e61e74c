// and takes boolean or integer tensors.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: and_float.mlir:5:3: error: 'stablehlo.and' op operand #0 must be a tensor of boolean or integer values, but got 'tensor<2xf32>'
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.and %a, %a : tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

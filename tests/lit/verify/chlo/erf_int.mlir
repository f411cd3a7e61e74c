// erf takes floating-point tensors.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: erf_int.mlir:5:3: error: 'chlo.erf' op operand #0 must be a tensor of floating-point values, but got 'tensor<4xi32>'
func.func @main(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = chlo.erf %a : tensor<4xi32> -> tensor<4xi32>
  func.return %0 : tensor<4xi32>
}

// abs takes signed integer, float, complex or quantized tensors.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: abs_unsigned.mlir:5:3: error: 'stablehlo.abs' op operand #0 must be a tensor of signed integer, floating-point, complex or per-tensor quantized values, but got 'tensor<2xui32>'
func.func @main(%a: tensor<2xui32>) -> tensor<2xui32> {
  %0 = stablehlo.abs %a : tensor<2xui32>
  func.return %0 : tensor<2xui32>
}

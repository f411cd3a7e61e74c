// Quantized type C8: zero points lie within the storage range.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: quant_zero_point.mlir:4:1: error: 'func.func' op block argument #0 has a zero point 300 outside the storage range [-128, 127]
func.func @main(%a: tensor<2x!quant.uniform<i8:f32, 1.0:300>>) -> tensor<2x!quant.uniform<i8:f32, 1.0:300>> {
  %0 = stablehlo.negate %a : tensor<2x!quant.uniform<i8:f32, 1.0:300>>
  func.return %0 : tensor<2x!quant.uniform<i8:f32, 1.0:300>>
}

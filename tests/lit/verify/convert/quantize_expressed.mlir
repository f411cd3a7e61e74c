// uniform_quantize_c2: expressed type matches the float operand.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: quantize_expressed.mlir:5:3: error: 'stablehlo.uniform_quantize' op expects the result's expressed type to be 'f64', but got '!quant.uniform<i8:f32, 1.000000e+00>'
func.func @main(%a: tensor<2xf64>) -> tensor<2x!quant.uniform<i8:f32, 1.0:0>> {
  %0 = stablehlo.uniform_quantize %a : (tensor<2xf64>) -> tensor<2x!quant.uniform<i8:f32, 1.0:0>>
  func.return %0 : tensor<2x!quant.uniform<i8:f32, 1.0:0>>
}

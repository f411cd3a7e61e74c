// uniform_dequantize_c2: the result is the expressed type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dequantize_type.mlir:5:3: error: 'stablehlo.uniform_dequantize' op expects the result element type to be the expressed type 'f32', but got 'f64'
func.func @main(%a: tensor<2x!quant.uniform<i8:f32, 1.0:0>>) -> tensor<2xf64> {
  %0 = stablehlo.uniform_dequantize %a : (tensor<2x!quant.uniform<i8:f32, 1.0:0>>) -> tensor<2xf64>
  func.return %0 : tensor<2xf64>
}

// Per-axis quantization has one scale per slice (C13).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: per_axis_scales.mlir:4:1: error: 'func.func' op block argument #0: 'tensor<3x!quant.uniform<i8:f32:0, {1.000000e+00,2.000000e+00}>>' has 2 scales but dimension 0 has size 3
func.func @main(%a: tensor<3x!quant.uniform<i8:f32:0, {1.0:0, 2.0:0}>>) -> tensor<3x!quant.uniform<i8:f32:0, {1.0:0, 2.0:0}>> {
  %0 = "stablehlo.reshape"(%a) : (tensor<3x!quant.uniform<i8:f32:0, {1.0:0, 2.0:0}>>) -> tensor<3x!quant.uniform<i8:f32:0, {1.0:0, 2.0:0}>>
  func.return %0 : tensor<3x!quant.uniform<i8:f32:0, {1.0:0, 2.0:0}>>
}

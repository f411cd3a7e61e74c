// Quantized types: baseline types ignore scales and zero points, and
// per-axis quantization follows the dimension it is attached to.
// RUN: %cxla opt %s | FileCheck %s
// CHECK-LABEL: func.func @main
func.func @main(%a: tensor<2x3x!quant.uniform<i8:f32, 0.5:1>>, %w: tensor<3x4x!quant.uniform<i8:f32:1, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>>) -> tensor<2x4x!quant.uniform<i32:f32:1, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>> {
  // CHECK: stablehlo.abs
  %0 = stablehlo.abs %a : (tensor<2x3x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.25:3>>
  %1 = stablehlo.dot_general %a, %w, contracting_dims = [1] x [0] : (tensor<2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<3x4x!quant.uniform<i8:f32:1, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>>) -> tensor<2x4x!quant.uniform<i32:f32:1, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>>
  %2 = stablehlo.transpose %w, dims = [1, 0] : (tensor<3x4x!quant.uniform<i8:f32:1, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>>) -> tensor<4x3x!quant.uniform<i8:f32:0, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>>
  func.return %1 : tensor<2x4x!quant.uniform<i32:f32:1, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>>
}

// Quantized contractions become dequantize-op-quantize before lowering.
// RUN: %cxla opt --compile-to=simplify %s | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK: %[[A:.*]] = stablehlo.uniform_dequantize %arg0 : (tensor<2x3x!quant.uniform<i8:f32, 5.000000e-01:-1>>) -> tensor<2x3xf32>
// CHECK: %[[B:.*]] = stablehlo.uniform_dequantize %arg1 : (tensor<3x4x!quant.uniform<i8:f32, 2.500000e-01>>) -> tensor<3x4xf32>
// CHECK: %[[D:.*]] = stablehlo.dot_general %[[A]], %[[B]], contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: %[[Q:.*]] = stablehlo.uniform_quantize %[[D]] : (tensor<2x4xf32>) -> tensor<2x4x!quant.uniform<i8:f32, 1.000000e+00:2>>
// CHECK: return %[[Q]]
func.func @main(%a: tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>, %b: tensor<3x4x!quant.uniform<i8:f32, 0.25>>)
    -> tensor<2x4x!quant.uniform<i8:f32, 1.0:2>> {
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0]
      : (tensor<2x3x!quant.uniform<i8:f32, 0.5:-1>>, tensor<3x4x!quant.uniform<i8:f32, 0.25>>)
      -> tensor<2x4x!quant.uniform<i8:f32, 1.0:2>>
  return %r : tensor<2x4x!quant.uniform<i8:f32, 1.0:2>>
}

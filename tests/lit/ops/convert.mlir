// Conversions: convert, bitcast_convert, reduce_precision (pretty
// 'format = eXmY' and generic attributes), uniform_quantize/dequantize.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @convert(%arg0: tensor<4xf32>, %arg1: tensor<4xi32>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.convert %arg0 : (tensor<4xf32>) -> tensor<4xf16>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.convert %arg1 : (tensor<4xi32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %2 = stablehlo.convert %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %3 = stablehlo.bitcast_convert %arg0 : (tensor<4xf32>) -> tensor<4xi32>
// CHECK-NEXT{LITERAL}: %4 = stablehlo.bitcast_convert %arg0 : (tensor<4xf32>) -> tensor<4x4xi8>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.reduce_precision %arg0, format = e5m10 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %6 = stablehlo.reduce_precision %arg0, format = e8m7 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %7 = stablehlo.uniform_quantize %arg0 : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 3.400000e+01:16>>
// CHECK-NEXT{LITERAL}: %8 = stablehlo.uniform_quantize %7 : (tensor<4x!quant.uniform<i8:f32, 3.400000e+01:16>>) -> tensor<4x!quant.uniform<i8:f32, 1.700000e+01:8>>
// CHECK-NEXT{LITERAL}: %9 = stablehlo.uniform_dequantize %8 : (tensor<4x!quant.uniform<i8:f32, 1.700000e+01:8>>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: return %9 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %3 = "stablehlo.bitcast_convert"(%arg0) : (tensor<4xf32>) -> tensor<4xi32>
// GENERIC{LITERAL}: %4 = "stablehlo.bitcast_convert"(%arg0) : (tensor<4xf32>) -> tensor<4x4xi8>
// GENERIC{LITERAL}: %5 = "stablehlo.reduce_precision"(%arg0) <{exponent_bits = 5 : i32, mantissa_bits = 10 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %6 = "stablehlo.reduce_precision"(%arg0) <{exponent_bits = 8 : i32, mantissa_bits = 7 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %7 = "stablehlo.uniform_quantize"(%arg0) : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 3.400000e+01:16>>

func.func @convert(%f: tensor<4xf32>, %i: tensor<4xi32>) -> tensor<4xf32> {
  %0 = stablehlo.convert %f : (tensor<4xf32>) -> tensor<4xf16>
  %1 = stablehlo.convert %i : (tensor<4xi32>) -> tensor<4xf32>
  %2 = stablehlo.convert %f : tensor<4xf32>
  %3 = stablehlo.bitcast_convert %f : (tensor<4xf32>) -> tensor<4xi32>
  %4 = stablehlo.bitcast_convert %f : (tensor<4xf32>) -> tensor<4x4xi8>
  %5 = stablehlo.reduce_precision %f, format = e5m10 : tensor<4xf32>
  %6 = "stablehlo.reduce_precision"(%f) {exponent_bits = 8 : i32, mantissa_bits = 7 : i32} : (tensor<4xf32>) -> tensor<4xf32>
  %7 = stablehlo.uniform_quantize %f : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 3.400000e+01:16>>
  %8 = stablehlo.uniform_quantize %7 : (tensor<4x!quant.uniform<i8:f32, 3.400000e+01:16>>) -> tensor<4x!quant.uniform<i8:f32, 1.700000e+01:8>>
  %9 = stablehlo.uniform_dequantize %8 : (tensor<4x!quant.uniform<i8:f32, 1.700000e+01:8>>) -> tensor<4xf32>
  return %9 : tensor<4xf32>
}

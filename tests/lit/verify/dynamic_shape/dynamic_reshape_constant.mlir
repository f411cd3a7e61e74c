// A constant output_shape must agree with the result shape.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dynamic_reshape_constant.mlir:6:3: error: 'stablehlo.dynamic_reshape' op inferred shape '[3, 2]' is incompatible with result type 'tensor<2x3xf32>'
func.func @main(%a: tensor<6xf32>) -> tensor<2x3xf32> {
  %s = stablehlo.constant dense<[3, 2]> : tensor<2xi64>
  %0 = stablehlo.dynamic_reshape %a, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  func.return %0 : tensor<2x3xf32>
}

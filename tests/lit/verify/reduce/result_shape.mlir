// reduce_c7: the result drops the reduced dimensions.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: result_shape.mlir:5:3: error: 'stablehlo.reduce' op inferred shape '[2]' is incompatible with result type 'tensor<3xf32>'
func.func @main(%a: tensor<2x3xf32>, %c: tensor<f32>) -> tensor<3xf32> {
  %0 = stablehlo.reduce(%a init: %c) applies stablehlo.add across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3xf32>
  func.return %0 : tensor<3xf32>
}

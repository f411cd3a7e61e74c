// batch_norm_training_c3: size(scale) = dim(operand, feature_index).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: scale_size.mlir:5:3: error: 'stablehlo.batch_norm_training' op operand #1 must be a 1-dimensional tensor of size 3 (the feature dimension), but got 'tensor<2xf32>'
func.func @main(%a: tensor<2x3xf32>, %s: tensor<2xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0:3 = "stablehlo.batch_norm_training"(%a, %s, %s) {epsilon = 1.0e-5 : f32, feature_index = 1 : i64} : (tensor<2x3xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>)
  func.return %0#0, %0#1, %0#2 : tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>
}

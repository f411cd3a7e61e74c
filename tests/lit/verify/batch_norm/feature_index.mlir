// batch_norm_inference_c1: 0 <= feature_index < rank(operand).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: feature_index.mlir:5:3: error: 'stablehlo.batch_norm_inference' op expects feature_index to be smaller than the rank of operand type; got feature_index 2, and rank 2
func.func @main(%a: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = "stablehlo.batch_norm_inference"(%a, %s, %s, %s, %s) {epsilon = 1.0e-5 : f32, feature_index = 2 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  func.return %0 : tensor<2x3xf32>
}

// convolution_c14: kernel input features = input features / feature_group_count.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: convolution_feature.mlir:5:3: error: 'stablehlo.convolution' op expects input feature dimension (3) / feature_group_count = kernel input feature dimension (4). Got feature_group_count = 1
func.func @main(%a: tensor<1x8x8x3xf32>, %k: tensor<3x3x4x16xf32>) -> tensor<1x6x6x16xf32> {
  %0 = stablehlo.convolution(%a, %k) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f], window = {} {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x8x8x3xf32>, tensor<3x3x4x16xf32>) -> tensor<1x6x6x16xf32>
  func.return %0 : tensor<1x6x6x16xf32>
}

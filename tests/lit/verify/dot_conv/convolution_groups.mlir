// convolution_c23: feature_group_count = 1 or batch_group_count = 1.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: convolution_groups.mlir:5:3: error: 'stablehlo.convolution' op expects feature_group_count or batch_group_count to be 1, got 2 and 2
func.func @main(%a: tensor<2x8x8x4xf32>, %k: tensor<3x3x2x4xf32>) -> tensor<1x6x6x4xf32> {
  %0 = stablehlo.convolution(%a, %k) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f], window = {} {batch_group_count = 2 : i64, feature_group_count = 2 : i64} : (tensor<2x8x8x4xf32>, tensor<3x3x2x4xf32>) -> tensor<1x6x6x4xf32>
  func.return %0 : tensor<1x6x6x4xf32>
}

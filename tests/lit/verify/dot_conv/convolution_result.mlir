// convolution_c25: spatial result dims are the number of windows.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: convolution_result.mlir:5:3: error: 'stablehlo.convolution' op inferred shape '[1, 6, 6, 16]' is incompatible with result type 'tensor<1x8x8x16xf32>'
func.func @main(%a: tensor<1x8x8x3xf32>, %k: tensor<3x3x3x16xf32>) -> tensor<1x8x8x16xf32> {
  %0 = stablehlo.convolution(%a, %k) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f], window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x8x8x3xf32>, tensor<3x3x3x16xf32>) -> tensor<1x8x8x16xf32>
  func.return %0 : tensor<1x8x8x16xf32>
}

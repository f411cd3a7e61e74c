// dynamic_iota_c2: rank(result) = size(output_shape).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dynamic_iota_rank.mlir:5:3: error: 'stablehlo.dynamic_iota' op output_shape has 2 elements, but the result has rank 1
func.func @main(%s: tensor<2xi64>) -> tensor<?xf32> {
  %0 = stablehlo.dynamic_iota %s, dim = 0 : (tensor<2xi64>) -> tensor<?xf32>
  func.return %0 : tensor<?xf32>
}

// dot (legacy) takes rank-1 or rank-2 operands.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dot_legacy_rank.mlir:5:3: error: 'stablehlo.dot' op expects lhs and rhs of rank 1 or 2, but got ranks 3 and 1
func.func @main(%a: tensor<2x3x4xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  %0 = stablehlo.dot %a, %b : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  func.return %0 : tensor<2x3xf32>
}

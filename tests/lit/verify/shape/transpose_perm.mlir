// transpose_c2: permutation is a permutation of range(rank).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: transpose_perm.mlir:5:3: error: 'stablehlo.transpose' op permutation [1, 1] is not a permutation of [0, 2)
func.func @main(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = stablehlo.transpose %a, dims = [1, 1] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  func.return %0 : tensor<3x2xf32>
}

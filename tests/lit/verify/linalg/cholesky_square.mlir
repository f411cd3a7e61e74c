// cholesky_c3: dim(a, -2) = dim(a, -1).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: cholesky_square.mlir:5:3: error: 'stablehlo.cholesky' op minor dimensions of 'a' must have equal size, got shape 'tensor<3x4xf32>'
func.func @main(%a: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = stablehlo.cholesky %a, lower = true : tensor<3x4xf32>
  func.return %0 : tensor<3x4xf32>
}

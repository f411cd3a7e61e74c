// triangular_solve_c3: a matches b's left_side ? -2 : -1 dimension.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: triangular_solve_shared.mlir:5:3: error: 'stablehlo.triangular_solve' op shared dimension of operands 'a' and 'b' does not match, got shapes 'tensor<3x3xf32>' and 'tensor<4x3xf32>'
func.func @main(%a: tensor<3x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = "stablehlo.triangular_solve"(%a, %b) {left_side = true, lower = true, unit_diagonal = false, transpose_a = #stablehlo<transpose NO_TRANSPOSE>} : (tensor<3x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  func.return %0 : tensor<4x3xf32>
}

// if_c2: both branches return the same types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: if_branch_types.mlir:5:3: error: 'stablehlo.if' op branch #1 output #0 type 'tensor<f32>' differs from branch #0's 'tensor<i32>'
func.func @main(%p: tensor<i1>, %a: tensor<i32>, %b: tensor<f32>) -> tensor<i32> {
  %0 = "stablehlo.if"(%p) ({
    stablehlo.return %a : tensor<i32>
  }, {
    stablehlo.return %b : tensor<f32>
  }) : (tensor<i1>) -> tensor<i32>
  func.return %0 : tensor<i32>
}

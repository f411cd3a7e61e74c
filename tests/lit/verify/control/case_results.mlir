// case_c4: results have the branches' output types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: case_results.mlir:5:3: error: 'stablehlo.case' op result #0 type 'tensor<f32>' is not compatible with the branches' 'tensor<i32>'
func.func @main(%i: tensor<i32>, %a: tensor<i32>) -> tensor<f32> {
  %0 = "stablehlo.case"(%i) ({
    stablehlo.return %a : tensor<i32>
  }) : (tensor<i32>) -> tensor<f32>
  func.return %0 : tensor<f32>
}

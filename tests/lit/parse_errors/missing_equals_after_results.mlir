// Result names without '='.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: missing_equals_after_results.mlir:5:6: error: expected '='
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 stablehlo.abs %a : tensor<f32>
  return %0 : tensor<f32>
}

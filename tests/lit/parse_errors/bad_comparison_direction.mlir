// An unknown comparison direction in the pretty compare form.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_comparison_direction.mlir:5:26: error: unknown comparison_direction 'XX'
func.func @f(%a: tensor<f32>) -> tensor<i1> {
  %0 = stablehlo.compare XX, %a, %a : (tensor<f32>, tensor<f32>) -> tensor<i1>
  return %0 : tensor<i1>
}

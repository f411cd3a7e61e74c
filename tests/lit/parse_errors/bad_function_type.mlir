// A generic op's type without '->'.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_function_type.mlir:5:44: error: expected '->'
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 = "stablehlo.abs"(%a) : (tensor<f32>) tensor<f32>
  return %0 : tensor<f32>
}

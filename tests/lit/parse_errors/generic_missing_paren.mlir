// A generic op's operand list without its ')'.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: generic_missing_paren.mlir:5:27: error: expected ')'
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 = "stablehlo.abs"(%a : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// A generic op whose function type lists more operands than it has.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: generic_operand_count.mlir:5:29: error: 1 operands present, but expected 2
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 = "stablehlo.abs"(%a) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

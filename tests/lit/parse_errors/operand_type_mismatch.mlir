// An operand whose type differs from the pretty form's single type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: operand_type_mismatch.mlir:5:26: error: operand #0's type differs from the op's type; use a function type '(...) -> ...' when types differ
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.abs %a : tensor<4xf32>
  return %0 : tensor<f32>
}

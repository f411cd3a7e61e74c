// output_operand_aliases pair values of the same type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: alias_types.mlir:5:3: error: 'stablehlo.custom_call' op shapes mismatch in the output_operand_alias attribute: operand part has type 'tensor<f32>' and output part has type 'tensor<i32>'
func.func @main(%a: tensor<f32>) -> tensor<i32> {
  %0 = stablehlo.custom_call @foo(%a) {output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [], operand_index = 0, operand_tuple_indices = []>]} : (tensor<f32>) -> tensor<i32>
  func.return %0 : tensor<i32>
}

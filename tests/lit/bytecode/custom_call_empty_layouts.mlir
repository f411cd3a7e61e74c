// custom_call layouts through a portable artifact: `result_layouts = []` next
// to operand layouts means "no result has a layout" and must survive (reading
// dropped it, and the program then failed verification: "Layout attributes
// should be specified for either both operands and results or none"); both
// empty are dropped together, as StableHLO does.
// RUN: %cxla translate --serialize %s -o %t.mlirbc
// RUN: %cxla translate --deserialize %t.mlirbc | %cxla opt - | FileCheck %s

// CHECK: stablehlo.custom_call @no_results(%arg0) {operand_layouts = [dense<0> : tensor<1xindex>], result_layouts = []} : (tensor<2xf32>) -> tuple<>
// CHECK: stablehlo.custom_call @no_operands() {operand_layouts = [], result_layouts = [dense<0> : tensor<1xindex>]} : () -> tensor<2xf32>
// CHECK: stablehlo.custom_call @neither(%arg0) : (tensor<2xf32>) -> tuple<>
func.func @main(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.custom_call @no_results(%arg0) {operand_layouts = [dense<0> : tensor<1xindex>], result_layouts = []} : (tensor<2xf32>) -> tuple<>
  %1 = stablehlo.custom_call @no_operands() {operand_layouts = [], result_layouts = [dense<0> : tensor<1xindex>]} : () -> tensor<2xf32>
  %2 = stablehlo.custom_call @neither(%arg0) {operand_layouts = [], result_layouts = []} : (tensor<2xf32>) -> tuple<>
  return %1 : tensor<2xf32>
}

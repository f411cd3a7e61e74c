// exponential_c1: baseline_type(operand) = baseline_type(result).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: exp_shape.mlir:5:3: error: 'stablehlo.exponential' op requires compatible types for all operands and results
func.func @main(%a: tensor<2xf32>) -> tensor<3xf32> {
  %0 = stablehlo.exponential %a : (tensor<2xf32>) -> tensor<3xf32>
  func.return %0 : tensor<3xf32>
}

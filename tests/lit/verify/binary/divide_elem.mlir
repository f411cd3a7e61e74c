// divide_c1: baseline types agree.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: divide_elem.mlir:5:3: error: 'stablehlo.divide' op requires compatible types for all operands and results
func.func @main(%a: tensor<2xf32>, %b: tensor<2xf64>) -> tensor<2xf32> {
  %0 = stablehlo.divide %a, %b : (tensor<2xf32>, tensor<2xf64>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

// slice_c3: limit_indices <= shape(operand).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: slice_limit.mlir:5:3: error: 'stablehlo.slice' op limit index 5 is larger than dimension size 4 in dimension 0
func.func @main(%a: tensor<4xf32>) -> tensor<2xf32> {
  %0 = stablehlo.slice %a [3:5] : (tensor<4xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

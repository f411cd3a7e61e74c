// A slice range with a missing stride.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: slice_bad_syntax.mlir:5:32: error: expected integer
func.func @f(%a: tensor<4xf32>) -> tensor<2xf32> {
  %0 = stablehlo.slice %a [0:2:] : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

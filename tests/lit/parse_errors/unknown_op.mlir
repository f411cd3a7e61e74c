// The pretty form of an op cxla does not know.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: unknown_op.mlir:5:8: error: unknown operation 'stablehlo.frobnicate' (custom form of an op cxla does not know; the generic form "name"(...) is accepted for any op)
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.frobnicate %a : tensor<f32>
  return %0 : tensor<f32>
}

// More result names than the op has results.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: result_count_mismatch.mlir:5:10: error: operation defines 1 results but was provided 2 to bind
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0:2 = stablehlo.abs %a : tensor<f32>
  return %0#0 : tensor<f32>
}

// A use of a result number the op does not have.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: result_index_out_of_range.mlir:6:10: error: result number 1 of '%0' is out of range (it has 1)
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.abs %a : tensor<f32>
  return %0#1 : tensor<f32>
}

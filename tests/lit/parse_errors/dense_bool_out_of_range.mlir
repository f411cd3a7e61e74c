// An i1 element other than 0 or 1.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_bool_out_of_range.mlir:5:37: error: i1 elements are 0 or 1
func.func @f() {
  %0 = stablehlo.constant dense<[0, 2]> : tensor<2xi1>
  return
}

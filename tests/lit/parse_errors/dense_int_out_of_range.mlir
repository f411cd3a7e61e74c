// An i8 element out of range.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_int_out_of_range.mlir:5:37: error: value out of range for 'i8'
func.func @f() {
  %0 = stablehlo.constant dense<[1, 300]> : tensor<2xi8>
  return
}

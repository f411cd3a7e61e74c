// A float element in an integer tensor.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_float_for_int.mlir:5:33: error: expected an integer element
func.func @f() {
  %0 = stablehlo.constant dense<1.5> : tensor<i32>
  return
}

// A flat element list for a rank-2 tensor.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_not_nested_enough.mlir:5:34: error: expected '[' (the element list is nested less deeply than the tensor's rank 2)
func.func @f() {
  %0 = stablehlo.constant dense<[1, 2, 3, 4]> : tensor<2x2xi32>
  return
}

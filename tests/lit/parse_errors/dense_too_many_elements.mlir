// More elements than the tensor type holds.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_too_many_elements.mlir:5:39: error: too many elements for the tensor type
func.func @f() {
  %0 = stablehlo.constant dense<[1, 2, 3]> : tensor<2xi32>
  return
}

// A ragged nested element list.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_too_few_nested.mlir:5:41: error: dimension 1 of the elements literal has 1 elements but the type has 2
func.func @f() {
  %0 = stablehlo.constant dense<[[1, 2], [3]]> : tensor<2x2xi32>
  return
}

// Dense elements for a dynamically shaped tensor.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_dynamic_type.mlir:5:37: error: dense elements need a statically shaped tensor type
func.func @f() {
  %0 = stablehlo.constant dense<1> : tensor<?xi32>
  return
}

// A negative element of an unsigned tensor.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_negative_unsigned.mlir:5:33: error: negative value for an unsigned type
func.func @f() {
  %0 = stablehlo.constant dense<-1> : tensor<ui32>
  return
}

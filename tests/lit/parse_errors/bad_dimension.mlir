// A negative dimension size in a tensor type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_dimension.mlir:4:27: error: expected type
func.func @f(%a: tensor<4x-1xf32>) {
  return
}

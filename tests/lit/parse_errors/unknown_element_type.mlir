// An element type that does not exist.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: unknown_element_type.mlir:4:27: error: unknown type 'f33'
func.func @f(%a: tensor<4xf33>) {
  return
}

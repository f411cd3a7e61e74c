// A generic op with an empty name.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: empty_op_name.mlir:5:8: error: empty operation name is invalid
func.func @f() {
  %0 = "" () : () -> tensor<f32>
  return
}

// A function body whose signature has no argument names.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: func_missing_arg_names.mlir:4:42: error: a function with a body needs named arguments
func.func @f(tensor<f32>) -> tensor<f32> {
  return
}

// A function inside a function body.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: nested_func.mlir:5:3: error: 'func.func' must be at module level
func.func @outer() {
  func.func @inner() {
    return
  }
  return
}

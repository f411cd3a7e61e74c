// A file location whose line is not a number.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_location.mlir:5:21: error: expected integer
func.func @f() {
  return loc("a.py":x:1)
}

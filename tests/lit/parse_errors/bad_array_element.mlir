// A non-number inside array<i64: ...>.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_array_element.mlir:4:46: error: expected integer
func.func @f() attributes {a = array<i64: 1, x>} {
  return
}

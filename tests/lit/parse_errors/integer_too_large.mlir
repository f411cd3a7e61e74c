// An integer literal beyond 64 bits.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: integer_too_large.mlir:4:32: error: integer literal out of range
func.func @f() attributes {a = 99999999999999999999 : i64} {
  return
}

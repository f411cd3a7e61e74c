// An unknown escape sequence in a string attribute.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_string_escape.mlir:4:34: error: unknown escape in string literal
func.func @f() attributes {s = "a\q"} {
  return
}

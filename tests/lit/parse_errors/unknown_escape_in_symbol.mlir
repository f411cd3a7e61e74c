// An unknown escape in a quoted symbol name.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: unknown_escape_in_symbol.mlir:4:14: error: unknown escape in string literal
func.func @"f\z"() {
  return
}

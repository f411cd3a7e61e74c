// A float literal with an empty exponent.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_float_literal.mlir:4:32: error: malformed float literal
func.func @f() attributes {a = 1.5e : f32} {
  return
}

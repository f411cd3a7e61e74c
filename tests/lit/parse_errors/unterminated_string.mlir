// A string attribute without its closing quote.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: unterminated_string.mlir:4:32: error: string literal is missing its closing quote
func.func @f() attributes {s = "abc} {
  return
}

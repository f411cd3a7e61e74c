// A use of an attribute alias that is not defined.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: undefined_attr_alias.mlir:4:32: error: undefined attribute alias '#missing'
func.func @f() attributes {a = #missing} {
  return
}

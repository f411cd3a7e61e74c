// An alias defined twice.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: redefined_alias.mlir:5:1: error: redefinition of alias '#a'
#a = 1 : i32
#a = 2 : i32
func.func @f() attributes {x = #a} {
  return
}

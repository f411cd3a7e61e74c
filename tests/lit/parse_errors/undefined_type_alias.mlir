// A use of a type alias that is not defined.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: undefined_type_alias.mlir:4:18: error: undefined type alias '!missing'
func.func @f(%a: !missing) {
  return
}

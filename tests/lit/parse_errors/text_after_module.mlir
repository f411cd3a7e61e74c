// Ops after an explicit module.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: text_after_module.mlir:6:1: error: unexpected input after the module
module {
}
func.func @f() {
  return
}

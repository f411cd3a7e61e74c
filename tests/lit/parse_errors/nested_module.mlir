// A module inside a module.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: nested_module.mlir:5:3: error: nested modules are not supported
module {
  module {
  }
}

// A function body that is never closed.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: unbalanced_region.mlir:7:1: error: expected '}'
func.func @f() {
  return


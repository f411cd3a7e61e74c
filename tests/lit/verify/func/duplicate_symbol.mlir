// Function names are unique within a module.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: duplicate_symbol.mlir:7:1: error: 'func.func' op redefinition of symbol named 'f'
func.func @f() {
  func.return
}
func.func @f() {
  func.return
}

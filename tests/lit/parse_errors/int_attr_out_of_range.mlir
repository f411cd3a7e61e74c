// An integer attribute out of range for its type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: int_attr_out_of_range.mlir:4:32: error: integer constant out of range for type 'i8'
func.func @f() attributes {a = 128 : i8} {
  return
}

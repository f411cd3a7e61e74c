// Type aliases that refer to each other.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: recursive_alias.mlir:5:12: error: alias '!a' refers to itself
!a = tuple<!b>
!b = tuple<!a>
func.func @f(%x: !a) {
  return
}

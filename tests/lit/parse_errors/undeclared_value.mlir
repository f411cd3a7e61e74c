// A use of an SSA name that was never defined.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: undeclared_value.mlir:5:10: error: use of undeclared SSA value '%x'
func.func @f() -> tensor<i32> {
  return %x : tensor<i32>
}

// A use before the definition in the same block.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: forward_reference.mlir:5:22: error: use of undeclared SSA value '%1'
func.func @f() -> tensor<4xf32> {
  %0 = stablehlo.abs %1 : tensor<4xf32>
  %1 = stablehlo.constant dense<0.0> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

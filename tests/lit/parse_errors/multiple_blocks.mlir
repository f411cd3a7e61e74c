// A region with a second block (StableHLO has no branches).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: multiple_blocks.mlir:6:1: error: regions with more than one block are not supported
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  return %a : tensor<f32>
^bb1:
  return %a : tensor<f32>
}

// An op after the return that ends a block.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: op_after_return.mlir:6:3: error: 'func.return' must be the last operation in its block
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  return %a : tensor<f32>
  %0 = stablehlo.abs %a : tensor<f32>
}

// async_done consumes a future.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: done_operand.mlir:5:3: error: 'stablehlo.async_done' op operand must be a !stablehlo.future, but got 'tensor<4xf32>'
func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "stablehlo.async_done"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

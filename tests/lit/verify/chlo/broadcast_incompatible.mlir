// Broadcasting needs equal sizes or 1.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: broadcast_incompatible.mlir:5:3: error: 'chlo.broadcast_add' op cannot broadcast 'tensor<2x3xf32>' and 'tensor<4xf32>': dimension sizes 3 and 4
func.func @main(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  %0 = chlo.broadcast_add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  func.return %0 : tensor<2x3xf32>
}

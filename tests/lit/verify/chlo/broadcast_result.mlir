// The result has the broadcast shape.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: broadcast_result.mlir:5:3: error: 'chlo.broadcast_multiply' op inferred shape '[2, 3]' is incompatible with result type 'tensor<2x1xf32>'
func.func @main(%a: tensor<2x1xf32>, %b: tensor<3xf32>) -> tensor<2x1xf32> {
  %0 = chlo.broadcast_multiply %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x1xf32>
  func.return %0 : tensor<2x1xf32>
}

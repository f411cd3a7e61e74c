// select_c1: pred is rank 0 or shaped like on_true.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: select_pred_shape.mlir:5:3: error: 'stablehlo.select' op requires the same shape for all operands, or a rank-0 pred; got pred 'tensor<3xi1>' and on_true 'tensor<2xf32>'
func.func @main(%p: tensor<3xi1>, %a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.select %p, %a, %a : (tensor<3xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

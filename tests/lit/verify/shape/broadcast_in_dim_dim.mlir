// broadcast_in_dim_c5: operand dims are 1 or equal to the result's.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: broadcast_in_dim_dim.mlir:5:3: error: 'stablehlo.broadcast_in_dim' op size of operand dimension 1 (3) is not equal to 1 or size of result dimension 2 (4)
func.func @main(%a: tensor<2x3xf32>) -> tensor<4x2x4xf32> {
  %0 = stablehlo.broadcast_in_dim %a, dims = [1, 2] : (tensor<2x3xf32>) -> tensor<4x2x4xf32>
  func.return %0 : tensor<4x2x4xf32>
}

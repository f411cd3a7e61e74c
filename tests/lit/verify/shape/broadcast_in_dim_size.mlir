// broadcast_in_dim_c2: one broadcast dimension per operand dimension.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: broadcast_in_dim_size.mlir:5:3: error: 'stablehlo.broadcast_in_dim' op broadcast_dimensions size (1) does not match operand rank (2)
func.func @main(%a: tensor<2x3xf32>) -> tensor<4x2x3xf32> {
  %0 = stablehlo.broadcast_in_dim %a, dims = [1] : (tensor<2x3xf32>) -> tensor<4x2x3xf32>
  func.return %0 : tensor<4x2x3xf32>
}

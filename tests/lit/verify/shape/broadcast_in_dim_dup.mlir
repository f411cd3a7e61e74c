// broadcast_in_dim_c4: broadcast dimensions are unique.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: broadcast_in_dim_dup.mlir:5:3: error: 'stablehlo.broadcast_in_dim' op broadcast_dimensions should not have duplicates
func.func @main(%a: tensor<1x1xf32>) -> tensor<4x4xf32> {
  %0 = stablehlo.broadcast_in_dim %a, dims = [0, 0] : (tensor<1x1xf32>) -> tensor<4x4xf32>
  func.return %0 : tensor<4x4xf32>
}

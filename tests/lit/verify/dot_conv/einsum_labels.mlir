// einsum config terms have one label per dimension.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: einsum_labels.mlir:5:3: error: 'stablehlo.einsum' op einsum_config "abc,cd->ad": term 0 has 3 labels for a tensor of rank 2
func.func @main(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = stablehlo.einsum %a, %b, config = "abc,cd->ad" : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  func.return %0 : tensor<2x4xf32>
}

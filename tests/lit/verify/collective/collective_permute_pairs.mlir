// collective_permute_c3: targets are unique.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: collective_permute_pairs.mlir:5:3: error: 'stablehlo.collective_permute' op duplicate targets not allowed in source_target_pairs
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "stablehlo.collective_permute"(%a) {source_target_pairs = dense<[[0, 1], [1, 1]]> : tensor<2x2xi64>} : (tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

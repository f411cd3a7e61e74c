// all_to_all_c2: the split dimension divides by split_count.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: all_to_all_split.mlir:5:3: error: 'stablehlo.all_to_all' op split dimension has size 3, expected to be a multiple of split_count 2
func.func @main(%a: tensor<2x3xf32>) -> tensor<4x1xf32> {
  %0 = "stablehlo.all_to_all"(%a) {split_dimension = 1 : i64, concat_dimension = 0 : i64, split_count = 2 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x3xf32>) -> tensor<4x1xf32>
  func.return %0 : tensor<4x1xf32>
}

// all_gather_c2: replica ids are unique.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: replica_groups_unique.mlir:5:3: error: 'stablehlo.all_gather' op replica ids in replica_groups must be unique
func.func @main(%a: tensor<2x2xf32>) -> tensor<2x4xf32> {
  %0 = "stablehlo.all_gather"(%a) {all_gather_dim = 1 : i64, replica_groups = dense<[[0, 0]]> : tensor<1x2xi64>} : (tensor<2x2xf32>) -> tensor<2x4xf32>
  func.return %0 : tensor<2x4xf32>
}

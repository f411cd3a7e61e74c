// all_gather_c5: use_global_device_ids needs channel_id > 0.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: global_ids_channel.mlir:5:3: error: 'stablehlo.all_gather' op channel_id must be positive when use_global_device_ids is set but got: 0
func.func @main(%a: tensor<2x2xf32>) -> tensor<2x4xf32> {
  %0 = "stablehlo.all_gather"(%a) {all_gather_dim = 1 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, use_global_device_ids} : (tensor<2x2xf32>) -> tensor<2x4xf32>
  func.return %0 : tensor<2x4xf32>
}

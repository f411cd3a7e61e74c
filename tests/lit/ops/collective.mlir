// Distribution and I/O ops (generic form): all_gather, all_reduce,
// all_to_all, reduce_scatter, collective_permute, collective_broadcast,
// collective_reduce, cross-replica-sum, send, recv, infeed, outfeed; and the
// pretty replica_id / partition_id.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @collectives(%arg0: tensor<2x4xi64>, %arg1: !stablehlo.token) -> tensor<2x4xi64> {
// CHECK-NEXT{LITERAL}: %0 = "stablehlo.all_gather"(%arg0) <{all_gather_dim = 1 : i64, channel_handle = #stablehlo.channel_handle<handle = 1, type = 0>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, use_global_device_ids}> : (tensor<2x4xi64>) -> tensor<2x8xi64>
// CHECK-NEXT{LITERAL}: %1 = "stablehlo.all_reduce"(%arg0) <{replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>}> ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg2: tensor<i64>, %arg3: tensor<i64>):
// CHECK-NEXT{LITERAL}: %14 = stablehlo.add %arg2, %arg3 : tensor<i64>
// CHECK-NEXT{LITERAL}: stablehlo.return %14 : tensor<i64>
// CHECK-NEXT{LITERAL}: }) : (tensor<2x4xi64>) -> tensor<2x4xi64>
// CHECK-NEXT{LITERAL}: %2 = "stablehlo.all_to_all"(%arg0) <{concat_dimension = 0 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, split_count = 2 : i64, split_dimension = 1 : i64}> : (tensor<2x4xi64>) -> tensor<4x2xi64>
// CHECK-NEXT{LITERAL}: %3 = "stablehlo.reduce_scatter"(%arg0) <{replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, scatter_dimension = 1 : i64}> ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg2: tensor<i64>, %arg3: tensor<i64>):
// CHECK-NEXT{LITERAL}: %14 = stablehlo.add %arg2, %arg3 : tensor<i64>
// CHECK-NEXT{LITERAL}: stablehlo.return %14 : tensor<i64>
// CHECK-NEXT{LITERAL}: }) : (tensor<2x4xi64>) -> tensor<2x2xi64>
// CHECK-NEXT{LITERAL}: %4 = "stablehlo.collective_permute"(%arg0) <{channel_handle = #stablehlo.channel_handle<handle = 0, type = 1>, source_target_pairs = dense<[[0, 1], [1, 0]]> : tensor<2x2xi64>}> : (tensor<2x4xi64>) -> tensor<2x4xi64>
// CHECK-NEXT{LITERAL}: %5 = "stablehlo.collective_broadcast"(%arg0) <{replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>}> : (tensor<2x4xi64>) -> tensor<2x4xi64>
// CHECK-NEXT{LITERAL}: %6 = "stablehlo.cross-replica-sum"(%arg0) <{replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>}> : (tensor<2x4xi64>) -> tensor<2x4xi64>
// CHECK-NEXT{LITERAL}: %7 = stablehlo.replica_id : tensor<ui32>
// CHECK-NEXT{LITERAL}: %8 = stablehlo.partition_id : tensor<ui32>
// CHECK-NEXT{LITERAL}: %9 = "stablehlo.send"(%arg0, %arg1) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 2>, is_host_transfer = true}> : (tensor<2x4xi64>, !stablehlo.token) -> !stablehlo.token
// CHECK-NEXT{LITERAL}: %10:2 = "stablehlo.recv"(%arg1) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 3>, is_host_transfer = true}> : (!stablehlo.token) -> (tensor<2x4xi64>, !stablehlo.token)
// CHECK-NEXT{LITERAL}: %11:2 = "stablehlo.infeed"(%arg1) <{infeed_config = "", layout = [[1 : i64, 0 : i64]]}> : (!stablehlo.token) -> (tensor<2x4xi64>, !stablehlo.token)
// CHECK-NEXT{LITERAL}: %12 = "stablehlo.outfeed"(%arg0, %arg1) <{outfeed_config = ""}> : (tensor<2x4xi64>, !stablehlo.token) -> !stablehlo.token
// CHECK-NEXT{LITERAL}: %13 = "stablehlo.collective_reduce"(%arg0) <{replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>}> ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg2: tensor<i64>, %arg3: tensor<i64>):
// CHECK-NEXT{LITERAL}: %14 = stablehlo.maximum %arg2, %arg3 : tensor<i64>
// CHECK-NEXT{LITERAL}: stablehlo.return %14 : tensor<i64>
// CHECK-NEXT{LITERAL}: }) : (tensor<2x4xi64>) -> tensor<2x4xi64>
// CHECK-NEXT{LITERAL}: return %1 : tensor<2x4xi64>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %0 = "stablehlo.all_gather"(%arg0) <{all_gather_dim = 1 : i64, channel_handle = #stablehlo.channel_handle<handle = 1, type = 0>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, use_global_device_ids}> : (tensor<2x4xi64>) -> tensor<2x8xi64>
// GENERIC{LITERAL}: %7 = "stablehlo.replica_id"() : () -> tensor<ui32>
// GENERIC{LITERAL}: %9 = "stablehlo.send"(%arg0, %arg1) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 2>, is_host_transfer = true}> : (tensor<2x4xi64>, !stablehlo.token) -> !stablehlo.token
// GENERIC{LITERAL}: %11:2 = "stablehlo.infeed"(%arg1) <{infeed_config = "", layout = [[1 : i64, 0 : i64]]}> : (!stablehlo.token) -> (tensor<2x4xi64>, !stablehlo.token)

func.func @collectives(%x: tensor<2x4xi64>, %t: !stablehlo.token) -> tensor<2x4xi64> {
  %0 = "stablehlo.all_gather"(%x) {all_gather_dim = 1 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, channel_handle = #stablehlo.channel_handle<handle = 1, type = 0>, use_global_device_ids} : (tensor<2x4xi64>) -> tensor<2x8xi64>
  %1 = "stablehlo.all_reduce"(%x) ({
  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
    %s = stablehlo.add %a, %b : tensor<i64>
    stablehlo.return %s : tensor<i64>
  }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x4xi64>) -> tensor<2x4xi64>
  %2 = "stablehlo.all_to_all"(%x) {split_dimension = 1 : i64, concat_dimension = 0 : i64, split_count = 2 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x4xi64>) -> tensor<4x2xi64>
  %3 = "stablehlo.reduce_scatter"(%x) ({
  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
    %s = stablehlo.add %a, %b : tensor<i64>
    stablehlo.return %s : tensor<i64>
  }) {scatter_dimension = 1 : i64, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x4xi64>) -> tensor<2x2xi64>
  %4 = "stablehlo.collective_permute"(%x) {source_target_pairs = dense<[[0, 1], [1, 0]]> : tensor<2x2xi64>, channel_handle = #stablehlo.channel_handle<handle = 0, type = 1>} : (tensor<2x4xi64>) -> tensor<2x4xi64>
  %5 = "stablehlo.collective_broadcast"(%x) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x4xi64>) -> tensor<2x4xi64>
  %6 = "stablehlo.cross-replica-sum"(%x) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x4xi64>) -> tensor<2x4xi64>
  %7 = stablehlo.replica_id : tensor<ui32>
  %8 = stablehlo.partition_id : tensor<ui32>
  %9 = "stablehlo.send"(%x, %t) {channel_handle = #stablehlo.channel_handle<handle = 1, type = 2>, is_host_transfer = true} : (tensor<2x4xi64>, !stablehlo.token) -> !stablehlo.token
  %10:2 = "stablehlo.recv"(%t) {channel_handle = #stablehlo.channel_handle<handle = 1, type = 3>, is_host_transfer = true} : (!stablehlo.token) -> (tensor<2x4xi64>, !stablehlo.token)
  %11:2 = "stablehlo.infeed"(%t) {infeed_config = "", layout = [[1, 0]]} : (!stablehlo.token) -> (tensor<2x4xi64>, !stablehlo.token)
  %12 = "stablehlo.outfeed"(%x, %t) {outfeed_config = ""} : (tensor<2x4xi64>, !stablehlo.token) -> !stablehlo.token
  %13 = "stablehlo.collective_reduce"(%x) ({
  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
    %s = stablehlo.maximum %a, %b : tensor<i64>
    stablehlo.return %s : tensor<i64>
  }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2x4xi64>) -> tensor<2x4xi64>
  return %1 : tensor<2x4xi64>
}

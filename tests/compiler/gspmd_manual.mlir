// A shard_map as JAX exported it before Shardy (GSPMD's manual regions):
// the ops between @SPMDFullToShardShape and @SPMDShardToFullShape run once
// per device on the shards the mhlo.sharding strings give them, compiled
// and interpreted (cxla check --mode=both). The sharding strings cover
// explicit device lists, iota lists (transposed too) and a replicated last
// tile dimension; a constant from outside the region is copied in.
module @jit_f attributes {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32} {
  // Rows over two devices: each device swaps its rows with the other's (a
  // ppermute) and adds the replicated vector and a constant.
  func.func public @two_inputs() -> tensor<4x2xf32> {
    %x = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
    %y = stablehlo.constant dense<[10.0, 20.0]> : tensor<2xf32>
    %c = stablehlo.constant dense<0.5> : tensor<2x2xf32>
    %0 = stablehlo.custom_call @Sharding(%x) {mhlo.sharding = "{devices=[2,1]0,1}"} : (tensor<4x2xf32>) -> tensor<4x2xf32>
    %1 = stablehlo.custom_call @SPMDFullToShardShape(%0) {mhlo.sharding = "{manual}"} : (tensor<4x2xf32>) -> tensor<2x2xf32>
    %2 = stablehlo.custom_call @Sharding(%y) {mhlo.sharding = "{replicated}"} : (tensor<2xf32>) -> tensor<2xf32>
    %3 = stablehlo.custom_call @SPMDFullToShardShape(%2) {mhlo.sharding = "{manual}"} : (tensor<2xf32>) -> tensor<2xf32>
    %4 = "stablehlo.collective_permute"(%1) {channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, source_target_pairs = dense<[[0, 1], [1, 0]]> : tensor<2x2xi64>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %5 = stablehlo.broadcast_in_dim %3, dims = [1] : (tensor<2xf32>) -> tensor<2x2xf32>
    %6 = stablehlo.add %4, %5 : tensor<2x2xf32>
    %7 = stablehlo.add %6, %c : tensor<2x2xf32>
    %8 = stablehlo.custom_call @Sharding(%7) {mhlo.sharding = "{manual}"} : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %9 = stablehlo.custom_call @SPMDShardToFullShape(%8) {mhlo.sharding = "{devices=[2,1]0,1}"} : (tensor<2x2xf32>) -> tensor<4x2xf32>
    check.expect_eq_const %9, dense<[[15.5, 26.5], [17.5, 28.5], [11.5, 22.5], [13.5, 24.5]]> : tensor<4x2xf32>
    return %9 : tensor<4x2xf32>
  }

  // A 2 x 2 tiling whose devices are an iota transposed ([0, 2, 1, 3]):
  // the block of tile (i, j) comes from device [0, 2, 1, 3][2i + j], which
  // writes 10 * its partition id + the column.
  func.func public @iota_tiles() -> tensor<2x4xi32> {
    %z = stablehlo.constant dense<0> : tensor<2x4xi32>
    %0 = stablehlo.custom_call @Sharding(%z) {mhlo.sharding = "{devices=[2,2]<=[2,2]T(1,0)}"} : (tensor<2x4xi32>) -> tensor<2x4xi32>
    %1 = stablehlo.custom_call @SPMDFullToShardShape(%0) {mhlo.sharding = "{manual}"} : (tensor<2x4xi32>) -> tensor<1x2xi32>
    %p = stablehlo.partition_id : tensor<ui32>
    %2 = stablehlo.convert %p : (tensor<ui32>) -> tensor<i32>
    %3 = stablehlo.broadcast_in_dim %2, dims = [] : (tensor<i32>) -> tensor<1x2xi32>
    %ten = stablehlo.constant dense<10> : tensor<1x2xi32>
    %4 = stablehlo.multiply %3, %ten : tensor<1x2xi32>
    %5 = stablehlo.iota dim = 1 : tensor<1x2xi32>
    %6 = stablehlo.add %4, %5 : tensor<1x2xi32>
    %7 = stablehlo.add %6, %1 : tensor<1x2xi32>
    %8 = stablehlo.custom_call @SPMDShardToFullShape(%7) {mhlo.sharding = "{devices=[2,2]<=[2,2]T(1,0)}"} : (tensor<1x2xi32>) -> tensor<2x4xi32>
    check.expect_eq_const %8, dense<[[0, 1, 20, 21], [10, 11, 30, 31]]> : tensor<2x4xi32>
    return %8 : tensor<2x4xi32>
  }

  // Rows over two devices, each shard held by two (the last tile dimension
  // replicates): a sum over each shard's two holders doubles it.
  func.func public @replicated_last() -> tensor<4x2xf32> {
    %x = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
    %0 = stablehlo.custom_call @Sharding(%x) {mhlo.sharding = "{devices=[2,1,2]0,1,2,3 last_tile_dim_replicate}"} : (tensor<4x2xf32>) -> tensor<4x2xf32>
    %1 = stablehlo.custom_call @SPMDFullToShardShape(%0) {mhlo.sharding = "{manual}"} : (tensor<4x2xf32>) -> tensor<2x2xf32>
    %2 = "stablehlo.all_reduce"(%1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %s = stablehlo.add %a, %b : tensor<f32>
      stablehlo.return %s : tensor<f32>
    }) {channel_handle = #stablehlo.channel_handle<handle = 2, type = 1>, replica_groups = dense<[[0, 1], [2, 3]]> : tensor<2x2xi64>, use_global_device_ids} : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %3 = stablehlo.custom_call @SPMDShardToFullShape(%2) {mhlo.sharding = "{devices=[2,1,2]0,1,2,3 last_tile_dim_replicate}"} : (tensor<2x2xf32>) -> tensor<4x2xf32>
    check.expect_eq_const %3, dense<[[2.0, 4.0], [6.0, 8.0], [10.0, 12.0], [14.0, 16.0]]> : tensor<4x2xf32>
    return %3 : tensor<4x2xf32>
  }
}

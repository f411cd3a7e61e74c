// GSPMD's manual regions that are not read: an error naming the op and
// the reason, interpreted and compiled alike.
// RUN: not %cxla run --interpret %s --function=partial --input=4x2xf32=1 2>&1 | FileCheck %s --check-prefix=PARTIAL
// RUN: not %cxla run %s --function=partial --input=4x2xf32=1 2>&1 | FileCheck %s --check-prefix=PARTIAL
// PARTIAL: error: {{.*}}GSPMD's manual region (shard_map): a sharding that is not read: {devices=[2,1,2]0,1,2,3 last_tile_dims={manual}}
module attributes {mhlo.num_partitions = 4 : i32} {
  func.func @partial(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
    %0 = stablehlo.custom_call @Sharding(%x) {mhlo.sharding = "{devices=[2,1,2]0,1,2,3 last_tile_dims={manual}}"} : (tensor<4x2xf32>) -> tensor<4x2xf32>
    %1 = stablehlo.custom_call @SPMDFullToShardShape(%0) {mhlo.sharding = "{manual}"} : (tensor<4x2xf32>) -> tensor<2x2xf32>
    %2 = stablehlo.custom_call @SPMDShardToFullShape(%1) {mhlo.sharding = "{devices=[2,1,2]0,1,2,3 last_tile_dims={manual}}"} : (tensor<2x2xf32>) -> tensor<4x2xf32>
    return %2 : tensor<4x2xf32>
  }
}

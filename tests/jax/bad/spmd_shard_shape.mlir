// ERROR: GSPMD's manual region (shard_map): no SPMDShardToFullShape takes its shards back
func.func @main() -> tensor<1x4xf32> {
  %x = stablehlo.constant dense<1.0> : tensor<2x4xf32>
  %0 = stablehlo.custom_call @SPMDFullToShardShape(%x) {mhlo.sharding = "{manual}"} : (tensor<2x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// GSPMD's sharding annotations as JAX exports them for one device (shard_map
// on a 1-device mesh, jit with shardings), compiled and compared with the
// interpreter: mhlo.sharding attributes on arguments, results and ops are
// kept and change nothing; @Sharding, @SPMDFullToShardShape and
// @SPMDShardToFullShape are identities when the shard is the whole value.

func.func private @shmap_body(%x: tensor<2x4xf32> {mhlo.sharding = "{manual}"}) -> (tensor<2x4xf32> {mhlo.sharding = "{manual}"}) {
  %c = stablehlo.constant dense<2.0> : tensor<2x4xf32>
  %y = stablehlo.multiply %x, %c : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

func.func public @shard_map_one_device() -> (tensor<2x4xf32> {mhlo.sharding = "{devices=[1,1]<=[1]}"}) {
  %x = stablehlo.constant dense<[[1.0, 2.0, 3.0, 4.0], [-1.0, -2.0, 0.5, 0.25]]> : tensor<2x4xf32>
  %0 = stablehlo.custom_call @Sharding(%x) {mhlo.sharding = "{devices=[1,1]<=[1]}"} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = stablehlo.custom_call @SPMDFullToShardShape(%0) {mhlo.sharding = "{manual}"} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %2 = call @shmap_body(%1) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %3 = stablehlo.custom_call @Sharding(%2) {mhlo.sharding = "{manual}"} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %4 = stablehlo.custom_call @SPMDShardToFullShape(%3) {mhlo.sharding = "{devices=[1,1]<=[1]}"} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %5 = stablehlo.add %4, %x {mhlo.sharding = "{replicated}"} : tensor<2x4xf32>
  check.expect_almost_eq_const %5, dense<[[3.0, 6.0, 9.0, 12.0], [-3.0, -6.0, 1.5, 0.75]]> : tensor<2x4xf32>
  return %5 : tensor<2x4xf32>
}

// Integer and bf16 values through the annotations (no conversion).
func.func public @annotated_types() -> (tensor<3xi8>, tensor<2xbf16>) {
  %a = stablehlo.constant dense<[-128, 0, 127]> : tensor<3xi8>
  %b = stablehlo.constant dense<[1.5, -0.125]> : tensor<2xbf16>
  %0 = stablehlo.custom_call @Sharding(%a) {mhlo.sharding = "{maximal device=0}"} : (tensor<3xi8>) -> tensor<3xi8>
  %1 = stablehlo.custom_call @SPMDFullToShardShape(%b) {mhlo.sharding = "{manual}"} : (tensor<2xbf16>) -> tensor<2xbf16>
  %2 = stablehlo.custom_call @SPMDShardToFullShape(%1) {mhlo.sharding = "{replicated}"} : (tensor<2xbf16>) -> tensor<2xbf16>
  check.expect_eq_const %0, dense<[-128, 0, 127]> : tensor<3xi8>
  check.expect_eq_const %2, dense<[1.5, -0.125]> : tensor<2xbf16>
  return %0, %2 : tensor<3xi8>, tensor<2xbf16>
}

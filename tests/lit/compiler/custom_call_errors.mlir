// Custom calls the compiled code cannot run are compile errors at the op:
// an unknown target, a malformed call the target's prepare phase rejects, a
// shard shape change that needs several devices.
// RUN: not %cxla run %s --function=unknown --input=4xf32=1 2>&1 | FileCheck --check-prefix=UNKNOWN %s
// RUN: not %cxla run %s --function=bad_uplo --input=3x3xf32=1 2>&1 | FileCheck --check-prefix=UPLO %s
// RUN: not %cxla run %s --function=shard --input=2x4xf32=1 2>&1 | FileCheck --check-prefix=SHARD %s

// UNKNOWN: custom_call_errors.mlir:[[@LINE+2]]:{{[0-9]+}}: error: 'stablehlo.custom_call' op calls target 'my_kernel', which neither the compiler nor the runtime has
func.func @unknown(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = stablehlo.custom_call @my_kernel(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// UPLO: custom_call_errors.mlir:[[@LINE+2]]:{{[0-9]+}}: error: 'stablehlo.custom_call' op custom-call target 'lapack_spotrf_ffi': attribute 'uplo' = 88
func.func @bad_uplo(%a: tensor<3x3xf32>) -> (tensor<3x3xf32>, tensor<i32>) {
  %l:2 = stablehlo.custom_call @lapack_spotrf_ffi(%a) {mhlo.backend_config = {uplo = 88 : ui8}, operand_layouts = [dense<[0, 1]> : tensor<2xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<> : tensor<0xindex>]} : (tensor<3x3xf32>) -> (tensor<3x3xf32>, tensor<i32>)
  return %l#0, %l#1 : tensor<3x3xf32>, tensor<i32>
}

// SHARD: custom_call_errors.mlir:[[@LINE+2]]:{{[0-9]+}}: error: 'stablehlo.custom_call' op GSPMD's manual region (shard_map): no SPMDShardToFullShape takes its shards back
func.func @shard(%x: tensor<2x4xf32>) -> tensor<1x4xf32> {
  %y = stablehlo.custom_call @SPMDFullToShardShape(%x) {mhlo.sharding = "{manual}"} : (tensor<2x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// A GSPMD manual region whose body uses a global value (here an argument)
// other than through SPMDFullToShardShape: an error naming the op.
// RUN: not %cxla run --interpret %s --input=4x2xf32=1 --input=2x2xf32=1 2>&1 | FileCheck %s
// RUN: not %cxla run %s --input=4x2xf32=1 --input=2x2xf32=1 2>&1 | FileCheck %s
// CHECK: gspmd_capture.mlir:9:5: error: {{.*}}'stablehlo.custom_call' op GSPMD's manual region (shard_map): the body uses a value from outside the region that is computed from values outside it (at {{.*}}gspmd_capture.mlir:11:5)
module attributes {mhlo.num_partitions = 2 : i32} {
  func.func @main(%x: tensor<4x2xf32>, %y: tensor<2x2xf32>) -> tensor<4x2xf32> {
    %0 = stablehlo.custom_call @Sharding(%x) {mhlo.sharding = "{devices=[2,1]0,1}"} : (tensor<4x2xf32>) -> tensor<4x2xf32>
    %1 = stablehlo.custom_call @SPMDFullToShardShape(%0) {mhlo.sharding = "{manual}"} : (tensor<4x2xf32>) -> tensor<2x2xf32>
    %n = stablehlo.negate %y : tensor<2x2xf32>
    %2 = stablehlo.add %1, %n : tensor<2x2xf32>
    %3 = stablehlo.custom_call @SPMDShardToFullShape(%2) {mhlo.sharding = "{devices=[2,1]0,1}"} : (tensor<2x2xf32>) -> tensor<4x2xf32>
    return %3 : tensor<4x2xf32>
  }
}

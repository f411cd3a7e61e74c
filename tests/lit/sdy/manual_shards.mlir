// A manual computation whose body works on shards (a 2-device axis splits
// the operand) runs its body once per device, interpreted and compiled,
// and the results are put back together.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla run --interpret %s --input=4x2xf32=[[1,2],[3,4],[5,6],[7,8]] | FileCheck %s --check-prefix=OUT
// RUN: %cxla run %s --input=4x2xf32=[[1,2],[3,4],[5,6],[7,8]] | FileCheck %s --check-prefix=OUT
// CHECK{LITERAL}: manual_axes={"a"} (%arg1: tensor<2x2xf32>) {
// OUT: 4x2xf32=[-1 -2][-3 -4][-5 -6][-7 -8]
// OUT: 4x2xf32=[1 2][3 4][1 2][3 4]

sdy.mesh @mesh = <["a"=2]>
func.func @main(%arg0: tensor<4x2xf32>) -> (tensor<4x2xf32>, tensor<4x2xf32>) {
  %0:2 = sdy.manual_computation(%arg0) in_shardings=[<@mesh, [{"a"}, {}]>] out_shardings=[<@mesh, [{"a"}, {}]>, <@mesh, [{"a"}, {}]>] manual_axes={"a"} (%x: tensor<2x2xf32>) {
    %1 = stablehlo.negate %x : tensor<2x2xf32>
    // Every device gets device 0's shard.
    %2 = "stablehlo.collective_broadcast"(%x) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>}> : (tensor<2x2xf32>) -> tensor<2x2xf32>
    sdy.return %1, %2 : tensor<2x2xf32>, tensor<2x2xf32>
  } : (tensor<4x2xf32>) -> (tensor<4x2xf32>, tensor<4x2xf32>)
  return %0#0, %0#1 : tensor<4x2xf32>, tensor<4x2xf32>
}

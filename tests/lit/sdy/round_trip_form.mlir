// A shard_map as jax.export serializes it (Shardy's round-trip form, see
// tests/compiler/sdy_round_trip.mlir) runs from text and from bytecode,
// interpreted and compiled; printing keeps the form as written.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla translate --serialize %s -o %t.mlirbc
// RUN: %cxla run --interpret %t.mlirbc --input=8xi32=[1,2,3,4,5,6,7,8] | FileCheck %s --check-prefix=OUT
// RUN: %cxla run %t.mlirbc --input=8xi32=[1,2,3,4,5,6,7,8] | FileCheck %s --check-prefix=OUT
// RUN: %cxla run %s --input=8xi32=[1,2,3,4,5,6,7,8] | FileCheck %s --check-prefix=OUT
// CHECK: stablehlo.custom_call @xla.sdy.GlobalToLocalShape
// CHECK: call @xla.sdy.manual_computation_body
// Each of 4 devices reverses its pair and adds its partition id; the
// devices' blocks then shift one device on (a ppermute).
// OUT: 8xi32=11 10 2 1 5 4 8 7
module @jit_f attributes {mhlo.num_partitions = 4 : i32, mhlo.frontend_attributes = {xla.sdy.meshes = "{ring = #sdy.mesh<[\22r\22=4]>}"}} {
  func.func public @main(%arg0: tensor<8xi32>) -> tensor<8xi32> {
    %0 = stablehlo.custom_call @xla.sdy.GlobalToLocalShape(%arg0) {has_side_effect = true, mhlo.frontend_attributes = {xla.sdy.in_shardings = "#sdy.sharding_per_value<[<@ring, [{\22r\22}]>]>", xla.sdy.manual_axes = "#sdy<manual_axes{\22r\22}>"}} : (tensor<8xi32>) -> tensor<2xi32>
    %1 = call @xla.sdy.manual_computation_body_0(%0) {mhlo.frontend_attributes = {inlineable = "false"}} : (tensor<2xi32>) -> tensor<2xi32>
    %2 = stablehlo.custom_call @xla.sdy.LocalToGlobalShape(%1) {has_side_effect = true, mhlo.frontend_attributes = {xla.sdy.manual_axes = "#sdy<manual_axes{\22r\22}>", xla.sdy.out_shardings = "#sdy.sharding_per_value<[<@ring, [{\22r\22}]>]>"}} : (tensor<2xi32>) -> tensor<8xi32>
    return %2 : tensor<8xi32>
  }
  func.func private @xla.sdy.manual_computation_body_0(%arg0: tensor<2xi32>) -> tensor<2xi32> {
    %r = stablehlo.reverse %arg0, dims = [0] : tensor<2xi32>
    %p = stablehlo.partition_id : tensor<ui32>
    %q = stablehlo.convert %p : (tensor<ui32>) -> tensor<i32>
    %b = stablehlo.broadcast_in_dim %q, dims = [] : (tensor<i32>) -> tensor<2xi32>
    %s = stablehlo.add %r, %b : tensor<2xi32>
    %t = "stablehlo.collective_permute"(%s) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>}> : (tensor<2xi32>) -> tensor<2xi32>
    return %t : tensor<2xi32>
  }
}

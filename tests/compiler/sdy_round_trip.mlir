// A shard_map in the form jax.export serializes it (Shardy's round-trip
// form: sdy ops are not part of VHLO): the meshes in the module's
// xla.sdy.meshes frontend attribute, and each manual computation as a call
// of an @xla.sdy.manual_computation_body function between the custom calls
// @xla.sdy.GlobalToLocalShape and @xla.sdy.LocalToGlobalShape, whose
// frontend attributes carry the shardings and manual axes (here each mesh
// as a string in xla.sdy.meshes, as older XLA wrote it; tests/lit/sdy/
// round_trip_form.mlir has the current form). Read back as
// sdy.mesh and sdy.manual_computation, it runs once per device, compiled
// and interpreted (cxla check --mode=both).
module @jit_f attributes {mhlo.num_partitions = 4 : i32, mhlo.num_replicas = 1 : i32, mhlo.frontend_attributes = {xla.sdy.meshes = "{mesh = \22#sdy.mesh<[\\22x\\22=2, \\22y\\22=2]>\22}"}} {
  // Rows over "x", columns over "y"; each device adds the sum over "x" of
  // its block to its block (a psum over x: groups {0, 2} and {1, 3}).
  func.func public @main() -> tensor<4x4xf32> {
    %v = stablehlo.iota dim = 0 : tensor<4x4xf32>
    %w = stablehlo.iota dim = 1 : tensor<4x4xf32>
    %a = stablehlo.add %v, %w : tensor<4x4xf32>
    %0 = stablehlo.custom_call @xla.sdy.GlobalToLocalShape(%a) {has_side_effect = true, mhlo.frontend_attributes = {xla.sdy.in_shardings = "#sdy.sharding_per_value<[<@mesh, [{\22x\22}, {\22y\22}]>]>", xla.sdy.manual_axes = "#sdy<manual_axes{\22x\22, \22y\22}>"}} : (tensor<4x4xf32>) -> tensor<2x2xf32>
    %1 = call @xla.sdy.manual_computation_body(%0) {mhlo.frontend_attributes = {inlineable = "false"}} : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %2 = stablehlo.custom_call @xla.sdy.LocalToGlobalShape(%1) {has_side_effect = true, mhlo.frontend_attributes = {xla.sdy.manual_axes = "#sdy<manual_axes{\22x\22, \22y\22}>", xla.sdy.out_shardings = "#sdy.sharding_per_value<[<@mesh, [{\22x\22}, {\22y\22}]>]>"}} : (tensor<2x2xf32>) -> tensor<4x4xf32>
    // a[i][j] = i + j; the sum over x of rows i and i + 2: 2i + 2 + 2j.
    // The result: a + that = 3i + 3j + 2 for the top half, and
    // (i + j) + (2(i - 2) + 2 + 2j) = 3i + 3j - 2 for the bottom.
    check.expect_eq_const %2, dense<[[2.0, 5.0, 8.0, 11.0], [5.0, 8.0, 11.0, 14.0], [4.0, 7.0, 10.0, 13.0], [7.0, 10.0, 13.0, 16.0]]> : tensor<4x4xf32>
    return %2 : tensor<4x4xf32>
  }
  // A manual computation without operands has no GlobalToLocalShape.
  // Manual along "y" only: block y of the result comes from the device of
  // lowest id with that y (x = 0: ids 0 and 1).
  func.func public @no_operands() -> tensor<4xi32> {
    %0 = call @xla.sdy.manual_computation_body_1() {mhlo.frontend_attributes = {inlineable = "false"}} : () -> tensor<2xi32>
    %1 = stablehlo.custom_call @xla.sdy.LocalToGlobalShape(%0) {has_side_effect = true, mhlo.frontend_attributes = {xla.sdy.manual_axes = "#sdy<manual_axes{\22y\22}>", xla.sdy.out_shardings = "#sdy.sharding_per_value<[<@mesh, [{\22y\22}]>]>"}} : (tensor<2xi32>) -> tensor<4xi32>
    check.expect_eq_const %1, dense<[2, 3, 3, 4]> : tensor<4xi32>
    return %1 : tensor<4xi32>
  }
  func.func private @xla.sdy.manual_computation_body_1() -> tensor<2xi32> {
    %c = stablehlo.constant dense<[2, 3]> : tensor<2xi32>
    %p = stablehlo.partition_id : tensor<ui32>
    %q = stablehlo.convert %p : (tensor<ui32>) -> tensor<i32>
    %b = stablehlo.broadcast_in_dim %q, dims = [] : (tensor<i32>) -> tensor<2xi32>
    %s = stablehlo.add %c, %b : tensor<2xi32>
    return %s : tensor<2xi32>
  }
  func.func private @xla.sdy.manual_computation_body(%arg0: tensor<2x2xf32>) -> tensor<2x2xf32> {
    %0 = "stablehlo.all_reduce"(%arg0) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, replica_groups = dense<[[0, 2], [1, 3]]> : tensor<2x2xi64>, use_global_device_ids}> ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %s = stablehlo.add %a, %b : tensor<f32>
      stablehlo.return %s : tensor<f32>
    }) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %1 = stablehlo.add %arg0, %0 : tensor<2x2xf32>
    return %1 : tensor<2x2xf32>
  }
}

// sdy.manual_computation over several devices (a JAX shard_map), compiled
// and compared with the interpreter (cxla check --mode=both): the body runs
// once per device of the mesh on its shards of the operands, its
// collectives meet across the devices, partition_id is the device's id, and
// the results are put together from the devices' blocks.

sdy.mesh @line = <["a"=2]>
sdy.mesh @grid = <["x"=2, "y"=2]>
sdy.mesh @turned = <["x"=2, "y"=2], device_ids=[3, 1, 2, 0]>
sdy.mesh @four = <["r"=4]>
sdy.mesh @six = <["x"=2, "y"=3]>

// Rows split over two devices; each negates its half.
func.func @halves() -> tensor<4x2xf32> {
  %v = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
  %0 = sdy.manual_computation(%v) in_shardings=[<@line, [{"a"}, {}]>] out_shardings=[<@line, [{"a"}, {}]>] manual_axes={"a"} (%x: tensor<2x2xf32>) {
    %n = stablehlo.negate %x : tensor<2x2xf32>
    sdy.return %n : tensor<2x2xf32>
  } : (tensor<4x2xf32>) -> tensor<4x2xf32>
  check.expect_eq_const %0, dense<[[-1.0, -2.0], [-3.0, -4.0], [-5.0, -6.0], [-7.0, -8.0]]> : tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// psum, all_gather and psum_scatter as JAX writes them (global device ids,
// a channel each); the gathered sum is the same on both devices, so the
// result is replicated along "a".
func.func @collectives() -> (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4xi32>) {
  %v = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
  %w = stablehlo.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %0:3 = sdy.manual_computation(%v, %w) in_shardings=[<@line, [{"a"}, {}]>, <@line, [{}]>] out_shardings=[<@line, [{}, {}]>, <@line, [{"a"}, {}]>, <@line, [{"a"}]>] manual_axes={"a"} (%x: tensor<2x2xf32>, %y: tensor<4xi32>) {
    %g = "stablehlo.all_gather"(%x) <{all_gather_dim = 0 : i64, channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, use_global_device_ids}> : (tensor<2x2xf32>) -> tensor<4x2xf32>
    %s = "stablehlo.all_reduce"(%g) <{channel_handle = #stablehlo.channel_handle<handle = 2, type = 1>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, use_global_device_ids}> ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t = stablehlo.add %a, %b : tensor<f32>
      stablehlo.return %t : tensor<f32>
    }) : (tensor<4x2xf32>) -> tensor<4x2xf32>
    %p = "stablehlo.all_reduce"(%x) <{channel_handle = #stablehlo.channel_handle<handle = 3, type = 1>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, use_global_device_ids}> ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t = stablehlo.maximum %a, %b : tensor<f32>
      stablehlo.return %t : tensor<f32>
    }) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %r = "stablehlo.reduce_scatter"(%y) <{channel_handle = #stablehlo.channel_handle<handle = 4, type = 1>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, scatter_dimension = 0 : i64, use_global_device_ids}> ({
    ^bb0(%a: tensor<i32>, %b: tensor<i32>):
      %t = stablehlo.add %a, %b : tensor<i32>
      stablehlo.return %t : tensor<i32>
    }) : (tensor<4xi32>) -> tensor<2xi32>
    sdy.return %s, %p, %r : tensor<4x2xf32>, tensor<2x2xf32>, tensor<2xi32>
  } : (tensor<4x2xf32>, tensor<4xi32>) -> (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4xi32>)
  // %p: device 0 holds max(rows 0-1, rows 2-3), device 1 the same.
  check.expect_eq_const %0#0, dense<[[2.0, 4.0], [6.0, 8.0], [10.0, 12.0], [14.0, 16.0]]> : tensor<4x2xf32>
  check.expect_eq_const %0#1, dense<[[5.0, 6.0], [7.0, 8.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
  check.expect_eq_const %0#2, dense<[2, 4, 6, 8]> : tensor<4xi32>
  return %0#0, %0#1, %0#2 : tensor<4x2xf32>, tensor<4x2xf32>, tensor<4xi32>
}

// A 2 x 2 mesh: each device writes 10 * its id + the column; the block of
// device (x, y) is row x, columns 2y..2y+1. With device_ids permuted, the
// device at mesh position i has id device_ids[i].
func.func @ids() -> (tensor<2x4xi32>, tensor<2x4xi32>) {
  %c = stablehlo.constant dense<0> : tensor<2x4xi32>
  %0 = sdy.manual_computation(%c) in_shardings=[<@grid, [{"x"}, {"y"}]>] out_shardings=[<@grid, [{"x"}, {"y"}]>] manual_axes={"x", "y"} (%z: tensor<1x2xi32>) {
    %o = func.call @tag(%z) : (tensor<1x2xi32>) -> tensor<1x2xi32>
    sdy.return %o : tensor<1x2xi32>
  } : (tensor<2x4xi32>) -> tensor<2x4xi32>
  %1 = sdy.manual_computation(%c) in_shardings=[<@turned, [{"x"}, {"y"}]>] out_shardings=[<@turned, [{"x"}, {"y"}]>] manual_axes={"x", "y"} (%z: tensor<1x2xi32>) {
    %o = func.call @tag(%z) : (tensor<1x2xi32>) -> tensor<1x2xi32>
    sdy.return %o : tensor<1x2xi32>
  } : (tensor<2x4xi32>) -> tensor<2x4xi32>
  check.expect_eq_const %0, dense<[[0, 1, 10, 11], [20, 21, 30, 31]]> : tensor<2x4xi32>
  check.expect_eq_const %1, dense<[[30, 31, 10, 11], [20, 21, 0, 1]]> : tensor<2x4xi32>
  return %0, %1 : tensor<2x4xi32>, tensor<2x4xi32>
}

func.func private @tag(%z: tensor<1x2xi32>) -> tensor<1x2xi32> {
  %p = stablehlo.partition_id : tensor<ui32>
  %q = stablehlo.convert %p : (tensor<ui32>) -> tensor<i32>
  %b = stablehlo.broadcast_in_dim %q, dims = [] : (tensor<i32>) -> tensor<1x2xi32>
  %i = stablehlo.iota dim = 1 : tensor<1x2xi32>
  %ten = stablehlo.constant dense<10> : tensor<1x2xi32>
  %m = stablehlo.multiply %b, %ten : tensor<1x2xi32>
  %s = stablehlo.add %m, %i : tensor<1x2xi32>
  %o = stablehlo.add %s, %z : tensor<1x2xi32>
  return %o : tensor<1x2xi32>
}

// Manual along "x" only: "y" is free (it does not split the body's values;
// after "x" in a dimension's axes it is ignored), and a dimension split by
// both axes of @grid orders its shards with the first axis major. A sum
// over the devices along "x" (groups {0, 2} and {1, 3}: id = 2x + y).
func.func @free_axis() -> (tensor<4x3xf32>, tensor<6xi32>) {
  %v = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<4x3xf32>
  %k = stablehlo.constant dense<[10, 11, 12, 13, 14, 15]> : tensor<6xi32>
  %0 = sdy.manual_computation(%v) in_shardings=[<@grid, [{"x", "y"}, {}]>] out_shardings=[<@grid, [{}, {}]>] manual_axes={"x"} (%x: tensor<2x3xf32>) {
    %g = "stablehlo.all_gather"(%x) <{all_gather_dim = 0 : i64, channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, replica_groups = dense<[[0, 2], [1, 3]]> : tensor<2x2xi64>, use_global_device_ids}> : (tensor<2x3xf32>) -> tensor<4x3xf32>
    %s = stablehlo.multiply %g, %g : tensor<4x3xf32>
    sdy.return %s : tensor<4x3xf32>
  } : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %1 = sdy.manual_computation(%k) in_shardings=[<@six, [{"x", "y"}]>] out_shardings=[<@six, [{"y", "x"}]>] manual_axes={"x", "y"} (%y: tensor<1xi32>) {
    sdy.return %y : tensor<1xi32>
  } : (tensor<6xi32>) -> tensor<6xi32>
  check.expect_eq_const %0, dense<[[1.0, 4.0, 9.0], [16.0, 25.0, 36.0], [49.0, 64.0, 81.0], [100.0, 121.0, 144.0]]> : tensor<4x3xf32>
  // On a 2 x 3 mesh device (x, y) holds element 3x + y and puts it at
  // 2y + x.
  check.expect_eq_const %1, dense<[10, 13, 11, 14, 12, 15]> : tensor<6xi32>
  return %0, %1 : tensor<4x3xf32>, tensor<6xi32>
}

// A ring shift (ppermute) and an all_to_all over four devices, inside a
// while loop of the caller: each turn moves every block one device on.
func.func @ring() -> (tensor<8xi32>, tensor<4x4xi32>) {
  %v = stablehlo.iota dim = 0 : tensor<8xi32>
  %i0 = stablehlo.constant dense<0> : tensor<i32>
  %n = stablehlo.constant dense<3> : tensor<i32>
  %one = stablehlo.constant dense<1> : tensor<i32>
  %r:2 = stablehlo.while(%i = %i0, %x = %v) : tensor<i32>, tensor<8xi32>
  cond {
    %c = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %c : tensor<i1>
  } do {
    %s = sdy.manual_computation(%x) in_shardings=[<@four, [{"r"}]>] out_shardings=[<@four, [{"r"}]>] manual_axes={"r"} (%b: tensor<2xi32>) {
      %t = "stablehlo.collective_permute"(%b) <{channel_handle = #stablehlo.channel_handle<handle = 5, type = 1>, source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>}> : (tensor<2xi32>) -> tensor<2xi32>
      sdy.return %t : tensor<2xi32>
    } : (tensor<8xi32>) -> tensor<8xi32>
    %j = stablehlo.add %i, %one : tensor<i32>
    stablehlo.return %j, %s : tensor<i32>, tensor<8xi32>
  }
  %m = stablehlo.iota dim = 1 : tensor<4x4xi32>
  %a = sdy.manual_computation(%m) in_shardings=[<@four, [{"r"}, {}]>] out_shardings=[<@four, [{}, {"r"}]>] manual_axes={"r"} (%b: tensor<1x4xi32>) {
    %t = "stablehlo.all_to_all"(%b) <{channel_handle = #stablehlo.channel_handle<handle = 6, type = 1>, concat_dimension = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>, split_count = 4 : i64, split_dimension = 1 : i64}> : (tensor<1x4xi32>) -> tensor<4x1xi32>
    sdy.return %t : tensor<4x1xi32>
  } : (tensor<4x4xi32>) -> tensor<4x4xi32>
  // Three turns: the block of device d came from device d - 3 = d + 1.
  check.expect_eq_const %r#1, dense<[2, 3, 4, 5, 6, 7, 0, 1]> : tensor<8xi32>
  check.expect_eq_const %a, dense<[[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]]> : tensor<4x4xi32>
  return %r#1, %a : tensor<8xi32>, tensor<4x4xi32>
}

// Collectives inside loops of the body (a fori_loop of ppermutes, as ring
// attention does, and a psum in a scan over layers): compiled, the devices'
// loops run as one loop in lockstep. Each turn every device adds its
// partition id to its block, passes the block on and sums a scalar over
// all devices; a nested loop multiplies by 2 twice per turn.
func.func @loops() -> (tensor<8xi32>, tensor<4xi32>) {
  %v = stablehlo.iota dim = 0 : tensor<8xi32>
  %0:2 = sdy.manual_computation(%v) in_shardings=[<@four, [{"r"}]>] out_shardings=[<@four, [{"r"}]>, <@four, [{"r"}]>] manual_axes={"r"} (%b: tensor<2xi32>) {
    %i0 = stablehlo.constant dense<0> : tensor<i32>
    %n = stablehlo.constant dense<3> : tensor<i32>
    %one = stablehlo.constant dense<1> : tensor<i32>
    %acc0 = stablehlo.constant dense<0> : tensor<1xi32>
    %r:3 = stablehlo.while(%i = %i0, %x = %b, %acc = %acc0) : tensor<i32>, tensor<2xi32>, tensor<1xi32>
    cond {
      %c = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %c : tensor<i1>
    } do {
      %p = stablehlo.partition_id : tensor<ui32>
      %q = stablehlo.convert %p : (tensor<ui32>) -> tensor<i32>
      %qb = stablehlo.broadcast_in_dim %q, dims = [] : (tensor<i32>) -> tensor<2xi32>
      %y = stablehlo.add %x, %qb : tensor<2xi32>
      %t = "stablehlo.collective_permute"(%y) <{channel_handle = #stablehlo.channel_handle<handle = 7, type = 1>, source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>}> : (tensor<2xi32>) -> tensor<2xi32>
      %j0 = stablehlo.constant dense<0> : tensor<i32>
      %two = stablehlo.constant dense<2> : tensor<i32>
      %d:2 = stablehlo.while(%j = %j0, %z = %t) : tensor<i32>, tensor<2xi32>
      cond {
        %c = stablehlo.compare LT, %j, %two : (tensor<i32>, tensor<i32>) -> tensor<i1>
        stablehlo.return %c : tensor<i1>
      } do {
        %zz = stablehlo.add %z, %z : tensor<2xi32>
        %jj = stablehlo.add %j, %one : tensor<i32>
        stablehlo.return %jj, %zz : tensor<i32>, tensor<2xi32>
      }
      %first = stablehlo.slice %d#1 [0:1] : (tensor<2xi32>) -> tensor<1xi32>
      %s = "stablehlo.all_reduce"(%first) <{channel_handle = #stablehlo.channel_handle<handle = 8, type = 1>, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>, use_global_device_ids}> ({
      ^bb0(%a: tensor<i32>, %c: tensor<i32>):
        %u = stablehlo.add %a, %c : tensor<i32>
        stablehlo.return %u : tensor<i32>
      }) : (tensor<1xi32>) -> tensor<1xi32>
      %acc2 = stablehlo.add %acc, %s : tensor<1xi32>
      %k = stablehlo.add %i, %one : tensor<i32>
      stablehlo.return %k, %d#1, %acc2 : tensor<i32>, tensor<2xi32>, tensor<1xi32>
    }
    sdy.return %r#1, %r#2 : tensor<2xi32>, tensor<1xi32>
  } : (tensor<8xi32>) -> (tensor<8xi32>, tensor<4xi32>)
  // Each turn device d's block x_d becomes 4 (x_{d-1} + (d - 1)) (indices
  // mod 4), and the first elements summed over the devices accumulate
  // (the values computed independently, in Python); the sums are the same
  // on every device.
  check.expect_eq_const %0#0, dense<[236, 300, 432, 496, 580, 644, 24, 88]> : tensor<8xi32>
  check.expect_eq_const %0#1, dense<[1656, 1656, 1656, 1656]> : tensor<4xi32>
  return %0#0, %0#1 : tensor<8xi32>, tensor<4xi32>
}

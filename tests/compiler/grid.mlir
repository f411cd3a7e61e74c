// interpreter.run_parallel on grids of several processes, compiled as one
// program (compiler/expand_grid.c: the processes meet at compile time) and
// compared with the interpreter, which runs each process in a thread.
// Values are chosen so that a wrong member order, a wrong group or a wrong
// part of a split changes the results.

// ---- all_reduce over groups of a 2 x 2 grid, with work before and after ----

func.func private @reduce_2x2(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<ui32>) {
  %r = stablehlo.replica_id : tensor<ui32>
  %p = stablehlo.partition_id : tensor<ui32>
  %rf = stablehlo.convert %r : (tensor<ui32>) -> tensor<f32>
  %rb = stablehlo.broadcast_in_dim %rf, dims = [] : (tensor<f32>) -> tensor<3xf32>
  %y = stablehlo.multiply %x, %rb : tensor<3xf32>
  // channel 0: cross_replica, groups of replicas within each partition.
  %a = "stablehlo.all_reduce"(%y) ({
    ^bb0(%l: tensor<f32>, %m: tensor<f32>):
      %s = stablehlo.subtract %l, %m : tensor<f32>
      stablehlo.return %s : tensor<f32>
  }) {replica_groups = dense<[[1, 0]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 0, type = 0>} : (tensor<3xf32>) -> tensor<3xf32>
  // channel 1: cross_replica_and_partition, everyone; max in group order.
  %b = "stablehlo.all_reduce"(%a) ({
    ^bb0(%l: tensor<f32>, %m: tensor<f32>):
      %s = stablehlo.maximum %l, %m : tensor<f32>
      stablehlo.return %s : tensor<f32>
  }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 1, type = 0>} : (tensor<3xf32>) -> tensor<3xf32>
  %c = stablehlo.add %b, %x : tensor<3xf32>
  %id = stablehlo.add %r, %p : tensor<ui32>
  return %a, %c, %id : tensor<3xf32>, tensor<3xf32>, tensor<ui32>
}

func.func @all_reduce_2x2() -> (tensor<3xf32>, tensor<3xf32>, tensor<ui32>, tensor<3xf32>, tensor<3xf32>, tensor<ui32>,
                                tensor<3xf32>, tensor<3xf32>, tensor<ui32>, tensor<3xf32>, tensor<3xf32>, tensor<ui32>) {
  %x0 = stablehlo.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %x1 = stablehlo.constant dense<[10.0, -20.0, 30.0]> : tensor<3xf32>
  %x2 = stablehlo.constant dense<[0.5, 0.25, -0.125]> : tensor<3xf32>
  %x3 = stablehlo.constant dense<[7.0, 8.0, -9.0]> : tensor<3xf32>
  %r:12 = "interpreter.run_parallel"(%x0, %x1, %x2, %x3) {
    programs = [[@reduce_2x2, @reduce_2x2], [@reduce_2x2, @reduce_2x2]]
  } : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) ->
      (tensor<3xf32>, tensor<3xf32>, tensor<ui32>, tensor<3xf32>, tensor<3xf32>, tensor<ui32>,
       tensor<3xf32>, tensor<3xf32>, tensor<ui32>, tensor<3xf32>, tensor<3xf32>, tensor<ui32>)
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5, %r#6, %r#7, %r#8, %r#9, %r#10, %r#11
      : tensor<3xf32>, tensor<3xf32>, tensor<ui32>, tensor<3xf32>, tensor<3xf32>, tensor<ui32>,
        tensor<3xf32>, tensor<3xf32>, tensor<ui32>, tensor<3xf32>, tensor<3xf32>, tensor<ui32>
}

// ---- all_reduce promoting i8 operands to an i32 computation; two groups ----

func.func private @promote(%x: tensor<4xi8>) -> tensor<4xi32> {
  %a = "stablehlo.all_reduce"(%x) ({
    ^bb0(%l: tensor<i32>, %m: tensor<i32>):
      %s = stablehlo.add %l, %m : tensor<i32>
      stablehlo.return %s : tensor<i32>
  }) {replica_groups = dense<[[0, 2], [3, 1]]> : tensor<2x2xi64>} : (tensor<4xi8>) -> tensor<4xi32>
  return %a : tensor<4xi32>
}

func.func @all_reduce_promoted() -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %x0 = stablehlo.constant dense<[127, 100, -128, 1]> : tensor<4xi8>
  %x1 = stablehlo.constant dense<[1, 2, 3, 4]> : tensor<4xi8>
  %x2 = stablehlo.constant dense<[127, 100, -128, 5]> : tensor<4xi8>
  %x3 = stablehlo.constant dense<[-1, -2, -3, -4]> : tensor<4xi8>
  %r:4 = "interpreter.run_parallel"(%x0, %x1, %x2, %x3) {
    programs = [[@promote], [@promote], [@promote], [@promote]]
  } : (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>)
  return %r#0, %r#1, %r#2, %r#3 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// ---- reduce_scatter with flattened ids, all_gather, all_to_all ----

func.func private @scatter_gather(%x: tensor<4x2xi32>) -> (tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>) {
  %s = "stablehlo.reduce_scatter"(%x) ({
    ^bb0(%l: tensor<i32>, %m: tensor<i32>):
      %t = stablehlo.subtract %l, %m : tensor<i32>
      stablehlo.return %t : tensor<i32>
  }) {scatter_dimension = 0 : i64, replica_groups = dense<[[3, 0], [1, 2]]> : tensor<2x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 1, type = 0>,
      use_global_device_ids} : (tensor<4x2xi32>) -> tensor<2x2xi32>
  %g = "stablehlo.all_gather"(%s) {all_gather_dim = 1 : i64, replica_groups = dense<[[1, 0]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 0, type = 0>} : (tensor<2x2xi32>) -> tensor<2x4xi32>
  %g2 = stablehlo.concatenate %g, %g, dim = 0 : (tensor<2x4xi32>, tensor<2x4xi32>) -> tensor<4x4xi32>
  // cross_partition (channel > 0): the two partitions of a replica.
  %t = "stablehlo.all_to_all"(%x) {split_dimension = 1 : i64, concat_dimension = 0 : i64, split_count = 2 : i64,
      replica_groups = dense<[[1, 0]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 3, type = 0>} : (tensor<4x2xi32>) -> tensor<8x1xi32>
  return %s, %g2, %t : tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>
}

func.func @reduce_scatter_gather_to_all() -> (tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>,
                                              tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>,
                                              tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>,
                                              tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>) {
  %x0 = stablehlo.constant dense<[[1, 2], [3, 4], [5, 6], [7, 8]]> : tensor<4x2xi32>
  %x1 = stablehlo.constant dense<[[10, 20], [30, 40], [50, 60], [70, 80]]> : tensor<4x2xi32>
  %x2 = stablehlo.constant dense<[[100, 200], [300, 400], [500, 600], [700, 800]]> : tensor<4x2xi32>
  %x3 = stablehlo.constant dense<[[-1, -2], [-3, -4], [-5, -6], [-7, -8]]> : tensor<4x2xi32>
  %r:12 = "interpreter.run_parallel"(%x0, %x1, %x2, %x3) {
    programs = [[@scatter_gather, @scatter_gather], [@scatter_gather, @scatter_gather]]
  } : (tensor<4x2xi32>, tensor<4x2xi32>, tensor<4x2xi32>, tensor<4x2xi32>) ->
      (tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>, tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>,
       tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>, tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>)
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5, %r#6, %r#7, %r#8, %r#9, %r#10, %r#11
      : tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>, tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>,
        tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>, tensor<2x2xi32>, tensor<4x4xi32>, tensor<8x1xi32>
}

// ---- a ring of collective_permutes; a broadcast from the last member ----

func.func private @ring(%x: tensor<2xf64>) -> (tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) {
  %a = "stablehlo.collective_permute"(%x) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 0]]> : tensor<3x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 1, type = 0>} : (tensor<2xf64>) -> tensor<2xf64>
  // Process 2 receives nothing: zeros.
  %b = "stablehlo.collective_permute"(%a) {source_target_pairs = dense<[[2, 0], [0, 1]]> : tensor<2x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 2, type = 0>} : (tensor<2xf64>) -> tensor<2xf64>
  %c = "stablehlo.collective_broadcast"(%b) {replica_groups = dense<[[1, 2]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 3, type = 0>} : (tensor<2xf64>) -> tensor<2xf64>
  return %a, %b, %c : tensor<2xf64>, tensor<2xf64>, tensor<2xf64>
}

func.func @permute_broadcast() -> (tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>,
                                   tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) {
  %x0 = stablehlo.constant dense<[1.5, -0.0]> : tensor<2xf64>
  %x1 = stablehlo.constant dense<[2.5, 3.5]> : tensor<2xf64>
  %x2 = stablehlo.constant dense<[-4.5, 0x7FF8000000000000]> : tensor<2xf64>
  %r:9 = "interpreter.run_parallel"(%x0, %x1, %x2) {programs = [[@ring, @ring, @ring]]}
      : (tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> (tensor<2xf64>, tensor<2xf64>, tensor<2xf64>,
          tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>)
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5, %r#6, %r#7, %r#8
      : tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>,
        tensor<2xf64>, tensor<2xf64>, tensor<2xf64>
}

// ---- different programs: a recv that waits for a later send; infeed ----

func.func private @producer(%x: tensor<3xi64>) -> tensor<3xi64> {
  %t = stablehlo.after_all : !stablehlo.token
  // Waits for the consumer's message first: the consumer sends before it
  // receives, so only an order that runs the consumer ahead works.
  %v:2 = "stablehlo.recv"(%t) {channel_handle = #stablehlo.channel_handle<handle = 7, type = 1>,
      source_target_pairs = dense<[[1, 0]]> : tensor<1x2xi64>, is_host_transfer = false}
      : (!stablehlo.token) -> (tensor<3xi64>, !stablehlo.token)
  %y = stablehlo.multiply %x, %v#0 : tensor<3xi64>
  %u = "stablehlo.send"(%y, %v#1) {channel_handle = #stablehlo.channel_handle<handle = 8, type = 1>,
      source_target_pairs = dense<[[0, 1]]> : tensor<1x2xi64>, is_host_transfer = false}
      : (tensor<3xi64>, !stablehlo.token) -> !stablehlo.token
  %f:2 = "stablehlo.infeed"(%u) : (!stablehlo.token) -> (tensor<3xi64>, !stablehlo.token)
  %z = stablehlo.add %y, %f#0 : tensor<3xi64>
  return %z : tensor<3xi64>
}

func.func private @consumer(%x: tensor<3xi64>) -> tensor<3xi64> {
  %t = stablehlo.after_all : !stablehlo.token
  %u = "stablehlo.send"(%x, %t) {channel_handle = #stablehlo.channel_handle<handle = 7, type = 1>,
      source_target_pairs = dense<[[1, 0]]> : tensor<1x2xi64>, is_host_transfer = false}
      : (tensor<3xi64>, !stablehlo.token) -> !stablehlo.token
  %v:2 = "stablehlo.recv"(%u) {channel_handle = #stablehlo.channel_handle<handle = 8, type = 1>,
      source_target_pairs = dense<[[0, 1]]> : tensor<1x2xi64>, is_host_transfer = false}
      : (!stablehlo.token) -> (tensor<3xi64>, !stablehlo.token)
  %f:2 = "stablehlo.infeed"(%v#1) : (!stablehlo.token) -> (tensor<3xi64>, !stablehlo.token)
  %g:2 = "stablehlo.infeed"(%f#1) : (!stablehlo.token) -> (tensor<3xi64>, !stablehlo.token)
  %z = stablehlo.subtract %v#0, %g#0 : tensor<3xi64>
  return %z : tensor<3xi64>
}

func.func private @feed_a() -> tensor<3xi64> {
  %c = stablehlo.constant dense<[100, 200, 300]> : tensor<3xi64>
  return %c : tensor<3xi64>
}

func.func private @feed_b() -> tensor<3xi64> {
  %c = stablehlo.constant dense<[-1, -2, -3]> : tensor<3xi64>
  return %c : tensor<3xi64>
}

func.func @send_recv_infeed() -> (tensor<3xi64>, tensor<3xi64>) {
  %x0 = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>
  %x1 = stablehlo.constant dense<[4, 5, 6]> : tensor<3xi64>
  %r:2 = "interpreter.run_parallel"(%x0, %x1) {programs = [[@producer], [@consumer]], infeed = [@feed_a, @feed_b]}
      : (tensor<3xi64>, tensor<3xi64>) -> (tensor<3xi64>, tensor<3xi64>)
  check.expect_eq_const %r#0, dense<[104, 210, 318]> : tensor<3xi64>
  check.expect_eq_const %r#1, dense<[5, 12, 21]> : tensor<3xi64>
  return %r#0, %r#1 : tensor<3xi64>, tensor<3xi64>
}

// ---- groups that meet in different orders in different programs ----

func.func private @first_pairs(%x: tensor<2xi32>) -> tensor<2xi32> {
  %a = "stablehlo.all_gather"(%x) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1], [2, 3]]> : tensor<2x2xi64>}
      : (tensor<2xi32>) -> tensor<4xi32>
  %b = "stablehlo.all_reduce"(%a) ({
    ^bb0(%l: tensor<i32>, %m: tensor<i32>):
      %s = stablehlo.multiply %l, %m : tensor<i32>
      stablehlo.return %s : tensor<i32>
  }) {replica_groups = dense<[[3, 2, 1, 0]]> : tensor<1x4xi64>} : (tensor<4xi32>) -> tensor<4xi32>
  %c = stablehlo.slice %b [0:2] : (tensor<4xi32>) -> tensor<2xi32>
  return %c : tensor<2xi32>
}

func.func @gather_then_reduce() -> (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) {
  %x0 = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
  %x1 = stablehlo.constant dense<[3, 4]> : tensor<2xi32>
  %x2 = stablehlo.constant dense<[5, 6]> : tensor<2xi32>
  %x3 = stablehlo.constant dense<[7, -8]> : tensor<2xi32>
  %r:4 = "interpreter.run_parallel"(%x0, %x1, %x2, %x3) {programs = [[@first_pairs], [@first_pairs], [@first_pairs], [@first_pairs]]}
      : (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>)
  return %r#0, %r#1, %r#2, %r#3 : tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>
}

// ---- collective_reduce and cross-replica-sum ----

func.func private @reduce_root(%x: tensor<2xcomplex<f32>>) -> (tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>) {
  %a = "stablehlo.collective_reduce"(%x) ({
    ^bb0(%l: tensor<complex<f32>>, %m: tensor<complex<f32>>):
      %s = stablehlo.multiply %l, %m : tensor<complex<f32>>
      stablehlo.return %s : tensor<complex<f32>>
  }) {replica_groups = dense<[[1, 0]]> : tensor<1x2xi64>} : (tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>>
  %b = "stablehlo.cross-replica-sum"(%x) {replica_groups = dense<[[0, 1, 2]]> : tensor<1x3xi64>}
      : (tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>>
  return %a, %b : tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>
}

func.func @collective_reduce_sum() -> (tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>,
                                       tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>) {
  %x0 = stablehlo.constant dense<[(1.0, 2.0), (-0.0, -0.0)]> : tensor<2xcomplex<f32>>
  %x1 = stablehlo.constant dense<[(3.0, -1.0), (-0.0, 5.0)]> : tensor<2xcomplex<f32>>
  %x2 = stablehlo.constant dense<[(0.5, 0.5), (-0.0, -0.0)]> : tensor<2xcomplex<f32>>
  %r:6 = "interpreter.run_parallel"(%x0, %x1, %x2) {programs = [[@reduce_root], [@reduce_root], [@reduce_root]]}
      : (tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>) ->
        (tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>,
         tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>)
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5
      : tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>,
        tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>
}

// ---- a loop holding collectives: the processes' loops run as one, in lockstep ----

// Three turns: each process adds its replica id, and the processes' values
// are summed (the sum's maximum bounds the loop: the same on every process).
func.func private @loop_sum(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<i32>) {
  %i0 = stablehlo.constant dense<0> : tensor<i32>
  %one = stablehlo.constant dense<1> : tensor<i32>
  %r:2 = stablehlo.while(%i = %i0, %v = %x) : tensor<i32>, tensor<2xf32>
  cond {
    %n = stablehlo.constant dense<3> : tensor<i32>
    %c = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %c : tensor<i1>
  } do {
    %id = stablehlo.replica_id : tensor<ui32>
    %f = stablehlo.convert %id : (tensor<ui32>) -> tensor<f32>
    %b = stablehlo.broadcast_in_dim %f, dims = [] : (tensor<f32>) -> tensor<2xf32>
    %w = stablehlo.add %v, %b : tensor<2xf32>
    %s = "stablehlo.all_reduce"(%w) ({
      ^bb0(%l: tensor<f32>, %m: tensor<f32>):
        %a = stablehlo.add %l, %m : tensor<f32>
        stablehlo.return %a : tensor<f32>
    }) {replica_groups = dense<[[0, 1, 2]]> : tensor<1x3xi64>} : (tensor<2xf32>) -> tensor<2xf32>
    %half = stablehlo.constant dense<0.5> : tensor<2xf32>
    %h = stablehlo.multiply %s, %half : tensor<2xf32>
    %j = stablehlo.add %i, %one : tensor<i32>
    stablehlo.return %j, %h : tensor<i32>, tensor<2xf32>
  }
  return %r#1, %r#0 : tensor<2xf32>, tensor<i32>
}

func.func @loop_all_reduce() -> (tensor<2xf32>, tensor<i32>, tensor<2xf32>, tensor<i32>, tensor<2xf32>, tensor<i32>) {
  %x0 = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %x1 = stablehlo.constant dense<[3.0, -4.0]> : tensor<2xf32>
  %x2 = stablehlo.constant dense<[0.5, 8.0]> : tensor<2xf32>
  %r:6 = "interpreter.run_parallel"(%x0, %x1, %x2) {programs = [[@loop_sum], [@loop_sum], [@loop_sum]]}
      : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<i32>, tensor<2xf32>, tensor<i32>, tensor<2xf32>, tensor<i32>)
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5 : tensor<2xf32>, tensor<i32>, tensor<2xf32>, tensor<i32>, tensor<2xf32>, tensor<i32>
}

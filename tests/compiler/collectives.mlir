// Collectives, ids and transfers compiled for one device (the 1 x 1 process
// grid of a plain call): compiler/lower_collective.c gives each op the
// meaning the interpreter gives it there; results are compared with the
// interpreter's.

func.func @all_reduce_groups() -> (tensor<4xi64>, tensor<4xi64>, tensor<2x3xf32>) {
  %x = stablehlo.constant dense<[1, -2, 3, 9223372036854775807]> : tensor<4xi64>
  %a = "stablehlo.all_reduce"(%x) ({
    ^bb0(%l: tensor<i64>, %r: tensor<i64>):
      %s = stablehlo.add %l, %r : tensor<i64>
      stablehlo.return %s : tensor<i64>
  }) {replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<4xi64>) -> tensor<4xi64>
  // No groups: one group of everyone, i.e. process 0 alone.
  %b = "stablehlo.all_reduce"(%a) ({
    ^bb0(%l: tensor<i64>, %r: tensor<i64>):
      %s = stablehlo.multiply %l, %r : tensor<i64>
      stablehlo.return %s : tensor<i64>
  }) {replica_groups = dense<> : tensor<0x0xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 2, type = 1>} : (tensor<4xi64>) -> tensor<4xi64>
  %y = stablehlo.constant dense<[[1.5, -0.0, 3.0], [0x7FC00000, 0x7F800000, -1.0e-45]]> : tensor<2x3xf32>
  // Flattened ids, -1 padding.
  %c = "stablehlo.all_reduce"(%y) ({
    ^bb0(%l: tensor<f32>, %r: tensor<f32>):
      %s = stablehlo.maximum %l, %r : tensor<f32>
      stablehlo.return %s : tensor<f32>
  }) {replica_groups = dense<[[0, -1]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>,
      use_global_device_ids} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  check.expect_eq %a, %x : tensor<4xi64>
  return %a, %b, %c : tensor<4xi64>, tensor<4xi64>, tensor<2x3xf32>
}

// Variadic all_reduce, and values that feed elementwise code.
func.func @all_reduce_variadic() -> (tensor<3xbf16>, tensor<2x1xbf16>, tensor<3xbf16>) {
  %x = stablehlo.constant dense<[1.0, 2.5, -3.0]> : tensor<3xbf16>
  %y = stablehlo.constant dense<[[127.0], [-0.0]]> : tensor<2x1xbf16>
  %r:2 = "stablehlo.all_reduce"(%x, %y) ({
    ^bb0(%l: tensor<bf16>, %r: tensor<bf16>):
      %s = stablehlo.add %l, %r : tensor<bf16>
      stablehlo.return %s : tensor<bf16>
  }) {replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<3xbf16>, tensor<2x1xbf16>) -> (tensor<3xbf16>, tensor<2x1xbf16>)
  %d = stablehlo.add %r#0, %x : tensor<3xbf16>
  return %r#0, %r#1, %d : tensor<3xbf16>, tensor<2x1xbf16>, tensor<3xbf16>
}

func.func @all_gather() -> (tensor<2x3xi32>, tensor<2x3xcomplex<f32>>) {
  %x = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %z = stablehlo.constant dense<[[(1.0, -0.0), (2.0, 3.0), (0.0, 1.0)], [(4.0, 5.0), (6.0, 7.0), (8.0, 9.0)]]> : tensor<2x3xcomplex<f32>>
  %r:2 = "stablehlo.all_gather"(%x, %z) {
    all_gather_dim = 1 : i64,
    replica_groups = dense<[[0]]> : tensor<1x1xi64>
  } : (tensor<2x3xi32>, tensor<2x3xcomplex<f32>>) -> (tensor<2x3xi32>, tensor<2x3xcomplex<f32>>)
  return %r#0, %r#1 : tensor<2x3xi32>, tensor<2x3xcomplex<f32>>
}

func.func @all_to_all() -> tensor<4x2xui16> {
  %x = stablehlo.constant dense<[[1, 2], [3, 4], [5, 6], [65535, 0]]> : tensor<4x2xui16>
  %r = "stablehlo.all_to_all"(%x) {
    split_dimension = 0 : i64,
    concat_dimension = 1 : i64,
    split_count = 1 : i64,
    replica_groups = dense<[[0]]> : tensor<1x1xi64>
  } : (tensor<4x2xui16>) -> tensor<4x2xui16>
  return %r : tensor<4x2xui16>
}

func.func @reduce_scatter() -> tensor<2x4xf16> {
  %x = stablehlo.constant dense<[[1.0, 2.0, 3.0, 4.0], [65504.0, -0.0, 0.5, 6.1e-5]]> : tensor<2x4xf16>
  %r = "stablehlo.reduce_scatter"(%x) ({
    ^bb0(%l: tensor<f16>, %r: tensor<f16>):
      %s = stablehlo.add %l, %r : tensor<f16>
      stablehlo.return %s : tensor<f16>
  }) {scatter_dimension = 1 : i64,
      replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<2x4xf16>) -> tensor<2x4xf16>
  return %r : tensor<2x4xf16>
}

// A pair (0, 0) sends the operand to itself; without one nothing arrives
// and the result is zeros.
func.func @collective_permute() -> (tensor<3xf32>, tensor<3xf32>, tensor<2x2xi4>) {
  %x = stablehlo.constant dense<[1.0, -0.0, 3.0]> : tensor<3xf32>
  %self = "stablehlo.collective_permute"(%x) {
    source_target_pairs = dense<[[0, 0]]> : tensor<1x2xi64>
  } : (tensor<3xf32>) -> tensor<3xf32>
  %none = "stablehlo.collective_permute"(%x) {
    source_target_pairs = dense<> : tensor<0x2xi64>,
    channel_handle = #stablehlo.channel_handle<handle = 3, type = 1>
  } : (tensor<3xf32>) -> tensor<3xf32>
  %i = stablehlo.constant dense<[[-8, 7], [1, -1]]> : tensor<2x2xi4>
  %zi = "stablehlo.collective_permute"(%i) {
    source_target_pairs = dense<> : tensor<0x2xi64>
  } : (tensor<2x2xi4>) -> tensor<2x2xi4>
  check.expect_eq_const %none, dense<0.0> : tensor<3xf32>
  return %self, %none, %zi : tensor<3xf32>, tensor<3xf32>, tensor<2x2xi4>
}

func.func @collective_broadcast_and_reduce() -> (tensor<2xi1>, tensor<3xf64>, tensor<3xf64>) {
  %b = stablehlo.constant dense<[true, false]> : tensor<2xi1>
  %x = stablehlo.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %r1 = "stablehlo.collective_broadcast"(%b) {
    replica_groups = dense<[[0]]> : tensor<1x1xi64>
  } : (tensor<2xi1>) -> tensor<2xi1>
  %r2 = "stablehlo.collective_broadcast"(%x) {
    replica_groups = dense<> : tensor<0x0xi64>,
    channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>
  } : (tensor<3xf64>) -> tensor<3xf64>
  %r3 = "stablehlo.collective_reduce"(%x) ({
    ^bb0(%l: tensor<f64>, %r: tensor<f64>):
      %s = stablehlo.add %l, %r : tensor<f64>
      stablehlo.return %s : tensor<f64>
  }) {replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<3xf64>) -> tensor<3xf64>
  return %r1, %r2, %r3 : tensor<2xi1>, tensor<3xf64>, tensor<3xf64>
}

// cross-replica-sum adds from zero: a complex -0 part becomes +0.
func.func @cross_replica_sum() -> (tensor<2xcomplex<f64>>, tensor<3xi8>, tensor<2xf32>) {
  %z = stablehlo.constant dense<[(-0.0, -0.0), (1.0, -2.0)]> : tensor<2xcomplex<f64>>
  %i = stablehlo.constant dense<[127, -128, 0]> : tensor<3xi8>
  %f = stablehlo.constant dense<[-0.0, 0x7F800000]> : tensor<2xf32>
  %a = "stablehlo.cross-replica-sum"(%z) {replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<2xcomplex<f64>>) -> tensor<2xcomplex<f64>>
  %b = "stablehlo.cross-replica-sum"(%i) {replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<3xi8>) -> tensor<3xi8>
  %c = "stablehlo.cross-replica-sum"(%f) {replica_groups = dense<> : tensor<0x0xi64>} : (tensor<2xf32>) -> tensor<2xf32>
  return %a, %b, %c : tensor<2xcomplex<f64>>, tensor<3xi8>, tensor<2xf32>
}

func.func @ids() -> (tensor<ui32>, tensor<ui32>, tensor<ui32>) {
  %r = stablehlo.replica_id : tensor<ui32>
  %p = stablehlo.partition_id : tensor<ui32>
  %s = stablehlo.add %r, %p : tensor<ui32>
  check.expect_eq_const %s, dense<0> : tensor<ui32>
  return %r, %p, %s : tensor<ui32>, tensor<ui32>, tensor<ui32>
}

// Collectives inside control flow and called functions.
func.func private @step(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = "stablehlo.all_reduce"(%x) ({
    ^bb0(%l: tensor<f32>, %r: tensor<f32>):
      %s = stablehlo.add %l, %r : tensor<f32>
      stablehlo.return %s : tensor<f32>
  }) {replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<4xf32>) -> tensor<4xf32>
  %two = stablehlo.constant dense<2.0> : tensor<4xf32>
  %y = stablehlo.multiply %r, %two : tensor<4xf32>
  return %y : tensor<4xf32>
}

func.func @in_loop() -> tensor<4xf32> {
  %x = stablehlo.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %k0 = stablehlo.constant dense<0> : tensor<i32>
  %w:2 = stablehlo.while(%v = %x, %k = %k0) : tensor<4xf32>, tensor<i32>
  cond {
    %n = stablehlo.constant dense<3> : tensor<i32>
    %p = stablehlo.compare LT, %k, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  } do {
    %v1 = func.call @step(%v) : (tensor<4xf32>) -> tensor<4xf32>
    %id = stablehlo.replica_id : tensor<ui32>
    %idi = stablehlo.convert %id : (tensor<ui32>) -> tensor<i32>
    %one = stablehlo.constant dense<1> : tensor<i32>
    %k1 = stablehlo.add %k, %one : tensor<i32>
    %k2 = stablehlo.add %k1, %idi : tensor<i32>
    stablehlo.return %v1, %k2 : tensor<4xf32>, tensor<i32>
  }
  check.expect_eq_const %w#0, dense<[8.0, 16.0, 24.0, 32.0]> : tensor<4xf32>
  return %w#0 : tensor<4xf32>
}

// Transfers on one process: outfeed goes nowhere, a send that no pair
// sends from reaches no one, a recv no pair delivers to gets zeros.
func.func @transfers() -> (tensor<2xi32>, !stablehlo.token) {
  %t = stablehlo.after_all : !stablehlo.token
  %x = stablehlo.constant dense<[5, 6]> : tensor<2xi32>
  %t1 = "stablehlo.outfeed"(%x, %t) : (tensor<2xi32>, !stablehlo.token) -> !stablehlo.token
  %t2 = "stablehlo.send"(%x, %t1) {
    channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>,
    source_target_pairs = dense<[[1, 0]]> : tensor<1x2xi64>
  } : (tensor<2xi32>, !stablehlo.token) -> !stablehlo.token
  %r:2 = "stablehlo.recv"(%t2) {
    channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>,
    source_target_pairs = dense<[[0, 1]]> : tensor<1x2xi64>
  } : (!stablehlo.token) -> (tensor<2xi32>, !stablehlo.token)
  check.expect_eq_const %r#0, dense<0> : tensor<2xi32>
  return %r#0, %r#1 : tensor<2xi32>, !stablehlo.token
}

// interpreter.run_parallel on a 1 x 1 grid: a call of the program, whose
// infeed ops read the `infeed` functions in order and whose recvs take
// what its own earlier sends sent on the channel.
func.func private @program(%x: tensor<2xf32>, %t: !stablehlo.token) -> (tensor<2xf32>, tensor<2xf32>, tensor<3xi8>, tensor<ui32>) {
  %t1 = "stablehlo.send"(%x, %t) {
    channel_handle = #stablehlo.channel_handle<handle = 7, type = 2>,
    is_host_transfer = true
  } : (tensor<2xf32>, !stablehlo.token) -> !stablehlo.token
  %two = stablehlo.constant dense<2.0> : tensor<2xf32>
  %y = stablehlo.multiply %x, %two : tensor<2xf32>
  %t2 = "stablehlo.send"(%y, %t1) {
    channel_handle = #stablehlo.channel_handle<handle = 7, type = 2>,
    is_host_transfer = true
  } : (tensor<2xf32>, !stablehlo.token) -> !stablehlo.token
  %a:2 = "stablehlo.recv"(%t2) {
    channel_handle = #stablehlo.channel_handle<handle = 7, type = 3>,
    is_host_transfer = true
  } : (!stablehlo.token) -> (tensor<2xf32>, !stablehlo.token)
  %b:2 = "stablehlo.recv"(%a#1) {
    channel_handle = #stablehlo.channel_handle<handle = 7, type = 3>,
    is_host_transfer = true
  } : (!stablehlo.token) -> (tensor<2xf32>, !stablehlo.token)
  %q:2 = "stablehlo.infeed"(%b#1) : (!stablehlo.token) -> (tensor<3xi8>, !stablehlo.token)
  %id = stablehlo.partition_id : tensor<ui32>
  return %a#0, %b#0, %q#0, %id : tensor<2xf32>, tensor<2xf32>, tensor<3xi8>, tensor<ui32>
}

func.func private @feed() -> tensor<3xi8> {
  %c = stablehlo.constant dense<[1, -2, 3]> : tensor<3xi8>
  return %c : tensor<3xi8>
}

func.func @run_parallel_one_process() -> (tensor<2xf32>, tensor<2xf32>, tensor<3xi8>, tensor<ui32>) {
  %x = stablehlo.constant dense<[1.5, -4.0]> : tensor<2xf32>
  %t = stablehlo.after_all : !stablehlo.token
  %r:4 = "interpreter.run_parallel"(%x, %t) {
    infeed = [@feed],
    programs = [[@program]]
  } : (tensor<2xf32>, !stablehlo.token) -> (tensor<2xf32>, tensor<2xf32>, tensor<3xi8>, tensor<ui32>)
  check.expect_eq_const %r#1, dense<[3.0, -8.0]> : tensor<2xf32>
  return %r#0, %r#1, %r#2, %r#3 : tensor<2xf32>, tensor<2xf32>, tensor<3xi8>, tensor<ui32>
}

// Compiled code runs on one device, the 1 x 1 grid of a plain call
// (compiler/lower_collective.c), or simulates an interpreter.run_parallel
// grid at compile time (compiler/expand_grid.c): what needs more devices is
// a compile error naming the op; what the interpreter reports when it runs (an infeed with
// no queue, a send without a receiver) is reported at run time alike.
// RUN: not %cxla run --function=two_replicas --input=4xf32=1,2,3,4 %s 2>&1 | FileCheck %s --check-prefix=GROUPS
// RUN: not %cxla run --function=pairs --input=4xf32=1,2,3,4 %s 2>&1 | FileCheck %s --check-prefix=PAIRS
// RUN: not %cxla run --function=split --input=4xf32=1,2,3,4 %s 2>&1 | FileCheck %s --check-prefix=SPLIT
// RUN: %cxla run --function=grid %s | FileCheck %s --check-prefix=GRID
// RUN: not %cxla run --function=grid_loop %s 2>&1 | FileCheck %s --check-prefix=GRIDLOOP
// RUN: not %cxla run --function=grid_too_large %s 2>&1 | FileCheck %s --check-prefix=GRIDMAX
// RUN: not %cxla run --function=grid_deadlock %s 2>&1 | FileCheck %s --check-prefix=DEADGRID
// RUN: not %cxla run --interpret --function=grid_deadlock %s 2>&1 | FileCheck %s --check-prefix=DEADGRID-INTERP
// RUN: not %cxla run --function=queue_in_loop %s 2>&1 | FileCheck %s --check-prefix=LOOP
// RUN: not %cxla run --function=deadlock %s 2>&1 | FileCheck %s --check-prefix=DEADLOCK
// RUN: not %cxla run --function=infeed %s 2>&1 | FileCheck %s --check-prefix=INFEED
// RUN: not %cxla run --interpret --function=infeed %s 2>&1 | FileCheck %s --check-prefix=INFEED
// RUN: not %cxla run --function=send %s 2>&1 | FileCheck %s --check-prefix=SEND
// RUN: not %cxla run --interpret --function=send %s 2>&1 | FileCheck %s --check-prefix=SEND
// RUN: %cxla run --function=skipped_send %s | FileCheck %s --check-prefix=SKIPPED
// RUN: %cxla check --mode=both --synthesize-inputs=2 %S/Inputs/quantized_zeros.mlir | FileCheck %s --check-prefix=QUANT
// RUN: not %cxla run --function=tuple_result %s 2>&1 | FileCheck %s --check-prefix=TUPLE

// GROUPS: one_device.mlir:[[@LINE+2]]:3: error: 'stablehlo.all_reduce' op needs 2 devices; compiled code runs on one (replica_groups names other processes)
func.func @two_replicas(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = "stablehlo.all_reduce"(%x) ({
    ^bb0(%l: tensor<f32>, %r: tensor<f32>):
      %s = stablehlo.add %l, %r : tensor<f32>
      stablehlo.return %s : tensor<f32>
  }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// PAIRS: error: 'stablehlo.collective_permute' op needs 4 devices; compiled code runs on one (source_target_pairs names other processes)
func.func @pairs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = "stablehlo.collective_permute"(%x) {
    source_target_pairs = dense<[[0, 3]]> : tensor<1x2xi64>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// SPLIT: error: 'stablehlo.all_to_all' op needs 2 devices; compiled code runs on one
func.func @split(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = "stablehlo.all_to_all"(%x) {
    split_dimension = 0 : i64, concat_dimension = 0 : i64, split_count = 2 : i64,
    replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

func.func private @id() -> tensor<ui32> {
  %r = stablehlo.replica_id : tensor<ui32>
  return %r : tensor<ui32>
}

// A grid of several processes is simulated at compile time (expand_grid.c):
// process (2, 1)'s replica id.
// GRID: ui32=2
func.func @grid() -> tensor<ui32> {
  %r:6 = "interpreter.run_parallel"() {programs = [[@id, @id], [@id, @id], [@id, @id]]} : () -> (tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>)
  return %r#5 : tensor<ui32>
}

// Each process's program is placed in the caller: grids are bounded.
// GRIDMAX: error: 'interpreter.run_parallel' op runs 257 processes; compiled code simulates at most 256
func.func @grid_too_large() -> tensor<ui32> {
  %r:257 = "interpreter.run_parallel"() {programs = [[@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id], [@id]]} : () -> (tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>)
  return %r#256 : tensor<ui32>
}

// Whether a collective inside a branch meets depends on run-time values:
// the simulation refuses it.
// GRIDLOOP: one_device.mlir:[[@LINE+4]]:5: error: 'stablehlo.all_reduce' op is inside a branch of a program of interpreter.run_parallel on a grid of 2 processes; compiled code meets the processes' collectives in program order, and in loops that every process runs in lockstep
func.func private @reduce_in_loop(%x: tensor<2xf32>) -> tensor<2xf32> {
  %p = stablehlo.constant dense<true> : tensor<i1>
  %r = "stablehlo.if"(%p) ({
    %s = "stablehlo.all_reduce"(%x) ({
        ^bb0(%l: tensor<f32>, %m: tensor<f32>):
          %a = stablehlo.add %l, %m : tensor<f32>
          stablehlo.return %a : tensor<f32>
      }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2xf32>) -> tensor<2xf32>
    stablehlo.return %s : tensor<2xf32>
  }, {
    stablehlo.return %x : tensor<2xf32>
  }) : (tensor<i1>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

func.func @grid_loop() -> tensor<2xf32> {
  %x = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %r:2 = "interpreter.run_parallel"(%x, %x) {programs = [[@reduce_in_loop], [@reduce_in_loop]]} : (tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  return %r#1 : tensor<2xf32>
}

// Each process waits for the other's message before sending its own.
// DEADGRID: error: 'stablehlo.recv' op waits forever in process (0, 0): every process of interpreter.run_parallel that has not finished waits (a deadlock)
// DEADGRID-INTERP: error: {{.*}}'stablehlo.recv' op
func.func private @recv_then_send(%x: tensor<2xf32>) -> tensor<2xf32> {
  %t = stablehlo.after_all : !stablehlo.token
  %v:2 = "stablehlo.recv"(%t) {channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, source_target_pairs = dense<[[0, 1], [1, 0]]> : tensor<2x2xi64>, is_host_transfer = false} : (!stablehlo.token) -> (tensor<2xf32>, !stablehlo.token)
  %u = "stablehlo.send"(%x, %v#1) {channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, source_target_pairs = dense<[[0, 1], [1, 0]]> : tensor<2x2xi64>, is_host_transfer = false} : (tensor<2xf32>, !stablehlo.token) -> !stablehlo.token
  return %v#0 : tensor<2xf32>
}

func.func @grid_deadlock() -> tensor<2xf32> {
  %x = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %r:2 = "interpreter.run_parallel"(%x, %x) {programs = [[@recv_then_send], [@recv_then_send]]} : (tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  return %r#1 : tensor<2xf32>
}

func.func private @feed() -> tensor<2xi32> {
  %c = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
  return %c : tensor<2xi32>
}

func.func private @read_in_loop(%t: !stablehlo.token) -> tensor<2xi32> {
  %z = stablehlo.constant dense<0> : tensor<2xi32>
  %p = stablehlo.constant dense<true> : tensor<i1>
  %r = "stablehlo.if"(%p) ({
    %q:2 = "stablehlo.infeed"(%t) : (!stablehlo.token) -> (tensor<2xi32>, !stablehlo.token)
    stablehlo.return %q#0 : tensor<2xi32>
  }, {
    stablehlo.return %z : tensor<2xi32>
  }) : (tensor<i1>) -> tensor<2xi32>
  return %r : tensor<2xi32>
}

// LOOP: error: 'stablehlo.infeed' op reads interpreter.run_parallel's infeed queue inside a loop or branch; compiled code hands out the queue in program order
func.func @queue_in_loop() -> tensor<2xi32> {
  %t = stablehlo.after_all : !stablehlo.token
  %r = "interpreter.run_parallel"(%t) {infeed = [@feed], programs = [[@read_in_loop]]} : (!stablehlo.token) -> tensor<2xi32>
  return %r : tensor<2xi32>
}

func.func private @recv_first(%t: !stablehlo.token) -> tensor<2xi32> {
  %q:2 = "stablehlo.recv"(%t) {
    channel_handle = #stablehlo.channel_handle<handle = 5, type = 3>, is_host_transfer = true
  } : (!stablehlo.token) -> (tensor<2xi32>, !stablehlo.token)
  return %q#0 : tensor<2xi32>
}

// DEADLOCK: error: 'stablehlo.recv' op waits for a message on channel 5 that no earlier send of its process sends (a deadlock)
func.func @deadlock() -> tensor<2xi32> {
  %t = stablehlo.after_all : !stablehlo.token
  %r = "interpreter.run_parallel"(%t) {programs = [[@recv_first]]} : (!stablehlo.token) -> tensor<2xi32>
  return %r : tensor<2xi32>
}

// INFEED: one_device.mlir:[[@LINE+3]]:3: error: {{.*}}'stablehlo.infeed' op the infeed queue is empty
func.func @infeed() -> tensor<2xi32> {
  %t = stablehlo.after_all : !stablehlo.token
  %q:2 = "stablehlo.infeed"(%t) : (!stablehlo.token) -> (tensor<2xi32>, !stablehlo.token)
  return %q#0 : tensor<2xi32>
}

// SEND: one_device.mlir:[[@LINE+4]]:3: error: {{.*}}'stablehlo.send' op has no receiver outside interpreter.run_parallel
func.func @send() -> !stablehlo.token {
  %t = stablehlo.after_all : !stablehlo.token
  %x = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
  %s = "stablehlo.send"(%x, %t) {
    channel_handle = #stablehlo.channel_handle<handle = 1, type = 2>, is_host_transfer = true
  } : (tensor<2xi32>, !stablehlo.token) -> !stablehlo.token
  return %s : !stablehlo.token
}

// A failing op in a branch not taken never fails.
// SKIPPED: result[0]: hal.buffer_view
// SKIPPED-NEXT: i32=7
func.func @skipped_send() -> tensor<i32> {
  %p = stablehlo.constant dense<false> : tensor<i1>
  %seven = stablehlo.constant dense<7> : tensor<i32>
  %r = "stablehlo.if"(%p) ({
    %t = stablehlo.after_all : !stablehlo.token
    %x = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
    %s = "stablehlo.send"(%x, %t) {
      channel_handle = #stablehlo.channel_handle<handle = 1, type = 2>, is_host_transfer = true
    } : (tensor<2xi32>, !stablehlo.token) -> !stablehlo.token
    stablehlo.return %seven : tensor<i32>
  }, {
    stablehlo.return %seven : tensor<i32>
  }) : (tensor<i1>) -> tensor<i32>
  return %r : tensor<i32>
}

// QUANT: PASS
// QUANT: 1 passed, 0 failed

// Tuples do not cross the compiled function's boundary (tokens do, as
// zero-size values).
// TUPLE: error: 'func.func' op result 0 is a tuple; compiled functions take and return tensors and tokens only (pass the tuple's elements instead)
func.func @tuple_result() -> tuple<tensor<2xf32>, !stablehlo.token> {
  %a = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %t = stablehlo.after_all : !stablehlo.token
  %r = stablehlo.tuple %a, %t : tuple<tensor<2xf32>, !stablehlo.token>
  return %r : tuple<tensor<2xf32>, !stablehlo.token>
}

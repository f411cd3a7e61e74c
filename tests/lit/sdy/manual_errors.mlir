// What a manual computation over several devices cannot run is an error
// naming the op and the reason, interpreted and compiled alike; a
// collective inside a branch of the body runs interpreted (a thread per
// device) but not compiled (the devices' collectives meet in program order,
// and in loops run in lockstep: a loop runs both ways).
// RUN: not %cxla run --interpret %s --function=mismatch --input=4x2xf32=1 2>&1 | FileCheck %s --check-prefix=MISMATCH
// RUN: not %cxla run %s --function=mismatch --input=4x2xf32=1 2>&1 | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: manual_errors.mlir:{{[0-9]+}}:3: error: {{.*}}'sdy.manual_computation' op has operand #0 of type tensor<4x2xf32> split 2 ways along dimension 0, but the body's type is tensor<4x2xf32>
// RUN: not %cxla run --interpret %s --function=nested --input=4x2xf32=1 2>&1 | FileCheck %s --check-prefix=NESTED
// RUN: not %cxla run %s --function=nested --input=4x2xf32=1 2>&1 | FileCheck %s --check-prefix=NESTED
// NESTED: 'sdy.manual_computation' op holds another manual computation over several devices (at {{.*}}manual_errors.mlir:{{[0-9]+}}:5): nested manual computations are not supported
// RUN: not %cxla run --interpret %s --function=sub_axis --input=4xf32=1 2>&1 | FileCheck %s --check-prefix=SUB
// RUN: not %cxla run %s --function=sub_axis --input=4xf32=1 2>&1 | FileCheck %s --check-prefix=SUB
// SUB: 'sdy.manual_computation' op splits dimension 0 of its operand #0 by manual axis "a" as a sub-axis
// RUN: not %cxla run --interpret %s --function=duplicate_ids --input=4xf32=1 2>&1 | FileCheck %s --check-prefix=IDS
// RUN: not %cxla run %s --function=duplicate_ids --input=4xf32=1 2>&1 | FileCheck %s --check-prefix=IDS
// IDS: 'sdy.manual_computation' op has a mesh whose device_ids are not a permutation of 0..1
// RUN: not %cxla run --interpret %s --function=twice --input=4x4xf32=1 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not %cxla run %s --function=twice --input=4x4xf32=1 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: 'sdy.manual_computation' op splits its operand #0 by manual axis "a" twice
// RUN: %cxla run --interpret %s --function=in_loop --input=4xf32=[1,2,3,4] | FileCheck %s --check-prefix=LOOP
// LOOP: 4xf32=8 12 8 12
// RUN: %cxla run %s --function=in_loop --input=4xf32=[1,2,3,4] | FileCheck %s --check-prefix=LOOP
// RUN: %cxla run --interpret %s --function=in_branch --input=4xf32=[1,2,3,4] | FileCheck %s --check-prefix=BRANCH
// BRANCH: 4xf32=4 6 4 6
// RUN: not %cxla run %s --function=in_branch --input=4xf32=1 2>&1 | FileCheck %s --check-prefix=NOBRANCH
// NOBRANCH: error: 'stablehlo.all_reduce' op is inside a branch of a program of sdy.manual_computation on a grid of 2 processes

sdy.mesh @mesh = <["a"=2]>
sdy.mesh @square = <["a"=2, "b"=2]>
sdy.mesh @four = <["a"=4]>
sdy.mesh @dup = <["a"=2], device_ids=[1, 1]>

func.func @mismatch(%arg0: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@mesh, [{"a"}, {}]>] out_shardings=[<@mesh, [{"a"}, {}]>] manual_axes={"a"} (%x: tensor<4x2xf32>) {
    sdy.return %x : tensor<4x2xf32>
  } : (tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

func.func @nested(%arg0: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@square, [{"a"}, {}]>] out_shardings=[<@square, [{"a"}, {}]>] manual_axes={"a"} (%x: tensor<2x2xf32>) {
    %1 = sdy.manual_computation(%x) in_shardings=[<@square, [{}, {"b"}]>] out_shardings=[<@square, [{}, {"b"}]>] manual_axes={"b"} (%y: tensor<2x1xf32>) {
      sdy.return %y : tensor<2x1xf32>
    } : (tensor<2x2xf32>) -> tensor<2x2xf32>
    sdy.return %1 : tensor<2x2xf32>
  } : (tensor<4x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

func.func @sub_axis(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@four, [{"a":(1)2}]>] out_shardings=[<@four, [{"a"}]>] manual_axes={"a"} (%x: tensor<1xf32>) {
    sdy.return %x : tensor<1xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @duplicate_ids(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@dup, [{"a"}]>] out_shardings=[<@dup, [{"a"}]>] manual_axes={"a"} (%x: tensor<2xf32>) {
    sdy.return %x : tensor<2xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @twice(%arg0: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@mesh, [{"a"}, {"a"}]>] out_shardings=[<@mesh, [{"a"}, {}]>] manual_axes={"a"} (%x: tensor<2x2xf32>) {
    %c = stablehlo.concatenate %x, %x, dim = 1 : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x4xf32>
    sdy.return %c : tensor<2x4xf32>
  } : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// Two rounds of a sum over both devices: (1 + 3) * 2 = 8, (2 + 4) * 2 = 12.
func.func @in_loop(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@mesh, [{"a"}]>] out_shardings=[<@mesh, [{"a"}]>] manual_axes={"a"} (%x: tensor<2xf32>) {
    %i0 = stablehlo.constant dense<0> : tensor<i32>
    %n = stablehlo.constant dense<2> : tensor<i32>
    %one = stablehlo.constant dense<1> : tensor<i32>
    %r:2 = stablehlo.while(%i = %i0, %v = %x) : tensor<i32>, tensor<2xf32>
    cond {
      %c = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %c : tensor<i1>
    } do {
      %s = "stablehlo.all_reduce"(%v) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, use_global_device_ids}> ({
      ^bb0(%a: tensor<f32>, %b: tensor<f32>):
        %t = stablehlo.add %a, %b : tensor<f32>
        stablehlo.return %t : tensor<f32>
      }) : (tensor<2xf32>) -> tensor<2xf32>
      %j = stablehlo.add %i, %one : tensor<i32>
      stablehlo.return %j, %s : tensor<i32>, tensor<2xf32>
    }
    sdy.return %r#1 : tensor<2xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// A sum over both devices inside a branch every device takes.
func.func @in_branch(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@mesh, [{"a"}]>] out_shardings=[<@mesh, [{"a"}]>] manual_axes={"a"} (%x: tensor<2xf32>) {
    %t = stablehlo.constant dense<true> : tensor<i1>
    %r = "stablehlo.if"(%t) ({
      %s = "stablehlo.all_reduce"(%x) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>, use_global_device_ids}> ({
      ^bb0(%a: tensor<f32>, %b: tensor<f32>):
        %u = stablehlo.add %a, %b : tensor<f32>
        stablehlo.return %u : tensor<f32>
      }) : (tensor<2xf32>) -> tensor<2xf32>
      stablehlo.return %s : tensor<2xf32>
    }, {
      stablehlo.return %x : tensor<2xf32>
    }) : (tensor<i1>) -> tensor<2xf32>
    sdy.return %r : tensor<2xf32>
  } : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

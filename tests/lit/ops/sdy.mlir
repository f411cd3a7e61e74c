// Shardy's ops in their custom forms (openxla/shardy's *_parse_print.mlir
// tests): printed back exactly, through the generic form and through
// bytecode; and they run (one device: constraints, reshards and barriers
// are identities, named and manual computations run their body).
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s > %t.once.mlir
// RUN: %cxla opt %t.once.mlir | diff %t.once.mlir -
// RUN: %cxla opt --generic %s | %cxla opt - | diff %t.once.mlir -
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla translate --serialize %s -o %t.mlirbc
// RUN: %cxla translate --deserialize %t.mlirbc | diff %t.once.mlir -
// RUN: %cxla run --interpret %s --input=8x2xi32=1 | FileCheck %s --check-prefix=RUN1
// RUN: %cxla run %s --input=8x2xi32=1 | FileCheck %s --check-prefix=RUN1

// CHECK: sdy.mesh @mesh = <["a"=1, "b"=1]>
// CHECK: sdy.mesh @big = <["x"=4]>
// CHECK-LABEL: func.func @main
// CHECK{LITERAL}: %0 = sdy.sharding_constraint %arg0 <@mesh, [{"a", ?}, {?}]> : tensor<8x2xi32>
// CHECK{LITERAL}: %1 = sdy.reshard %0 <@mesh, [{}, {"b"}], replicated={"a"}> : tensor<8x2xi32>
// CHECK: %2 = sdy.propagation_barrier %1 allowed_direction=BACKWARD : tensor<8x2xi32>
// CHECK: sdy.sharding_group %2 group_id=3 : tensor<8x2xi32>
// CHECK{LITERAL}: %3 = sdy.named_computation<"foo">(%2) in_shardings=[<@mesh, [{"b"}, {}]>] out_shardings=[<@mesh, [{"a"}, {}]>] (%arg1: tensor<8x2xi32>) {
// CHECK-NEXT:   %{{.*}} = stablehlo.add %arg1, %arg1 : tensor<8x2xi32>
// CHECK-NEXT:   sdy.return %{{.*}} : tensor<8x2xi32>
// CHECK-NEXT: } : (tensor<8x2xi32>) -> tensor<8x2xi32>
// CHECK{LITERAL}: %4:2 = sdy.manual_computation(%3, %2) in_shardings=[<@mesh, [{"a"}, {}]>, <@big, [{}, {}]>] out_shardings=[<@mesh, [{"a"}, {}]>, <@mesh, [{}, {}]>] manual_axes={"a"} (%arg1: tensor<8x2xi32>, %arg2: tensor<8x2xi32>) {
// CHECK: sdy.return %{{.*}}, %arg2 : tensor<8x2xi32>, tensor<8x2xi32>
// CHECK-NEXT: } : (tensor<8x2xi32>, tensor<8x2xi32>) -> (tensor<8x2xi32>, tensor<8x2xi32>)
// CHECK: %5 = sdy.named_computation<"no_shardings">() () {
// CHECK: } : () -> tensor<i32>

// GENERIC: "sdy.mesh"() <{mesh = #sdy.mesh<["a"=1, "b"=1]>, sym_name = "mesh"}> : () -> ()
// GENERIC{LITERAL}: "sdy.sharding_constraint"(%arg0) <{sharding = #sdy.sharding<@mesh, [{"a", ?}, {?}]>}> : (tensor<8x2xi32>) -> tensor<8x2xi32>
// GENERIC: "sdy.propagation_barrier"(%1) <{allowed_direction = #sdy<propagation_direction BACKWARD>}>
// GENERIC: "sdy.sharding_group"(%2) <{group_id = 3 : i64}> : (tensor<8x2xi32>) -> ()
// GENERIC{LITERAL}: manual_axes = #sdy<manual_axes{"a"}>
// GENERIC: "sdy.return"

// 1 + 1 = 2 from the named computation, 2 + 1 = 3 and 1 from the manual
// one, 3 + 1 + 1 = 5.
// RUN1: 8x2xi32=[5 5][5 5][5 5][5 5][5 5][5 5][5 5][5 5]
// RUN1: i32=7

sdy.mesh @mesh = <["a"=1, "b"=1]>
sdy.mesh @big = <["x"=4]>
func.func @main(%arg0: tensor<8x2xi32>) -> (tensor<8x2xi32>, tensor<i32>) {
  %0 = sdy.sharding_constraint %arg0 <@mesh, [{"a", ?}, {?}]> : tensor<8x2xi32>
  %1 = sdy.reshard %0 <@mesh, [{}, {"b"}], replicated={"a"}> : tensor<8x2xi32>
  %2 = sdy.propagation_barrier %1 allowed_direction=BACKWARD : tensor<8x2xi32>
  sdy.sharding_group %2 group_id=3 : tensor<8x2xi32>
  %3 = sdy.named_computation<"foo">(%2) in_shardings=[<@mesh, [{"b"}, {}]>] out_shardings=[<@mesh, [{"a"}, {}]>] (%x: tensor<8x2xi32>) {
    %s = stablehlo.add %x, %x : tensor<8x2xi32>
    sdy.return %s : tensor<8x2xi32>
  } : (tensor<8x2xi32>) -> tensor<8x2xi32>
  // Replicated along @big's axis of 4 devices: the body sees whole values.
  %4:2 = sdy.manual_computation(%3, %2) in_shardings=[<@mesh, [{"a"}, {}]>, <@big, [{}, {}]>] out_shardings=[<@mesh, [{"a"}, {}]>, <@mesh, [{}, {}]>] manual_axes={"a"} (%y: tensor<8x2xi32>, %z: tensor<8x2xi32>) {
    %t = stablehlo.add %y, %z : tensor<8x2xi32>
    sdy.return %t, %z : tensor<8x2xi32>, tensor<8x2xi32>
  } : (tensor<8x2xi32>, tensor<8x2xi32>) -> (tensor<8x2xi32>, tensor<8x2xi32>)
  %5 = sdy.named_computation<"no_shardings">() () {
    %c = stablehlo.constant dense<7> : tensor<i32>
    sdy.return %c : tensor<i32>
  } : () -> tensor<i32>
  %6 = stablehlo.add %4#0, %4#1 : tensor<8x2xi32>
  %one = stablehlo.constant dense<1> : tensor<8x2xi32>
  %8 = stablehlo.add %6, %one : tensor<8x2xi32>
  return %8, %5 : tensor<8x2xi32>, tensor<i32>
}

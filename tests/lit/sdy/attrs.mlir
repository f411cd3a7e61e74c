// Shardy's attributes (#sdy.mesh, #sdy.sharding, #sdy.sharding_per_value,
// #sdy<manual_axes>, #sdy.op_sharding_rule) in function argument and result
// attributes and in op attributes: read whatever their spacing, printed in
// Shardy's canonical text (iota device ids dropped, replicated before
// unreduced, `sum` implied), printed text reads back the same, and the
// bytecode writer stores them as text that reads back the same.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s > %t.once.mlir
// RUN: %cxla opt %t.once.mlir | diff %t.once.mlir -
// RUN: %cxla opt --generic %s | %cxla opt - | diff %t.once.mlir -
// RUN: %cxla translate --serialize %s -o %t.mlirbc
// RUN: %cxla translate --deserialize %t.mlirbc | diff %t.once.mlir -
// RUN: %cxla run --interpret %s --input=8x8xf32=1 --input=8x8xf32=2 | FileCheck %s --check-prefix=RUN1

// CHECK: sdy.mesh @mesh = <["a"=2, "b"=1]>
// CHECK: sdy.mesh @iota = <["x"=2, "y"=2]>
// CHECK: sdy.mesh @maximal = <[], device_ids=[3]>
// CHECK{LITERAL}: func.func @main(%arg0: tensor<8x8xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"a", ?}, {?}]>}, %arg1: tensor<8x8xf32> {sdy.sharding = #sdy.sharding<mesh<["x"=2], device_ids=[1, 0]>, [{"x"}p1, {}], replicated={"b":(1)2}>}) -> (tensor<8x8xf32> {sdy.sharding = #sdy.sharding<@mesh, [{}, {}], replicated={"a"}, unreduced=max{"b"}>}) {
// CHECK{LITERAL}: stablehlo.add %arg0, %arg1 {sdy.sharding = #sdy.sharding_per_value<[<@mesh, [{"a"}, {}], unreduced={"b"}>]>, sdy.sharding_rule = #sdy.op_sharding_rule<([i, j],[i, j])->([i, j]) {i=8, j=8}>} : tensor<8x8xf32>
// CHECK{LITERAL}: stablehlo.negate %0 {mhlo.sharding = "{replicated}", sdy.axes = #sdy<manual_axes{"a", "b"}>, sdy.empty = #sdy.sharding_per_value<[]>} : tensor<8x8xf32>
// func.return's format puts the attribute dictionary before the operands
// (Shardy's tests write `return {sdy.sharding = ...} %arg0`).
// CHECK{LITERAL}: return {sdy.sharding = #sdy.sharding_per_value<[<@mesh, [{}, {}]>]>} %1 : tensor<8x8xf32>
// RUN1: 8x8xf32=
// RUN1-SAME: -3 -3

sdy.mesh @mesh = <[ "a" = 2 , "b"=1 ]>
sdy.mesh @iota = <["x"=2, "y"=2], device_ids=[0, 1, 2, 3]>
sdy.mesh @maximal = <[], device_ids=[3]>
func.func @main(%a: tensor<8x8xf32> {sdy.sharding = #sdy.sharding< @mesh , [ {"a",?} , { ? } ]>},
                %b: tensor<8x8xf32> {sdy.sharding = #sdy.sharding<mesh<["x"=2], device_ids=[1,0]>, [{"x"}p1, {}], replicated = {"b":(1)2}>})
    -> (tensor<8x8xf32> {sdy.sharding = #sdy.sharding<@mesh, [{}, {}], unreduced=max{"b"}, replicated={"a"}>}) {
  %0 = stablehlo.add %a, %b {sdy.sharding = #sdy.sharding_per_value<[<@mesh, [{"a"}, {}], unreduced=sum{"b"}>]>, sdy.sharding_rule = #sdy.op_sharding_rule<([i, j],[i, j])->([i, j]) {i=8, j=8}>} : tensor<8x8xf32>
  %1 = stablehlo.negate %0 {mhlo.sharding = "{replicated}", sdy.axes = #sdy<manual_axes{"a","b"}>, sdy.empty = #sdy.sharding_per_value<[ ]>} : tensor<8x8xf32>
  return {sdy.sharding = #sdy.sharding_per_value<[<@mesh, [{}, {}]>]>} %1 : tensor<8x8xf32>
}

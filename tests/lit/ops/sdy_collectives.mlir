// Shardy's collectives (openxla/shardy collective_parse_print.mlir forms):
// printed back exactly, through the generic form and through bytecode; on
// one device they are identities (they move shards of a global value, and
// one device holds the whole value), interpreted and compiled.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s > %t.once.mlir
// RUN: %cxla opt %t.once.mlir | diff %t.once.mlir -
// RUN: %cxla opt --generic %s | %cxla opt - | diff %t.once.mlir -
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla translate --serialize %s -o %t.mlirbc
// RUN: %cxla translate --deserialize %t.mlirbc | diff %t.once.mlir -
// RUN: %cxla run --interpret %s --input=8x4xf32=1.5 | FileCheck %s --check-prefix=RUN1
// RUN: %cxla run %s --input=8x4xf32=1.5 | FileCheck %s --check-prefix=RUN1

// CHECK{LITERAL}: %0 = sdy.all_gather [{}, {"x"}] %arg0 out_sharding=<@mesh, [{"y"}, {}]> : tensor<8x4xf32>
// CHECK{LITERAL}: %1 = sdy.all_slice [{"x":(1)2}, {}] %0 out_sharding=<@mesh, [{"x":(1)2}, {"y"}]> : tensor<8x4xf32>
// CHECK{LITERAL}: %2 = sdy.all_to_all [{"x"}: 0->1, {"y"}: 1->0] %1 out_sharding=<@mesh, [{"y"}, {"x"}]> : tensor<8x4xf32>
// CHECK{LITERAL}: %3 = sdy.collective_permute %2 out_sharding=<@mesh, [{"x"}, {"y"}]> : tensor<8x4xf32>
// CHECK{LITERAL}: %4 = sdy.all_reduce {"x"} %3 out_sharding=<@mesh, [{}, {"y"}]> : tensor<8x4xf32>
// GENERIC{LITERAL}: gathering_axes = #sdy<list_of_axis_ref_lists[{}, {"x"}]>
// GENERIC{LITERAL}: params = #sdy<all_to_all_param_list[{"x"}: 0->1, {"y"}: 1->0]>
// GENERIC{LITERAL}: reduction_axes = #sdy<axis_ref_list{"x"}>
// RUN1: 8x4xf32=[3 3 3 3]

sdy.mesh @mesh = <["x"=4, "y"=2]>
func.func @main(%arg0: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = sdy.all_gather [{}, {"x"}] %arg0 out_sharding=<@mesh, [{"y"}, {}]> : tensor<8x4xf32>
  %1 = sdy.all_slice [{"x":(1)2}, {}] %0 out_sharding=<@mesh, [{"x":(1)2}, {"y"}]> : tensor<8x4xf32>
  %2 = sdy.all_to_all [{"x"}: 0->1, {"y"}: 1->0] %1 out_sharding=<@mesh, [{"y"}, {"x"}]> : tensor<8x4xf32>
  %3 = sdy.collective_permute %2 out_sharding=<@mesh, [{"x"}, {"y"}]> : tensor<8x4xf32>
  %4 = sdy.all_reduce {"x"} %3 out_sharding=<@mesh, [{}, {"y"}]> : tensor<8x4xf32>
  %5 = stablehlo.add %4, %arg0 : tensor<8x4xf32>
  return %5 : tensor<8x4xf32>
}

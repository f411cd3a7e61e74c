// A manual computation whose body asks for no device and meets no other
// runs once per distinct set of shards: on a 2 x 4 mesh whose "y" axis
// splits nothing, the body is placed twice, not eight times (and the
// interpreter runs it twice, in the calling thread). With a partition_id
// in the body every device runs it.
// RUN: %cxla opt --compile-to=refine %s | FileCheck %s --check-prefix=PLACED
// RUN: %cxla run %s --input=4x3xf32=[[1,2,3],[4,5,6],[7,8,9],[10,11,12]] | FileCheck %s
// RUN: %cxla run --interpret %s --input=4x3xf32=[[1,2,3],[4,5,6],[7,8,9],[10,11,12]] | FileCheck %s
// PLACED-COUNT-2: stablehlo.negate
// PLACED-NOT: stablehlo.negate
// CHECK: 4x3xf32=[-1 -2 -3][-4 -5 -6][-7 -8 -9][-10 -11 -12]
// CHECK: 2xui32=0 4

sdy.mesh @mesh = <["x"=2, "y"=4]>
func.func @main(%arg0: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<2xui32>) {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@mesh, [{"x"}, {}]>] out_shardings=[<@mesh, [{"x"}, {}]>] manual_axes={"x", "y"} (%a: tensor<2x3xf32>) {
    %n = stablehlo.negate %a : tensor<2x3xf32>
    sdy.return %n : tensor<2x3xf32>
  } : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %c = stablehlo.constant dense<0> : tensor<2xui32>
  %1 = sdy.manual_computation(%c) in_shardings=[<@mesh, [{"x"}]>] out_shardings=[<@mesh, [{"x"}]>] manual_axes={"x", "y"} (%z: tensor<1xui32>) {
    %p = stablehlo.partition_id : tensor<ui32>
    %b = stablehlo.broadcast_in_dim %p, dims = [] : (tensor<ui32>) -> tensor<1xui32>
    sdy.return %b : tensor<1xui32>
  } : (tensor<2xui32>) -> tensor<2xui32>
  return %0, %1 : tensor<4x3xf32>, tensor<2xui32>
}

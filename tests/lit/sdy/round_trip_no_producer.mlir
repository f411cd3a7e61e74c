// Shardy's round-trip form whose body call's results are not taken back by
// @xla.sdy.LocalToGlobalShape is not read: the other functions of the
// module still run, and @xla.sdy.GlobalToLocalShape reports why when it
// runs, interpreted and compiled.
// RUN: not %cxla run --interpret %s --function=main --input=4xf32=1 2>&1 | FileCheck %s
// RUN: not %cxla run %s --function=main --input=4xf32=1 2>&1 | FileCheck %s
// RUN: %cxla run %s --function=other --input=2xf32=[1,2] | FileCheck %s --check-prefix=OTHER
// CHECK: round_trip_no_producer.mlir:15:5: error: {{.*}}'stablehlo.custom_call' op Shardy's round-trip form: the results of a manual computation's body call are not used by one @xla.sdy.LocalToGlobalShape, in order (at {{.*}}round_trip_no_producer.mlir:16:5)
// OTHER: 2xf32=-1 -2
module attributes {mhlo.frontend_attributes = {xla.sdy.meshes = "{mesh = #sdy.mesh<[\22a\22=2]>}"}} {
  func.func private @xla.sdy.manual_computation_body(%arg0: tensor<2xf32>) -> tensor<2xf32> {
    return %arg0 : tensor<2xf32>
  }
  func.func @main(%arg0: tensor<4xf32>) -> tensor<2xf32> {
    %0 = stablehlo.custom_call @xla.sdy.GlobalToLocalShape(%arg0) {mhlo.frontend_attributes = {xla.sdy.in_shardings = "#sdy.sharding_per_value<[<@mesh, [{\22a\22}]>]>", xla.sdy.manual_axes = "#sdy<manual_axes{\22a\22}>"}} : (tensor<4xf32>) -> tensor<2xf32>
    %1 = call @xla.sdy.manual_computation_body(%0) : (tensor<2xf32>) -> tensor<2xf32>
    return %1 : tensor<2xf32>
  }
  func.func @other(%x: tensor<2xf32>) -> tensor<2xf32> {
    %n = stablehlo.negate %x : tensor<2xf32>
    return %n : tensor<2xf32>
  }
}

// Shardy's round-trip form whose sharding string does not parse: an error
// naming the custom call and the text, interpreted and compiled.
// RUN: not %cxla run --interpret %s --input=4xf32=1 2>&1 | FileCheck %s
// RUN: not %cxla run %s --input=4xf32=1 2>&1 | FileCheck %s
// CHECK: round_trip_bad_sharding.mlir:11:5: error: {{.*}}Shardy's round-trip form: xla.sdy.in_shardings `#sdy.sharding_per_value<[<@mesh, [{"a"}>]>`
module attributes {mhlo.frontend_attributes = {xla.sdy.meshes = "{mesh = \22#sdy.mesh<[\\22a\\22=2]>\22}"}} {
  func.func private @xla.sdy.manual_computation_body(%arg0: tensor<2xf32>) -> tensor<2xf32> {
    return %arg0 : tensor<2xf32>
  }
  func.func @main(%arg0: tensor<4xf32>) -> tensor<4xf32> {
    %0 = stablehlo.custom_call @xla.sdy.GlobalToLocalShape(%arg0) {mhlo.frontend_attributes = {xla.sdy.in_shardings = "#sdy.sharding_per_value<[<@mesh, [{\22a\22}>]>", xla.sdy.manual_axes = "#sdy<manual_axes{\22a\22}>"}} : (tensor<4xf32>) -> tensor<2xf32>
    %1 = call @xla.sdy.manual_computation_body(%0) : (tensor<2xf32>) -> tensor<2xf32>
    %2 = stablehlo.custom_call @xla.sdy.LocalToGlobalShape(%1) {mhlo.frontend_attributes = {xla.sdy.manual_axes = "#sdy<manual_axes{\22a\22}>", xla.sdy.out_shardings = "#sdy.sharding_per_value<[<@mesh, [{\22a\22}]>]>"}} : (tensor<2xf32>) -> tensor<4xf32>
    return %2 : tensor<4xf32>
  }
}

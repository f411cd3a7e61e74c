// A call of a manual computation body whose operand does not come from
// @xla.sdy.GlobalToLocalShape: an error naming the call.
// RUN: not %cxla run --interpret %s --input=2xf32=1 2>&1 | FileCheck %s
// RUN: not %cxla run %s --input=2xf32=1 2>&1 | FileCheck %s
// CHECK: round_trip_no_producer.mlir:11:5: error: {{.*}}the operands of a manual computation's body call are not the results of one @xla.sdy.GlobalToLocalShape, in order
module attributes {mhlo.frontend_attributes = {xla.sdy.meshes = "{mesh = \22#sdy.mesh<[\\22a\\22=2]>\22}"}} {
  func.func private @xla.sdy.manual_computation_body(%arg0: tensor<2xf32>) -> tensor<2xf32> {
    return %arg0 : tensor<2xf32>
  }
  func.func @main(%arg0: tensor<2xf32>) -> tensor<2xf32> {
    %1 = call @xla.sdy.manual_computation_body(%arg0) : (tensor<2xf32>) -> tensor<2xf32>
    return %1 : tensor<2xf32>
  }
}

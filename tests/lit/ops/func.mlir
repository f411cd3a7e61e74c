// func dialect: a named module with attributes, func.func with visibility
// (public kept when spelled out, private, nested), argument/result attributes, extra
// attributes, declarations; func.call / call and func.return / return.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module @named attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
// CHECK-NEXT{LITERAL}: func.func public @main(%arg0: tensor<2xf32> {mhlo.sharding = "{replicated}"}, %arg1: tensor<i32>) -> (tensor<2xf32> {jax.result_info = "out"}, tensor<i32>) {
// CHECK-NEXT{LITERAL}: %0:2 = call @helper(%arg0, %arg1) : (tensor<2xf32>, tensor<i32>) -> (tensor<2xf32>, tensor<i32>)
// CHECK-NEXT{LITERAL}: return %0#0, %0#1 : tensor<2xf32>, tensor<i32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func private @helper(%arg0: tensor<2xf32>, %arg1: tensor<i32>) -> (tensor<2xf32>, tensor<i32>) attributes {llvm.emit_c_interface} {
// CHECK-NEXT{LITERAL}: return %arg0, %arg1 : tensor<2xf32>, tensor<i32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func private @declaration(tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: func.func nested @nested_visibility() {
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func @no_results(%arg0: tensor<f32>) {
// CHECK-NEXT{LITERAL}: %cst = stablehlo.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %0 = call @declaration(%cst) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: module @named attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
// GENERIC{LITERAL}: "func.func"() <{arg_attrs = [{mhlo.sharding = "{replicated}"}, {}], function_type = (tensor<2xf32>, tensor<i32>) -> (tensor<2xf32>, tensor<i32>), res_attrs = [{jax.result_info = "out"}, {}], sym_name = "main", sym_visibility = "public"}> ({
// GENERIC{LITERAL}: %0:2 = "func.call"(%arg0, %arg1) <{callee = @helper}> : (tensor<2xf32>, tensor<i32>) -> (tensor<2xf32>, tensor<i32>)
// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<2xf32>, tensor<i32>) -> (tensor<2xf32>, tensor<i32>), sym_name = "helper", sym_visibility = "private"}> ({
// GENERIC{LITERAL}: "func.return"(%arg0, %arg1) : (tensor<2xf32>, tensor<i32>) -> ()
// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, sym_name = "declaration", sym_visibility = "private"}> ({
// GENERIC{LITERAL}: "func.func"() <{function_type = () -> (), sym_name = "nested_visibility", sym_visibility = "nested"}> ({
// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<f32>) -> (), sym_name = "no_results"}> ({
// GENERIC{LITERAL}: %0 = "func.call"(%cst) <{callee = @declaration}> : (tensor<4xf32>) -> tensor<4xf32>

module @named attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
  func.func public @main(%arg0: tensor<2xf32> {mhlo.sharding = "{replicated}"}, %arg1: tensor<i32>) -> (tensor<2xf32> {jax.result_info = "out"}, tensor<i32>) {
    %0:2 = func.call @helper(%arg0, %arg1) : (tensor<2xf32>, tensor<i32>) -> (tensor<2xf32>, tensor<i32>)
    func.return %0#0, %0#1 : tensor<2xf32>, tensor<i32>
  }
  func.func private @helper(%a: tensor<2xf32>, %b: tensor<i32>) -> (tensor<2xf32>, tensor<i32>) attributes {llvm.emit_c_interface} {
    return %a, %b : tensor<2xf32>, tensor<i32>
  }
  func.func private @declaration(tensor<4xf32>) -> tensor<4xf32>
  func.func nested @nested_visibility() {
    return
  }
  func.func @no_results(%x: tensor<f32>) {
    %c = stablehlo.constant dense<0.0> : tensor<4xf32>
    %r = call @declaration(%c) : (tensor<4xf32>) -> tensor<4xf32>
    return
  }
}

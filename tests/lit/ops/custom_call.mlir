// custom_call: plain, string and dictionary backend_config, api_version,
// layouts and output_operand_aliases, no results, a quoted target,
// called_computations, and a generic input printed pretty.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @custom_call(%arg0: tensor<2x3xf32>, %arg1: tensor<i64>) -> tensor<2x3xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.custom_call @foo(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.custom_call @bar(%arg0, %arg1) {backend_config = "opaque config", has_side_effect = true} : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
// CHECK-NEXT{LITERAL}: %2 = stablehlo.custom_call @ffi_target(%arg0) {api_version = 4 : i32, backend_config = {alpha = 1.000000e+00 : f32, mode = 65 : ui8}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT{LITERAL}: %3:2 = stablehlo.custom_call @with_layouts(%arg0) {operand_layouts = [dense<[1, 0]> : tensor<2xindex>], output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [0], operand_index = 0, operand_tuple_indices = []>], result_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<> : tensor<0xindex>]} : (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<i64>)
// CHECK-NEXT{LITERAL}: stablehlo.custom_call @check.expect_eq(%arg0, %arg0) {has_side_effect = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> ()
// CHECK-NEXT{LITERAL}: %4 = stablehlo.custom_call @"quoted target"(%arg0) {called_computations = [@callee]} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.custom_call @generic(%arg0) {api_version = 2 : i32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT{LITERAL}: return %0 : tensor<2x3xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func private @callee(%arg0: tensor<2x3xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT{LITERAL}: return %arg0 : tensor<2x3xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>, sym_name = "custom_call"}> ({
// GENERIC{LITERAL}: %0 = "stablehlo.custom_call"(%arg0) <{call_target_name = "foo"}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC{LITERAL}: %1 = "stablehlo.custom_call"(%arg0, %arg1) <{backend_config = "opaque config", call_target_name = "bar", has_side_effect = true}> : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
// GENERIC{LITERAL}: %2 = "stablehlo.custom_call"(%arg0) <{api_version = 4 : i32, backend_config = {alpha = 1.000000e+00 : f32, mode = 65 : ui8}, call_target_name = "ffi_target"}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC{LITERAL}: %3:2 = "stablehlo.custom_call"(%arg0) <{call_target_name = "with_layouts", operand_layouts = [dense<[1, 0]> : tensor<2xindex>], output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [0], operand_index = 0, operand_tuple_indices = []>], result_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<> : tensor<0xindex>]}> : (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<i64>)
// GENERIC{LITERAL}: "stablehlo.custom_call"(%arg0, %arg0) <{call_target_name = "check.expect_eq", has_side_effect = true}> : (tensor<2x3xf32>, tensor<2x3xf32>) -> ()
// GENERIC{LITERAL}: %4 = "stablehlo.custom_call"(%arg0) <{call_target_name = "quoted target", called_computations = [@callee]}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC{LITERAL}: %5 = "stablehlo.custom_call"(%arg0) <{api_version = 2 : i32, call_target_name = "generic"}> : (tensor<2x3xf32>) -> tensor<2x3xf32>

func.func @custom_call(%x: tensor<2x3xf32>, %i: tensor<i64>) -> tensor<2x3xf32> {
  %0 = stablehlo.custom_call @foo(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = stablehlo.custom_call @bar(%x, %i) {backend_config = "opaque config", has_side_effect = true} : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  %2 = stablehlo.custom_call @ffi_target(%x) {api_version = 4 : i32, backend_config = {alpha = 1.000000e+00 : f32, mode = 65 : ui8}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3:2 = stablehlo.custom_call @with_layouts(%x) {operand_layouts = [dense<[1, 0]> : tensor<2xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<> : tensor<0xindex>], output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [0], operand_index = 0, operand_tuple_indices = []>]} : (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<i64>)
  stablehlo.custom_call @check.expect_eq(%x, %x) {has_side_effect = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> ()
  %4 = stablehlo.custom_call @"quoted target"(%x) {called_computations = [@callee]} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = "stablehlo.custom_call"(%x) {call_target_name = "generic", api_version = 2 : i32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func private @callee(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}

// Ops whose pretty form spells a string attribute bare (custom_call's target
// as a symbol, composite's name, a function's name and visibility) print in
// the generic form when that string is typed, so the type survives (found by
// fuzz/text_parser_fuzz.c).
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s

// CHECK: "stablehlo.custom_call"(%arg0) <{call_target_name = "foo" : tensor<3xf32>}>
// CHECK: "stablehlo.composite"(%0) <{decomposition = @g, name = "a.c" : i32}>
// CHECK: "func.func"() <{function_type = () -> (), sym_name = "h" : i32, sym_visibility = "private" : i1}>
func.func @f(%arg0: tensor<f32>) -> tensor<f32> {
  %0 = "stablehlo.custom_call"(%arg0) {call_target_name = "foo" : tensor<3xf32>} : (tensor<f32>) -> tensor<f32>
  %1 = "stablehlo.composite"(%0) {name = "a.c" : i32, decomposition = @g} : (tensor<f32>) -> tensor<f32>
  return %1 : tensor<f32>
}
func.func @g(%arg0: tensor<f32>) -> tensor<f32> {
  return %arg0 : tensor<f32>
}
"func.func"() <{function_type = () -> (), sym_name = "h" : i32, sym_visibility = "private" : i1}> ({
  "func.return"() : () -> ()
}) : () -> ()

// Functions whose attributes the pretty `func.func` form cannot spell print
// generically, so they read back the same (found by fuzz/text_parser_fuzz.c):
// argument attributes that are all empty dictionaries (the pretty form drops
// them) and, below, a function without a body is still pretty.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: "func.func"() <{arg_attrs = [{}], function_type = (tensor<f32>) -> (), sym_name = "empty_arg_attrs"}> ({
// CHECK{LITERAL}: func.func @kept(%arg0: tensor<f32> {a.b = 1 : i32}) {
// CHECK{LITERAL}: func.func private @declared(tensor<f32>) -> tensor<f32>
"func.func"() <{arg_attrs = [{}], function_type = (tensor<f32>) -> (), sym_name = "empty_arg_attrs"}> ({
^bb0(%a: tensor<f32>):
  "func.return"() : () -> ()
}) : () -> ()
func.func @kept(%arg0: tensor<f32> {a.b = 1 : i32}) {
  return
}
func.func private @declared(tensor<f32>) -> tensor<f32>

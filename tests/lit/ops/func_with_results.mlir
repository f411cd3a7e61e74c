// A func.func op with results (the verifier rejects it, but it parses) prints
// its results with names, so the text reads back (found by
// fuzz/text_parser_fuzz.c: the result printed as %<<unknown>>).
// RUN: %cxla opt --no-verify %s | FileCheck %s
// RUN: %cxla opt --no-verify %s | %cxla opt --no-verify - | FileCheck %s

// CHECK: func.func @f(%arg0: tensor<f32>) -> tensor<f32> {
// CHECK: %0 = "func.func"() <{function_type = () -> (), sym_name = "h"}> ({
// CHECK-NEXT: return
// CHECK-NEXT: }) : () -> ui64
module {
  func.func @f(%arg0: tensor<f32>) -> tensor<f32> {
    return %arg0 : tensor<f32>
  }
  // expected-error @+1 {{'func.func' op result #0 must be a tensor, token or tuple}}
  %0 = "func.func"() <{function_type = () -> (), sym_name = "h"}> ({
    "func.return"() : () -> ()
  }) : () -> ui64
}

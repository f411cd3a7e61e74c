// call_target_name is required.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: missing_target.mlir:5:3: error: 'stablehlo.custom_call' op requires attribute 'call_target_name'
func.func @main(%a: tensor<f32>) -> tensor<f32> {
  %0 = "stablehlo.custom_call"(%a) : (tensor<f32>) -> tensor<f32>
  func.return %0 : tensor<f32>
}

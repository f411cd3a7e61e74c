// A dictionary backend_config is the typed-FFI (api_version 4) form.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dict_backend_config.mlir:5:3: error: 'stablehlo.custom_call' op backend_config for api_version 2 must be a string
func.func @main(%a: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.custom_call @foo(%a) {api_version = 2 : i32, backend_config = {x = 1 : i32}} : (tensor<f32>) -> tensor<f32>
  func.return %0 : tensor<f32>
}

// ERROR: calls custom-call target '@cusolver_gesvdj_ffi' (api_version 4), which the interpreter does not have
func.func @main() -> tensor<2x2xf32> {
  %x = stablehlo.constant dense<1.0> : tensor<2x2xf32>
  %0 = stablehlo.custom_call @cusolver_gesvdj_ffi(%x) {api_version = 4 : i32, mhlo.backend_config = {}} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

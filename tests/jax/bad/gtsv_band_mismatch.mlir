// ERROR: dl must have b's batch dims followed by 3
func.func @main() -> tensor<i32> {
  %dl = stablehlo.constant dense<1.0> : tensor<2xf32>
  %d = stablehlo.constant dense<1.0> : tensor<3xf32>
  %b = stablehlo.constant dense<1.0> : tensor<3x1xf32>
  %r:5 = stablehlo.custom_call @lapack_sgtsv_ffi(%dl, %d, %d, %b) {mhlo.backend_config = {}} : (tensor<2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x1xf32>) -> (tensor<2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x1xf32>, tensor<i32>)
  %c = stablehlo.constant dense<0> : tensor<i32>
  return %c : tensor<i32>
}

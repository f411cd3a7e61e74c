// ERROR: '@stablehlo.dynamic_reduce_window' needs called_computations = [@function] (one function)
func.func @main() -> tensor<3xf32> {
  %v = stablehlo.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %wd = stablehlo.constant dense<[2]> : tensor<1xi64>
  %ones = stablehlo.constant dense<[1]> : tensor<1xi64>
  %pad = stablehlo.constant dense<[[0, 0]]> : tensor<1x2xi64>
  %rw = stablehlo.custom_call @stablehlo.dynamic_reduce_window(%v, %zero, %wd, %ones, %ones, %ones, %pad) : (tensor<4xf32>, tensor<f32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1x2xi64>) -> tensor<3xf32>
  return %rw : tensor<3xf32>
}

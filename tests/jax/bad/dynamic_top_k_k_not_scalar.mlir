// ERROR: k must be an integer scalar
func.func @main() -> tensor<2x?xf32> {
  %a = stablehlo.constant dense<1.0> : tensor<2x3xf32>
  %k = stablehlo.constant dense<1> : tensor<1xi32>
  %r:2 = stablehlo.custom_call @stablehlo.dynamic_top_k(%a, %k) {api_version = 2 : i32} : (tensor<2x3xf32>, tensor<1xi32>) -> (tensor<2x?xf32>, tensor<2x?xi32>)
  return %r#0 : tensor<2x?xf32>
}

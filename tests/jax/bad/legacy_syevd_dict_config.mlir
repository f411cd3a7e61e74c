// ERROR: '@hipsolver_syevd' is a legacy custom call: it takes its descriptor as a backend_config string
func.func @main() -> tensor<2xf32> {
  %a = stablehlo.constant dense<[[2.0, 1.0], [1.0, 2.0]]> : tensor<2x2xf32>
  %r:4 = stablehlo.custom_call @hipsolver_syevd(%a) {api_version = 2 : i32, mhlo.backend_config = {lower = true}, operand_layouts = [dense<[0, 1]> : tensor<2xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<0> : tensor<1xindex>, dense<> : tensor<0xindex>, dense<0> : tensor<1xindex>]} : (tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2xf32>, tensor<i32>, tensor<5xf32>)
  return %r#1 : tensor<2xf32>
}

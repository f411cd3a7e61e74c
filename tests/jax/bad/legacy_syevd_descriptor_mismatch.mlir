// ERROR: the descriptor's type 1 does not match operand #0 (f32)
func.func @main() -> tensor<2xf32> {
  %a = stablehlo.constant dense<[[2.0, 1.0], [1.0, 2.0]]> : tensor<2x2xf32>
  %r:4 = stablehlo.custom_call @hipsolver_syevd(%a) {api_version = 2 : i32, backend_config = "\01\00\00\00z\00\00\00\01\00\00\00\02\00\00\00\05\00\00\00", operand_layouts = [dense<[0, 1]> : tensor<2xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<0> : tensor<1xindex>, dense<> : tensor<0xindex>, dense<0> : tensor<1xindex>]} : (tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2xf32>, tensor<i32>, tensor<5xf32>)
  return %r#1 : tensor<2xf32>
}

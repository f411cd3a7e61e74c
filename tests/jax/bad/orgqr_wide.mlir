// ERROR: needs rows >= columns >= reflectors
func.func @main() -> tensor<i32> {
  %a = stablehlo.constant dense<1.0> : tensor<2x3xf32>
  %t = stablehlo.constant dense<1.0> : tensor<2xf32>
  %r = stablehlo.custom_call @lapack_sorgqr_ffi(%a, %t) {mhlo.backend_config = {}, operand_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<0> : tensor<1xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>]} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  %c = stablehlo.constant dense<0> : tensor<i32>
  return %c : tensor<i32>
}

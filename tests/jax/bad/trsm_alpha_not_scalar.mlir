// ERROR: alpha must be a scalar
func.func @main() -> tensor<i32> {
  %a = stablehlo.constant dense<1.0> : tensor<2x2xf32>
  %b = stablehlo.constant dense<1.0> : tensor<2x3xf32>
  %s = stablehlo.constant dense<1.0> : tensor<1xf32>
  %r = stablehlo.custom_call @lapack_strsm_ffi(%a, %b, %s) {mhlo.backend_config = {diag = 78 : ui8, side = 76 : ui8, trans_x = 78 : ui8, uplo = 76 : ui8}, operand_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<[0, 1]> : tensor<2xindex>, dense<0> : tensor<1xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>]} : (tensor<2x2xf32>, tensor<2x3xf32>, tensor<1xf32>) -> tensor<2x3xf32>
  %c = stablehlo.constant dense<0> : tensor<i32>
  return %c : tensor<i32>
}

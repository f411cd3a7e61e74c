// ERROR: x must be 3x3 to multiply y [2x3] from the right, got 2x2
func.func @main() -> tensor<i32> {
  %a = stablehlo.constant dense<1.0> : tensor<2x2xf32>
  %b = stablehlo.constant dense<1.0> : tensor<2x3xf32>
  %r = stablehlo.custom_call @lapack_strsm_ffi(%a, %b) {mhlo.backend_config = {diag = 78 : ui8, side = 82 : ui8, trans_x = 78 : ui8, uplo = 76 : ui8}, operand_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<[0, 1]> : tensor<2xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>]} : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = stablehlo.constant dense<0> : tensor<i32>
  return %c : tensor<i32>
}

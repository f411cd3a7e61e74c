// ERROR: custom-call target 'cusolver_potrf_ffi': operand #0 must be f32, f64, complex<f32> or complex<f64>, got i32
func.func @main() -> tensor<i32> {
  %a = stablehlo.constant dense<[[4, 2], [2, 3]]> : tensor<2x2xi32>
  %r:2 = stablehlo.custom_call @cusolver_potrf_ffi(%a) {mhlo.backend_config = {lower = true}, operand_layouts = [dense<[0, 1]> : tensor<2xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<> : tensor<0xindex>]} : (tensor<2x2xi32>) -> (tensor<2x2xi32>, tensor<i32>)
  return %r#1 : tensor<i32>
}

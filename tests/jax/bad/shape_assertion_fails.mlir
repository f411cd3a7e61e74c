// ERROR: shape assertion failed: expected 3 to equal 4 ({2})
func.func @main() -> tensor<i32> {
  %p = stablehlo.constant dense<false> : tensor<i1>
  %a = stablehlo.constant dense<3> : tensor<i32>
  %b = stablehlo.constant dense<4> : tensor<i64>
  stablehlo.custom_call @shape_assertion(%p, %a, %b) {api_version = 2 : i32, error_message = "expected {0} to equal {1} ({2})", has_side_effect = true} : (tensor<i1>, tensor<i32>, tensor<i64>) -> ()
  return %a : tensor<i32>
}

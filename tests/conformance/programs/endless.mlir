// An endless loop: cxla run --timeout / --max-steps must end it (bad_inputs.sh).
func.func @main() -> tensor<i64> {
  %c = stablehlo.constant dense<0> : tensor<i64>
  %r = stablehlo.while(%i = %c) : tensor<i64>
    cond {
      %t = stablehlo.constant dense<true> : tensor<i1>
      stablehlo.return %t : tensor<i1>
    } do {
      stablehlo.return %i : tensor<i64>
    }
  return %r : tensor<i64>
}

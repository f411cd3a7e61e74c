// EXPECT: ERROR parse_error.mlir:
// A syntax error (an unterminated dense literal) is reported where it is.
func.func @main() {
  %0 = stablehlo.constant dense<[1, 2 : tensor<2xi32>
  func.return
}

// EXPECT: FAIL check_fails.mlir:6:3:
// A failed check is a FAIL (not an ERROR) and names the first mismatch.
func.func @main() {
  %0 = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi32>
  %1 = stablehlo.add %0, %0 : tensor<3xi32>
  check.expect_eq_const %1, dense<[2, 4, 7]> : tensor<3xi32>
  func.return
}

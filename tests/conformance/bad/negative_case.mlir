// EXPECT: PASS
// A case annotated expected-error passes only because it reports an error;
// the second case is a normal one.
func.func @main() {
  // expected-error@+1 {{requires the same type}}
  %0 = stablehlo.add %arg0, %arg0 : tensor<2xi32>
  func.return
}

// -----

func.func @ok() {
  %0 = stablehlo.constant dense<1> : tensor<i32>
  check.expect_eq_const %0, dense<1> : tensor<i32>
  func.return
}

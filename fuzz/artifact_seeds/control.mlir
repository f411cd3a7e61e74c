// A seed for fuzz/artifact_fuzz.c: loops and branches (nested programs),
// scratch slots and a non-splat constant.
func.func @main(%x: tensor<8xf32>, %p: tensor<i1>) -> (tensor<8xf32>, tensor<i32>) {
  %w = stablehlo.constant dense<[1.0, -2.0, 3.0, -4.0, 0.5, 0.25, -0.125, 8.0]> : tensor<8xf32>
  %zero = stablehlo.constant dense<0> : tensor<i32>
  %one = stablehlo.constant dense<1> : tensor<i32>
  %three = stablehlo.constant dense<3> : tensor<i32>
  %r:2 = stablehlo.while(%i = %zero, %acc = %x) : tensor<i32>, tensor<8xf32>
   cond {
    %c = stablehlo.compare LT, %i, %three : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %c : tensor<i1>
  } do {
    %a = stablehlo.add %acc, %w : tensor<8xf32>
    %j = stablehlo.add %i, %one : tensor<i32>
    stablehlo.return %j, %a : tensor<i32>, tensor<8xf32>
  }
  %y = "stablehlo.if"(%p) ({
    %e = stablehlo.exponential %r#1 : tensor<8xf32>
    stablehlo.return %e : tensor<8xf32>
  }, {
    %n = stablehlo.negate %r#1 : tensor<8xf32>
    stablehlo.return %n : tensor<8xf32>
  }) : (tensor<i1>) -> tensor<8xf32>
  return %y, %r#0 : tensor<8xf32>, tensor<i32>
}

// Control flow compiled to the runtime's step programs.
func.func @while_sum() -> (tensor<i32>, tensor<i32>) {
  %i0 = stablehlo.constant dense<0> : tensor<i32>
  %s0 = stablehlo.constant dense<0> : tensor<i32>
  %r:2 = stablehlo.while(%i = %i0, %s = %s0) : tensor<i32>, tensor<i32>
  cond {
    %n = stablehlo.constant dense<10> : tensor<i32>
    %p = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  } do {
    %one = stablehlo.constant dense<1> : tensor<i32>
    %i1 = stablehlo.add %i, %one : tensor<i32>
    %s1 = stablehlo.add %s, %i1 : tensor<i32>
    stablehlo.return %i1, %s1 : tensor<i32>, tensor<i32>
  }
  check.expect_eq_const %r#1, dense<55> : tensor<i32>
  return %r#0, %r#1 : tensor<i32>, tensor<i32>
}

// The body returns its arguments swapped: the copies back must not clobber.
func.func @while_swap() -> (tensor<2xf32>, tensor<2xf32>) {
  %a0 = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b0 = stablehlo.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %k0 = stablehlo.constant dense<0> : tensor<i32>
  %r:3 = stablehlo.while(%a = %a0, %b = %b0, %k = %k0) : tensor<2xf32>, tensor<2xf32>, tensor<i32>
  cond {
    %n = stablehlo.constant dense<3> : tensor<i32>
    %p = stablehlo.compare LT, %k, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  } do {
    %one = stablehlo.constant dense<1> : tensor<i32>
    %k1 = stablehlo.add %k, %one : tensor<i32>
    stablehlo.return %b, %a, %k1 : tensor<2xf32>, tensor<2xf32>, tensor<i32>
  }
  check.expect_eq_const %r#0, dense<[3.0, 4.0]> : tensor<2xf32>
  return %r#0, %r#1 : tensor<2xf32>, tensor<2xf32>
}

func.func @if_case() -> (tensor<2xf32>, tensor<2xf32>) {
  %x = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %p = stablehlo.constant dense<false> : tensor<i1>
  %r = "stablehlo.if"(%p) ({
    %d = stablehlo.add %x, %x : tensor<2xf32>
    stablehlo.return %d : tensor<2xf32>
  }, {
    %m = stablehlo.multiply %x, %x : tensor<2xf32>
    %m2 = stablehlo.multiply %m, %x : tensor<2xf32>
    stablehlo.return %m2 : tensor<2xf32>
  }) : (tensor<i1>) -> tensor<2xf32>
  %idx = stablehlo.constant dense<7> : tensor<i32>
  %c = "stablehlo.case"(%idx) ({
    stablehlo.return %x : tensor<2xf32>
  }, {
    %n = stablehlo.negate %x : tensor<2xf32>
    stablehlo.return %n : tensor<2xf32>
  }) : (tensor<i32>) -> tensor<2xf32>
  check.expect_eq_const %r, dense<[1.0, 8.0]> : tensor<2xf32>
  check.expect_eq_const %c, dense<[-1.0, -2.0]> : tensor<2xf32>
  return %r, %c : tensor<2xf32>, tensor<2xf32>
}

func.func private @square_plus(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %0 = stablehlo.multiply %a, %a : tensor<3xf32>
  %1 = stablehlo.add %0, %b : tensor<3xf32>
  return %1 : tensor<3xf32>
}

func.func @calls() -> tensor<3xf32> {
  %x = stablehlo.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = func.call @square_plus(%x, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = func.call @square_plus(%0, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  check.expect_eq_const %1, dense<[5.0, 38.0, 147.0]> : tensor<3xf32>
  return %1 : tensor<3xf32>
}

func.func @returns_argument_and_constant() -> (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) {
  %c = stablehlo.constant dense<[4, 5]> : tensor<2xi32>
  %b = stablehlo.optimization_barrier %c : tensor<2xi32>
  %s = stablehlo.add %b, %c : tensor<2xi32>
  return %c, %s, %s : tensor<2xi32>, tensor<2xi32>, tensor<2xi32>
}

// stablehlo.cholesky on matrices larger than the CHOLESKY routine's block of
// 64 columns (runtime/routine_linalg.c: blocked updates, split over the
// call's threads) and a batch that runs on several threads with one matrix
// that is not positive definite (NaN for it alone). `cxla check --mode=both`
// compares each result with the interpreter's. The matrices are built from
// iota with exact operations (integer arithmetic, one division), so both
// modes factor the same input: A[i][j] = ((i*j + i + j) mod 13 - 6) /
// (1 + |i - j|), plus n on the diagonal (diagonally dominant, so positive
// definite); runtime/routine_linalg_test.c checks the bits.

func.func @cholesky_131_f64_lower() -> tensor<131x131xf64> {
  %i = stablehlo.iota dim = 0 : tensor<131x131xi32>
  %j = stablehlo.iota dim = 1 : tensor<131x131xi32>
  %ij = stablehlo.multiply %i, %j : tensor<131x131xi32>
  %s1 = stablehlo.add %ij, %i : tensor<131x131xi32>
  %s2 = stablehlo.add %s1, %j : tensor<131x131xi32>
  %c13 = stablehlo.constant dense<13> : tensor<131x131xi32>
  %c6 = stablehlo.constant dense<6> : tensor<131x131xi32>
  %m = stablehlo.remainder %s2, %c13 : tensor<131x131xi32>
  %num_i = stablehlo.subtract %m, %c6 : tensor<131x131xi32>
  %dij = stablehlo.subtract %i, %j : tensor<131x131xi32>
  %adij = stablehlo.abs %dij : tensor<131x131xi32>
  %num = stablehlo.convert %num_i : (tensor<131x131xi32>) -> tensor<131x131xf64>
  %den_i = stablehlo.convert %adij : (tensor<131x131xi32>) -> tensor<131x131xf64>
  %one = stablehlo.constant dense<1.0> : tensor<131x131xf64>
  %den = stablehlo.add %den_i, %one : tensor<131x131xf64>
  %off = stablehlo.divide %num, %den : tensor<131x131xf64>
  %eq = stablehlo.compare EQ, %i, %j : (tensor<131x131xi32>, tensor<131x131xi32>) -> tensor<131x131xi1>
  %nn = stablehlo.constant dense<131.0> : tensor<131x131xf64>
  %z = stablehlo.constant dense<0.0> : tensor<131x131xf64>
  %dg = stablehlo.select %eq, %nn, %z : tensor<131x131xi1>, tensor<131x131xf64>
  %a0 = stablehlo.add %off, %dg : tensor<131x131xf64>
  %l = stablehlo.cholesky %a0, lower = true : tensor<131x131xf64>
  return %l : tensor<131x131xf64>
}

func.func @cholesky_200_f32_upper() -> tensor<200x200xf32> {
  %i = stablehlo.iota dim = 0 : tensor<200x200xi32>
  %j = stablehlo.iota dim = 1 : tensor<200x200xi32>
  %ij = stablehlo.multiply %i, %j : tensor<200x200xi32>
  %s1 = stablehlo.add %ij, %i : tensor<200x200xi32>
  %s2 = stablehlo.add %s1, %j : tensor<200x200xi32>
  %c13 = stablehlo.constant dense<13> : tensor<200x200xi32>
  %c6 = stablehlo.constant dense<6> : tensor<200x200xi32>
  %m = stablehlo.remainder %s2, %c13 : tensor<200x200xi32>
  %num_i = stablehlo.subtract %m, %c6 : tensor<200x200xi32>
  %dij = stablehlo.subtract %i, %j : tensor<200x200xi32>
  %adij = stablehlo.abs %dij : tensor<200x200xi32>
  %num = stablehlo.convert %num_i : (tensor<200x200xi32>) -> tensor<200x200xf32>
  %den_i = stablehlo.convert %adij : (tensor<200x200xi32>) -> tensor<200x200xf32>
  %one = stablehlo.constant dense<1.0> : tensor<200x200xf32>
  %den = stablehlo.add %den_i, %one : tensor<200x200xf32>
  %off = stablehlo.divide %num, %den : tensor<200x200xf32>
  %eq = stablehlo.compare EQ, %i, %j : (tensor<200x200xi32>, tensor<200x200xi32>) -> tensor<200x200xi1>
  %nn = stablehlo.constant dense<200.0> : tensor<200x200xf32>
  %z = stablehlo.constant dense<0.0> : tensor<200x200xf32>
  %dg = stablehlo.select %eq, %nn, %z : tensor<200x200xi1>, tensor<200x200xf32>
  %a0 = stablehlo.add %off, %dg : tensor<200x200xf32>
  %l = stablehlo.cholesky %a0, lower = false : tensor<200x200xf32>
  return %l : tensor<200x200xf32>
}

func.func @cholesky_batch_5x70_f64_one_bad() -> tensor<5x70x70xf64> {
  %i = stablehlo.iota dim = 1 : tensor<5x70x70xi32>
  %j = stablehlo.iota dim = 2 : tensor<5x70x70xi32>
  %ij = stablehlo.multiply %i, %j : tensor<5x70x70xi32>
  %s1 = stablehlo.add %ij, %i : tensor<5x70x70xi32>
  %s2 = stablehlo.add %s1, %j : tensor<5x70x70xi32>
  %c13 = stablehlo.constant dense<13> : tensor<5x70x70xi32>
  %c6 = stablehlo.constant dense<6> : tensor<5x70x70xi32>
  %m = stablehlo.remainder %s2, %c13 : tensor<5x70x70xi32>
  %num_i = stablehlo.subtract %m, %c6 : tensor<5x70x70xi32>
  %dij = stablehlo.subtract %i, %j : tensor<5x70x70xi32>
  %adij = stablehlo.abs %dij : tensor<5x70x70xi32>
  %num = stablehlo.convert %num_i : (tensor<5x70x70xi32>) -> tensor<5x70x70xf64>
  %den_i = stablehlo.convert %adij : (tensor<5x70x70xi32>) -> tensor<5x70x70xf64>
  %one = stablehlo.constant dense<1.0> : tensor<5x70x70xf64>
  %den = stablehlo.add %den_i, %one : tensor<5x70x70xf64>
  %off = stablehlo.divide %num, %den : tensor<5x70x70xf64>
  %eq = stablehlo.compare EQ, %i, %j : (tensor<5x70x70xi32>, tensor<5x70x70xi32>) -> tensor<5x70x70xi1>
  %nn = stablehlo.constant dense<70.0> : tensor<5x70x70xf64>
  %z = stablehlo.constant dense<0.0> : tensor<5x70x70xf64>
  %dg = stablehlo.select %eq, %nn, %z : tensor<5x70x70xi1>, tensor<5x70x70xf64>
  %a0 = stablehlo.add %off, %dg : tensor<5x70x70xf64>
  %bi = stablehlo.iota dim = 0 : tensor<5x70x70xi32>
  %cb = stablehlo.constant dense<2> : tensor<5x70x70xi32>
  %cp = stablehlo.constant dense<69> : tensor<5x70x70xi32>
  %isb = stablehlo.compare EQ, %bi, %cb : (tensor<5x70x70xi32>, tensor<5x70x70xi32>) -> tensor<5x70x70xi1>
  %isp = stablehlo.compare EQ, %i, %cp : (tensor<5x70x70xi32>, tensor<5x70x70xi32>) -> tensor<5x70x70xi1>
  %isb2 = stablehlo.and %isb, %isp : tensor<5x70x70xi1>
  %isd = stablehlo.and %isb2, %eq : tensor<5x70x70xi1>
  %neg = stablehlo.constant dense<-1.0> : tensor<5x70x70xf64>
  %a1 = stablehlo.select %isd, %neg, %a0 : tensor<5x70x70xi1>, tensor<5x70x70xf64>
  %l = stablehlo.cholesky %a1, lower = true : tensor<5x70x70xf64>
  return %l : tensor<5x70x70xf64>
}

func.func @cholesky_batch_4x130_f32_upper_one_bad() -> tensor<4x130x130xf32> {
  %i = stablehlo.iota dim = 1 : tensor<4x130x130xi32>
  %j = stablehlo.iota dim = 2 : tensor<4x130x130xi32>
  %ij = stablehlo.multiply %i, %j : tensor<4x130x130xi32>
  %s1 = stablehlo.add %ij, %i : tensor<4x130x130xi32>
  %s2 = stablehlo.add %s1, %j : tensor<4x130x130xi32>
  %c13 = stablehlo.constant dense<13> : tensor<4x130x130xi32>
  %c6 = stablehlo.constant dense<6> : tensor<4x130x130xi32>
  %m = stablehlo.remainder %s2, %c13 : tensor<4x130x130xi32>
  %num_i = stablehlo.subtract %m, %c6 : tensor<4x130x130xi32>
  %dij = stablehlo.subtract %i, %j : tensor<4x130x130xi32>
  %adij = stablehlo.abs %dij : tensor<4x130x130xi32>
  %num = stablehlo.convert %num_i : (tensor<4x130x130xi32>) -> tensor<4x130x130xf32>
  %den_i = stablehlo.convert %adij : (tensor<4x130x130xi32>) -> tensor<4x130x130xf32>
  %one = stablehlo.constant dense<1.0> : tensor<4x130x130xf32>
  %den = stablehlo.add %den_i, %one : tensor<4x130x130xf32>
  %off = stablehlo.divide %num, %den : tensor<4x130x130xf32>
  %eq = stablehlo.compare EQ, %i, %j : (tensor<4x130x130xi32>, tensor<4x130x130xi32>) -> tensor<4x130x130xi1>
  %nn = stablehlo.constant dense<130.0> : tensor<4x130x130xf32>
  %z = stablehlo.constant dense<0.0> : tensor<4x130x130xf32>
  %dg = stablehlo.select %eq, %nn, %z : tensor<4x130x130xi1>, tensor<4x130x130xf32>
  %a0 = stablehlo.add %off, %dg : tensor<4x130x130xf32>
  %bi = stablehlo.iota dim = 0 : tensor<4x130x130xi32>
  %cb = stablehlo.constant dense<1> : tensor<4x130x130xi32>
  %cp = stablehlo.constant dense<64> : tensor<4x130x130xi32>
  %isb = stablehlo.compare EQ, %bi, %cb : (tensor<4x130x130xi32>, tensor<4x130x130xi32>) -> tensor<4x130x130xi1>
  %isp = stablehlo.compare EQ, %i, %cp : (tensor<4x130x130xi32>, tensor<4x130x130xi32>) -> tensor<4x130x130xi1>
  %isb2 = stablehlo.and %isb, %isp : tensor<4x130x130xi1>
  %isd = stablehlo.and %isb2, %eq : tensor<4x130x130xi1>
  %neg = stablehlo.constant dense<-1.0> : tensor<4x130x130xf32>
  %a1 = stablehlo.select %isd, %neg, %a0 : tensor<4x130x130xi1>, tensor<4x130x130xf32>
  %l = stablehlo.cholesky %a1, lower = false : tensor<4x130x130xf32>
  return %l : tensor<4x130x130xf32>
}

// stablehlo.cholesky of a 1024x1024 f32 symmetric positive definite matrix
// A = M M^T + 1024 I built from the (random) input, so --random-inputs works:
//   build/cxla bench bench/programs/cholesky_1024.mlir --random-inputs --threads=1 --profile
// (the CHOLESKY routine's share is its CALL row; the GEMM builds A).
func.func @main(%m: tensor<1024x1024xf32>) -> tensor<1024x1024xf32> {
  %mmt = stablehlo.dot_general %m, %m, contracting_dims = [1] x [1] : (tensor<1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  %i = stablehlo.iota dim = 0 : tensor<1024x1024xi32>
  %j = stablehlo.iota dim = 1 : tensor<1024x1024xi32>
  %eq = stablehlo.compare EQ, %i, %j : (tensor<1024x1024xi32>, tensor<1024x1024xi32>) -> tensor<1024x1024xi1>
  %n = stablehlo.constant dense<1024.0> : tensor<1024x1024xf32>
  %z = stablehlo.constant dense<0.0> : tensor<1024x1024xf32>
  %d = stablehlo.select %eq, %n, %z : tensor<1024x1024xi1>, tensor<1024x1024xf32>
  %a = stablehlo.add %mmt, %d : tensor<1024x1024xf32>
  %l = stablehlo.cholesky %a, lower = true : tensor<1024x1024xf32>
  return %l : tensor<1024x1024xf32>
}

// stablehlo.cholesky of a batch of 64 f32 64x64 symmetric positive definite
// matrices A[b] = M[b] M[b]^T + 64 I built from the (random) input, so
// --random-inputs works:
//   build/cxla bench bench/programs/cholesky_batch64_64.mlir --random-inputs --threads=1 --profile
// (the CHOLESKY routine's share is its CALL row; the GEMM builds A).
func.func @main(%m: tensor<64x64x64xf32>) -> tensor<64x64x64xf32> {
  %mmt = stablehlo.dot_general %m, %m, batching_dims = [0] x [0], contracting_dims = [2] x [2] : (tensor<64x64x64xf32>, tensor<64x64x64xf32>) -> tensor<64x64x64xf32>
  %i = stablehlo.iota dim = 1 : tensor<64x64x64xi32>
  %j = stablehlo.iota dim = 2 : tensor<64x64x64xi32>
  %eq = stablehlo.compare EQ, %i, %j : (tensor<64x64x64xi32>, tensor<64x64x64xi32>) -> tensor<64x64x64xi1>
  %n = stablehlo.constant dense<64.0> : tensor<64x64x64xf32>
  %z = stablehlo.constant dense<0.0> : tensor<64x64x64xf32>
  %d = stablehlo.select %eq, %n, %z : tensor<64x64x64xi1>, tensor<64x64x64xf32>
  %a = stablehlo.add %mmt, %d : tensor<64x64x64xf32>
  %l = stablehlo.cholesky %a, lower = true : tensor<64x64x64xf32>
  return %l : tensor<64x64x64xf32>
}

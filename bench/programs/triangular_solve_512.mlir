// stablehlo.triangular_solve: a 512x512 lower-triangular f32 system (diagonal
// raised by 512 so it is well conditioned) with 512 right-hand sides:
//   build/cxla bench bench/programs/triangular_solve_512.mlir --random-inputs --threads=1 --profile
func.func @main(%m: tensor<512x512xf32>, %b: tensor<512x512xf32>) -> tensor<512x512xf32> {
  %i = stablehlo.iota dim = 0 : tensor<512x512xi32>
  %j = stablehlo.iota dim = 1 : tensor<512x512xi32>
  %eq = stablehlo.compare EQ, %i, %j : (tensor<512x512xi32>, tensor<512x512xi32>) -> tensor<512x512xi1>
  %n = stablehlo.constant dense<512.0> : tensor<512x512xf32>
  %z = stablehlo.constant dense<0.0> : tensor<512x512xf32>
  %d = stablehlo.select %eq, %n, %z : tensor<512x512xi1>, tensor<512x512xf32>
  %a = stablehlo.add %m, %d : tensor<512x512xf32>
  %x = "stablehlo.triangular_solve"(%a, %b) {left_side = true, lower = true, unit_diagonal = false, transpose_a = #stablehlo<transpose NO_TRANSPOSE>} : (tensor<512x512xf32>, tensor<512x512xf32>) -> tensor<512x512xf32>
  return %x : tensor<512x512xf32>
}

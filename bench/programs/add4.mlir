// One tiny op per call: the per-call overhead of compiled code, for
//   build/cxla bench bench/programs/add4.mlir --random-inputs --threads=1 --iterations=200000
func.func @main(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = stablehlo.add %x, %y : tensor<4xf32>
  return %0 : tensor<4xf32>
}

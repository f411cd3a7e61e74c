// y = tanh(a*x + b) * logistic(x) over 16M f32 (a = 0.5, b = 0.1): the fused
// elementwise chain of ../shared/bench/elementwise_c.c, for
//   build/cxla bench bench/programs/elementwise_chain.mlir --random-inputs --threads=1
func.func @main(%x: tensor<16777216xf32>) -> tensor<16777216xf32> {
  %a = stablehlo.constant dense<0.5> : tensor<16777216xf32>
  %b = stablehlo.constant dense<0.1> : tensor<16777216xf32>
  %0 = stablehlo.multiply %a, %x : tensor<16777216xf32>
  %1 = stablehlo.add %0, %b : tensor<16777216xf32>
  %2 = stablehlo.tanh %1 : tensor<16777216xf32>
  %3 = stablehlo.logistic %x : tensor<16777216xf32>
  %4 = stablehlo.multiply %2, %3 : tensor<16777216xf32>
  return %4 : tensor<16777216xf32>
}

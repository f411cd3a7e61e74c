// Layer normalization over the last axis of [12,128,128] f32 with scale and
// shift, as flax.linen.LayerNorm exports it (mean, centered square mean,
// rsqrt(var + eps), scale, shift).
func.func @main(%x: tensor<12x128x128xf32>, %gamma: tensor<128xf32>, %beta: tensor<128xf32>) -> tensor<12x128x128xf32> {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %n = stablehlo.constant dense<1.280000e+02> : tensor<12x128xf32>
  %eps = stablehlo.constant dense<9.99999996E-13> : tensor<12x128xf32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [2] : (tensor<12x128x128xf32>, tensor<f32>) -> tensor<12x128xf32>
  %mean = stablehlo.divide %s, %n : tensor<12x128xf32>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [0, 1] : (tensor<12x128xf32>) -> tensor<12x128x128xf32>
  %c = stablehlo.subtract %x, %mb : tensor<12x128x128xf32>
  %sq = stablehlo.multiply %c, %c : tensor<12x128x128xf32>
  %vs = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [2] : (tensor<12x128x128xf32>, tensor<f32>) -> tensor<12x128xf32>
  %var = stablehlo.divide %vs, %n : tensor<12x128xf32>
  %ve = stablehlo.add %var, %eps : tensor<12x128xf32>
  %r = stablehlo.rsqrt %ve : tensor<12x128xf32>
  %rb = stablehlo.broadcast_in_dim %r, dims = [0, 1] : (tensor<12x128xf32>) -> tensor<12x128x128xf32>
  %nrm = stablehlo.multiply %c, %rb : tensor<12x128x128xf32>
  %gb = stablehlo.broadcast_in_dim %gamma, dims = [2] : (tensor<128xf32>) -> tensor<12x128x128xf32>
  %bb = stablehlo.broadcast_in_dim %beta, dims = [2] : (tensor<128xf32>) -> tensor<12x128x128xf32>
  %sc = stablehlo.multiply %nrm, %gb : tensor<12x128x128xf32>
  %y = stablehlo.add %sc, %bb : tensor<12x128x128xf32>
  return %y : tensor<12x128x128xf32>
}

// Layer normalization over the last axis of [128,768] f32 with scale and
// shift, as flax.linen.LayerNorm exports it (mean, centered square mean,
// rsqrt(var + eps), scale, shift).
func.func @main(%x: tensor<128x768xf32>, %gamma: tensor<768xf32>, %beta: tensor<768xf32>) -> tensor<128x768xf32> {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %n = stablehlo.constant dense<7.680000e+02> : tensor<128xf32>
  %eps = stablehlo.constant dense<9.99999996E-13> : tensor<128xf32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<128x768xf32>, tensor<f32>) -> tensor<128xf32>
  %mean = stablehlo.divide %s, %n : tensor<128xf32>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [0] : (tensor<128xf32>) -> tensor<128x768xf32>
  %c = stablehlo.subtract %x, %mb : tensor<128x768xf32>
  %sq = stablehlo.multiply %c, %c : tensor<128x768xf32>
  %vs = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<128x768xf32>, tensor<f32>) -> tensor<128xf32>
  %var = stablehlo.divide %vs, %n : tensor<128xf32>
  %ve = stablehlo.add %var, %eps : tensor<128xf32>
  %r = stablehlo.rsqrt %ve : tensor<128xf32>
  %rb = stablehlo.broadcast_in_dim %r, dims = [0] : (tensor<128xf32>) -> tensor<128x768xf32>
  %nrm = stablehlo.multiply %c, %rb : tensor<128x768xf32>
  %gb = stablehlo.broadcast_in_dim %gamma, dims = [1] : (tensor<768xf32>) -> tensor<128x768xf32>
  %bb = stablehlo.broadcast_in_dim %beta, dims = [1] : (tensor<768xf32>) -> tensor<128x768xf32>
  %sc = stablehlo.multiply %nrm, %gb : tensor<128x768xf32>
  %y = stablehlo.add %sc, %bb : tensor<128x768xf32>
  return %y : tensor<128x768xf32>
}

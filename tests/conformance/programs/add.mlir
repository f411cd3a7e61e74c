// A program with arguments for the `cxla run` tests (bad_inputs.sh).
func.func @main(%a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = stablehlo.broadcast_in_dim %b, dims = [] : (tensor<f32>) -> tensor<2x3xf32>
  %1 = stablehlo.add %a, %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

func.func @identity_bf16(%a: tensor<3xbf16>, %t: !stablehlo.token) -> (tensor<3xbf16>, !stablehlo.token) {
  return %a, %t : tensor<3xbf16>, !stablehlo.token
}

func.func @flags(%a: tensor<2xi1>, %b: tensor<2xui8>) -> (tensor<2xi1>, tensor<2xui8>) {
  return %a, %b : tensor<2xi1>, tensor<2xui8>
}

func.func @cube(%a: tensor<2x2x2xf32>) -> (tensor<2x2x2xf32>, tensor<3xi32>) {
  %0 = stablehlo.iota dim = 0 : tensor<3xi32>
  %c = stablehlo.constant dense<1> : tensor<3xi32>
  %1 = stablehlo.add %0, %c : tensor<3xi32>
  return %a, %1 : tensor<2x2x2xf32>, tensor<3xi32>
}

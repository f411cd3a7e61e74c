// A result whose size overflows: the error names the op and its location (bad_inputs.sh).
func.func @main(%a: tensor<?xf32>) -> tensor<?x?x?xf32> {
  %c = stablehlo.constant dense<[4294967296, 4294967296, 4294967296]> : tensor<3xi64>
  %r = stablehlo.dynamic_broadcast_in_dim %a, %c, dims = [0] : (tensor<?xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>
  return %r : tensor<?x?x?xf32>
}

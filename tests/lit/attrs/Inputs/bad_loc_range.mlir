// An op whose location is a range reports its start (MLIR's FileLineColRange).
func.func @f(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
  %0 = stablehlo.add %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32> loc("range.py":16:15 to :106)
  return %0 : tensor<2xf32>
}

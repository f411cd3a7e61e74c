// An add whose operand types differ, at a location from an alias.
func.func @f(%x: tensor<4xf32>, %y: tensor<4xi32>) -> tensor<4xf32> {
  %0 = "stablehlo.add"(%x, %y) : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32> loc(#l)
  return %0 : tensor<4xf32>
}
#l = loc("model.py":42:7)

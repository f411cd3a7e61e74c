// ERROR: backend_config's reduction_dim must be an integer in [0, 1)
func.func @main() -> tensor<2xf32> {
  %x = stablehlo.constant dense<[3.0, 1.0, 4.0]> : tensor<3xf32>
  %iota = stablehlo.iota dim = 0 : tensor<3xi32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m1 = stablehlo.constant dense<-1> : tensor<i32>
  %top:2 = stablehlo.custom_call @ApproxTopK(%x, %iota, %ninf, %m1) {called_computations = [@gt], mhlo.backend_config = {top_k = 2 : i64}} : (tensor<3xf32>, tensor<3xi32>, tensor<f32>, tensor<i32>) -> (tensor<2xf32>, tensor<2xi32>)
  return %top#0 : tensor<2xf32>
}
func.func private @gt(%a: tensor<f32>, %b: tensor<f32>, %ia: tensor<i32>, %ib: tensor<i32>) -> tensor<i1> {
  %0 = stablehlo.compare GT, %a, %b, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
  return %0 : tensor<i1>
}

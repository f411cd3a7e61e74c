// A seed for fuzz/artifact_fuzz.c: narrow floats (half/bfloat conversions
// that baseline x86-64 code calls the runtime's libcalls for) and rounding.
func.func @main(%x: tensor<4x16xf32>, %h: tensor<4x16xf16>) -> (tensor<4x16xbf16>, tensor<4x16xf16>, tensor<4x16xf32>) {
  %b = stablehlo.convert %x : (tensor<4x16xf32>) -> tensor<4x16xbf16>
  %s = stablehlo.sine %h : tensor<4x16xf16>
  %f = stablehlo.floor %x : tensor<4x16xf32>
  %t = stablehlo.transpose %f, dims = [1, 0] : (tensor<4x16xf32>) -> tensor<16x4xf32>
  %r = stablehlo.reshape %t : (tensor<16x4xf32>) -> tensor<4x16xf32>
  return %b, %s, %r : tensor<4x16xbf16>, tensor<4x16xf16>, tensor<4x16xf32>
}

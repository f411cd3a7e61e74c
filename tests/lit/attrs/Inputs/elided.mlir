// A constant whose blob was elided on export.
func.func @elided() -> tensor<2x2xf32> {
  %0 = stablehlo.constant dense_resource<__elided__> : tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// EXPECT: ERROR tensor dimensions overflow
// The constant form of pad_empty_huge_dims.mlir: an empty constant whose
// other dims multiply past 2^63 (its data is borrowed from the attribute,
// src/interp/tensor.c, cx_tensor_from_attr).
func.func @main() {
  %0 = stablehlo.constant dense<> : tensor<0x6442450953x2147483655xf32>
  %1 = stablehlo.reverse %0, dims = [1] : tensor<0x6442450953x2147483655xf32>
  func.return
}

// EXPECT: ERROR 'stablehlo.pad' op tensor dimensions overflow
// Found by fuzz/gen_programs.py: a pad whose result is empty (a 0 dim) but
// whose other dims are huge passed the size checks (0 elements), then its
// strides overflowed int64 (src/interp/tensor.c, cx_strides; UBSan signed
// overflow). Tensors whose non-zero dims multiply past 2^63 are refused.
func.func @main() {
  %x = stablehlo.constant dense<0> : tensor<1x4x5xui8>
  %p = stablehlo.constant dense<2> : tensor<ui8>
  %0 = "stablehlo.pad"(%x, %p) {edge_padding_low = array<i64: 0, 3, 2>,
       edge_padding_high = array<i64: -1, 2, 2147483648>,
       interior_padding = array<i64: 0, 2147483648, 0>}
       : (tensor<1x4x5xui8>, tensor<ui8>) -> tensor<0x6442450953x2147483655xui8>
  func.return
}

// Zeros of quantized types are the zero points (per channel on a per-axis
// type), as the interpreter's quantize(0): tests/lit/compiler/one_device.mlir.
func.func @quantized_zeros(%q: tensor<2x3x!quant.uniform<i8:f32:1, {0.5:-3, 0.25:100, 1.0:4}>>) -> (tensor<2x3x!quant.uniform<i8:f32:1, {0.5:-3, 0.25:100, 1.0:4}>>, tensor<2x!quant.uniform<i8<-7:7>:f32, 0.5:5>>) {
  %r = "stablehlo.collective_permute"(%q) {source_target_pairs = dense<> : tensor<0x2xi64>} : (tensor<2x3x!quant.uniform<i8:f32:1, {0.5:-3, 0.25:100, 1.0:4}>>) -> tensor<2x3x!quant.uniform<i8:f32:1, {0.5:-3, 0.25:100, 1.0:4}>>
  %t = stablehlo.after_all : !stablehlo.token
  %s:2 = "stablehlo.recv"(%t) {channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, source_target_pairs = dense<[[0, 1]]> : tensor<1x2xi64>} : (!stablehlo.token) -> (tensor<2x!quant.uniform<i8<-7:7>:f32, 0.5:5>>, !stablehlo.token)
  return %r, %s#0 : tensor<2x3x!quant.uniform<i8:f32:1, {0.5:-3, 0.25:100, 1.0:4}>>, tensor<2x!quant.uniform<i8<-7:7>:f32, 0.5:5>>
}

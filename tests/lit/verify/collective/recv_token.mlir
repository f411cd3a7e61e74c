// recv_c4: the last result is a token.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: recv_token.mlir:5:3: error: 'stablehlo.recv' op last result must be a !stablehlo.token, but got 'tensor<2xf32>'
func.func @main(%t: !stablehlo.token) -> tensor<2xf32> {
  %0 = "stablehlo.recv"(%t) {channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>} : (!stablehlo.token) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

// send_c1: a host transfer uses channel type DEVICE_TO_HOST.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: send_channel_type.mlir:5:3: error: 'stablehlo.send' op channel type 1 does not match is_host_transfer = true (expected 2)
func.func @main(%a: tensor<2xf32>, %t: !stablehlo.token) -> !stablehlo.token {
  %0 = "stablehlo.send"(%a, %t) {channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>, is_host_transfer = true} : (tensor<2xf32>, !stablehlo.token) -> !stablehlo.token
  func.return %0 : !stablehlo.token
}

// Device-to-device send/recv with source_target_pairs (global process ids):
// a ring 0 -> 1 -> 2 -> 0; each process sends first, then receives.
module @ring {
  func.func @f(%x : tensor<2xi32>, %t : !stablehlo.token) -> tensor<2xi32> {
    %t1 = "stablehlo.send"(%x, %t) {
      channel_handle = #stablehlo.channel_handle<handle = 7, type = 1>,
      is_host_transfer = false,
      source_target_pairs = dense<[[0, 1], [1, 2], [2, 0]]> : tensor<3x2xi64>
    } : (tensor<2xi32>, !stablehlo.token) -> !stablehlo.token
    %r, %t2 = "stablehlo.recv"(%t1) {
      channel_handle = #stablehlo.channel_handle<handle = 7, type = 1>,
      is_host_transfer = false,
      source_target_pairs = dense<[[0, 1], [1, 2], [2, 0]]> : tensor<3x2xi64>
    } : (!stablehlo.token) -> (tensor<2xi32>, !stablehlo.token)
    return %r : tensor<2xi32>
  }
  func.func @main() {
    %a = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
    %b = stablehlo.constant dense<[3, 4]> : tensor<2xi32>
    %c = stablehlo.constant dense<[5, 6]> : tensor<2xi32>
    %t = stablehlo.after_all : !stablehlo.token
    %r:3 = "interpreter.run_parallel"(%a, %t, %b, %t, %c, %t) {
      programs = [[@f], [@f], [@f]]
    } : (tensor<2xi32>, !stablehlo.token, tensor<2xi32>, !stablehlo.token, tensor<2xi32>, !stablehlo.token) ->
        (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>)
    check.expect_eq_const %r#0, dense<[5, 6]> : tensor<2xi32>
    check.expect_eq_const %r#1, dense<[1, 2]> : tensor<2xi32>
    check.expect_eq_const %r#2, dense<[3, 4]> : tensor<2xi32>
    func.return
  }
}

// EXPECT: ERROR recv_without_send.mlir:5:5: in function 'main': in process (0, 0): in function 'recv': 'stablehlo.recv' op deadlock
// A recv whose message never comes is a deadlock naming stablehlo.recv.
module @recv_without_send {
  func.func @recv(%t : !stablehlo.token) -> (tensor<2xi64>, !stablehlo.token) {
    %r, %t2 = "stablehlo.recv"(%t) {
      channel_handle = #stablehlo.channel_handle<handle = 5, type = 3>,
      is_host_transfer = true
    } : (!stablehlo.token) -> (tensor<2xi64>, !stablehlo.token)
    return %r, %t2 : tensor<2xi64>, !stablehlo.token
  }
  func.func @main() {
    %t = stablehlo.after_all : !stablehlo.token
    %r:2 = "interpreter.run_parallel"(%t) {
      programs = [[@recv]]
    } : (!stablehlo.token) -> (tensor<2xi64>, !stablehlo.token)
    func.return
  }
}

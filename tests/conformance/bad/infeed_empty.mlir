// EXPECT: ERROR infeed_empty.mlir:5:3: in function 'main': 'stablehlo.infeed' op the infeed queue is empty
// An infeed with nothing queued is an error naming the op.
func.func @main() {
  %t = stablehlo.after_all : !stablehlo.token
  %r, %t2 = "stablehlo.infeed"(%t) : (!stablehlo.token) -> (tensor<2xi64>, !stablehlo.token)
  func.return
}

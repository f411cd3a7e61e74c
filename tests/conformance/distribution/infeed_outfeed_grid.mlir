// Every process reads its own copy of the infeed queue, front to back, and
// may outfeed; print works inside run_parallel.
module @feeds {
  func.func @f(%t : !stablehlo.token) -> (tensor<2xi64>, tensor<2xi64>) {
    %a, %t1 = "stablehlo.infeed"(%t) : (!stablehlo.token) -> (tensor<2xi64>, !stablehlo.token)
    %b, %t2 = "stablehlo.infeed"(%t1) : (!stablehlo.token) -> (tensor<2xi64>, !stablehlo.token)
    %t3 = "stablehlo.outfeed"(%a, %b, %t2) : (tensor<2xi64>, tensor<2xi64>, !stablehlo.token) -> !stablehlo.token
    interpreter.print %b : tensor<2xi64>
    return %a, %b : tensor<2xi64>, tensor<2xi64>
  }
  func.func @q0() -> tensor<2xi64> {
    %c = stablehlo.constant dense<[1, 2]> : tensor<2xi64>
    return %c : tensor<2xi64>
  }
  func.func @q1() -> tensor<2xi64> {
    %c = stablehlo.constant dense<[3, 4]> : tensor<2xi64>
    return %c : tensor<2xi64>
  }
  func.func @main() {
    %t = stablehlo.after_all : !stablehlo.token
    %r:4 = "interpreter.run_parallel"(%t, %t) {
      infeed = [@q0, @q1],
      programs = [[@f], [@f]]
    } : (!stablehlo.token, !stablehlo.token) -> (tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>)
    check.expect_eq_const %r#0, dense<[1, 2]> : tensor<2xi64>
    check.expect_eq_const %r#1, dense<[3, 4]> : tensor<2xi64>
    check.expect_eq_const %r#2, dense<[1, 2]> : tensor<2xi64>
    check.expect_eq_const %r#3, dense<[3, 4]> : tensor<2xi64>
    func.return
  }
}

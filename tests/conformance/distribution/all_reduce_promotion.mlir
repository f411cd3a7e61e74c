// all_reduce promotes its operands to the computation's element type
// (is_promotable): i8 values summed in i32 do not wrap at 127.
module @p {
  func.func private @f(%x : tensor<2xi8>) -> tensor<2xi32> {
    %r = "stablehlo.all_reduce"(%x) ({
      ^bb0(%a: tensor<i32>, %b: tensor<i32>):
        %s = stablehlo.add %a, %b : tensor<i32>
        stablehlo.return %s : tensor<i32>
    }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<2xi8>) -> tensor<2xi32>
    return %r : tensor<2xi32>
  }
  func.func @main() {
    %a = stablehlo.constant dense<[100, -100]> : tensor<2xi8>
    %b = stablehlo.constant dense<[100, -100]> : tensor<2xi8>
    %r:2 = "interpreter.run_parallel"(%a, %b) {programs = [[@f], [@f]]} : (tensor<2xi8>, tensor<2xi8>) -> (tensor<2xi32>, tensor<2xi32>)
    check.expect_eq_const %r#0, dense<[200, -200]> : tensor<2xi32>
    func.return
  }
}

// async_start evaluates the wrapped all_reduce; async_done delivers it.
module @a {
  func.func @ar(%x: tensor<4xf32>) -> tensor<4xf32> {
    %0 = "stablehlo.async_start"(%x) ({
      ^bb0(%barg0: tensor<4xf32>):
      %1 = "stablehlo.all_reduce"(%barg0) ({
      ^bb0(%arg2: tensor<f32>, %arg3: tensor<f32>):
        %2 = "stablehlo.add"(%arg2, %arg3) : (tensor<f32>, tensor<f32>) -> tensor<f32>
        "stablehlo.return"(%2) : (tensor<f32>) -> ()
      }) {replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>} : (tensor<4xf32>) -> tensor<4xf32>
      "stablehlo.return"(%1) : (tensor<4xf32>) -> ()
    }) : (tensor<4xf32>) -> !stablehlo.future<tensor<4xf32>>
    %1 = "stablehlo.async_done"(%0) : (!stablehlo.future<tensor<4xf32>>) -> tensor<4xf32>
    return %1 : tensor<4xf32>
  }
  func.func @main() {
    %a = stablehlo.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
    %b = stablehlo.constant dense<[10.0, 20.0, 30.0, 40.0]> : tensor<4xf32>
    %r:2 = "interpreter.run_parallel"(%a, %b) {programs = [[@ar], [@ar]]} : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
    check.expect_eq_const %r#0, dense<[11.0, 22.0, 33.0, 44.0]> : tensor<4xf32>
    check.expect_eq_const %r#1, dense<[11.0, 22.0, 33.0, 44.0]> : tensor<4xf32>
    func.return
  }
}

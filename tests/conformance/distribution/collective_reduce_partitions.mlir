// collective_reduce across partitions (channel_id > 0): the group's first
// process (partition 1 here) receives the product; the others get zeros,
// and partition 2, in no group, gets zeros too.
module @cr {
  func.func @f(%x : tensor<2xf32>) -> tensor<2xf32> {
    %r = "stablehlo.collective_reduce"(%x) ({
      ^bb0(%a: tensor<f32>, %b: tensor<f32>):
        %m = stablehlo.multiply %a, %b : tensor<f32>
        stablehlo.return %m : tensor<f32>
    }) {
      replica_groups = dense<[[1, 0]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 3, type = 1>
    } : (tensor<2xf32>) -> tensor<2xf32>
    return %r : tensor<2xf32>
  }
  func.func @main() {
    %a = stablehlo.constant dense<[2.0, 3.0]> : tensor<2xf32>
    %b = stablehlo.constant dense<[5.0, 7.0]> : tensor<2xf32>
    %c = stablehlo.constant dense<[11.0, 13.0]> : tensor<2xf32>
    %r:3 = "interpreter.run_parallel"(%a, %b, %c) {
      programs = [[@f, @f, @f]]
    } : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
    check.expect_eq_const %r#0, dense<[0.0, 0.0]> : tensor<2xf32>
    check.expect_eq_const %r#1, dense<[10.0, 21.0]> : tensor<2xf32>
    check.expect_eq_const %r#2, dense<[0.0, 0.0]> : tensor<2xf32>
    func.return
  }
}

// replica_id / partition_id on a 2 x 3 grid, and two consecutive all_reduce
// ops over the same group (they must not mix their operands). @f is private:
// cxla check runs public functions without arguments on their own.
module @ids {
  func.func private @f() -> (tensor<ui32>, tensor<ui32>, tensor<ui32>) {
    %r = stablehlo.replica_id : tensor<ui32>
    %p = stablehlo.partition_id : tensor<ui32>
    // channel_id > 0 without use_global_device_ids: cross_replica_and_partition,
    // so replica group [0, 1] puts all six processes in one group, and the
    // partition ids sum to 2 * (0 + 1 + 2) = 6 in every process.
    %s1 = "stablehlo.all_reduce"(%p) ({
      ^bb0(%a: tensor<ui32>, %b: tensor<ui32>):
        %s = stablehlo.add %a, %b : tensor<ui32>
        stablehlo.return %s : tensor<ui32>
    }) {
      replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>
    } : (tensor<ui32>) -> tensor<ui32>
    // Again over the same group, now on the first result times 10.
    %ten = stablehlo.constant dense<10> : tensor<ui32>
    %m = stablehlo.multiply %s1, %ten : tensor<ui32>
    %s2 = "stablehlo.all_reduce"(%m) ({
      ^bb0(%a: tensor<ui32>, %b: tensor<ui32>):
        %s = stablehlo.maximum %a, %b : tensor<ui32>
        stablehlo.return %s : tensor<ui32>
    }) {
      replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>
    } : (tensor<ui32>) -> tensor<ui32>
    return %r, %p, %s2 : tensor<ui32>, tensor<ui32>, tensor<ui32>
  }
  func.func @main() {
    %r:18 = "interpreter.run_parallel"() {
      programs = [[@f, @f, @f], [@f, @f, @f]]
    } : () -> (tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>,
               tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>,
               tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>, tensor<ui32>)
    // Process (1, 2) is the sixth: results 15, 16, 17.
    check.expect_eq_const %r#15, dense<1> : tensor<ui32>
    check.expect_eq_const %r#16, dense<2> : tensor<ui32>
    // max over the group of 6 * 10.
    check.expect_eq_const %r#17, dense<60> : tensor<ui32>
    check.expect_eq_const %r#2, dense<60> : tensor<ui32>
    check.expect_eq_const %r#3, dense<0> : tensor<ui32>
    check.expect_eq_const %r#4, dense<1> : tensor<ui32>
    func.return
  }
}

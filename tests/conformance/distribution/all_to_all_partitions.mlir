// all_to_all across partitions (channel_id > 0) on a 2 x 2 grid: each
// replica's two partitions swap halves; replicas stay apart.
module @a2a {
  func.func @f(%x : tensor<4xi32>) -> tensor<4xi32> {
    %r = "stablehlo.all_to_all"(%x) {
      split_dimension = 0 : i64,
      concat_dimension = 0 : i64,
      split_count = 2 : i64,
      replica_groups = dense<[[0, 1]]> : tensor<1x2xi64>,
      channel_handle = #stablehlo.channel_handle<handle = 2, type = 1>
    } : (tensor<4xi32>) -> tensor<4xi32>
    return %r : tensor<4xi32>
  }
  func.func @main() {
    %a = stablehlo.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
    %b = stablehlo.constant dense<[5, 6, 7, 8]> : tensor<4xi32>
    %c = stablehlo.constant dense<[10, 20, 30, 40]> : tensor<4xi32>
    %d = stablehlo.constant dense<[50, 60, 70, 80]> : tensor<4xi32>
    %r:4 = "interpreter.run_parallel"(%a, %b, %c, %d) {
      programs = [[@f, @f], [@f, @f]]
    } : (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) ->
        (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>)
    check.expect_eq_const %r#0, dense<[1, 2, 5, 6]> : tensor<4xi32>
    check.expect_eq_const %r#1, dense<[3, 4, 7, 8]> : tensor<4xi32>
    check.expect_eq_const %r#2, dense<[10, 20, 50, 60]> : tensor<4xi32>
    check.expect_eq_const %r#3, dense<[30, 40, 70, 80]> : tensor<4xi32>
    func.return
  }
}

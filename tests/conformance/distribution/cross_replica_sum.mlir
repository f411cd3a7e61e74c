// The deprecated cross-replica-sum: all_reduce with addition over
// cross_replica groups; floats round in the element type after each add.
module @crs {
  func.func @f(%x : tensor<3xf32>) -> tensor<3xf32> {
    %r = "stablehlo.cross-replica-sum"(%x) {
      replica_groups = dense<[[0, 1, 2]]> : tensor<1x3xi64>
    } : (tensor<3xf32>) -> tensor<3xf32>
    return %r : tensor<3xf32>
  }
  func.func @main() {
    %a = stablehlo.constant dense<[1.0, 16777216.0, -2.5]> : tensor<3xf32>
    %b = stablehlo.constant dense<[2.0, 1.0, 2.5]> : tensor<3xf32>
    %c = stablehlo.constant dense<[3.0, 1.0, 0.25]> : tensor<3xf32>
    %r:3 = "interpreter.run_parallel"(%a, %b, %c) {
      programs = [[@f], [@f], [@f]]
    } : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
    // 16777216 + 1 rounds back to 16777216 in f32, twice.
    check.expect_eq_const %r#0, dense<[6.0, 16777216.0, 0.25]> : tensor<3xf32>
    check.expect_eq_const %r#2, dense<[6.0, 16777216.0, 0.25]> : tensor<3xf32>
    func.return
  }
}

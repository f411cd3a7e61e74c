// EXPECT: ERROR bad_replica_groups.mlir:5:5:
// A replica group naming a replica the grid does not have is an error.
module @bad_groups {
  func.func @gather(%x : tensor<2xi64>) -> tensor<4xi64> {
    %r = "stablehlo.all_gather"(%x) {
      all_gather_dim = 0 : i64,
      replica_groups = dense<[[0, 7]]> : tensor<1x2xi64>
    } : (tensor<2xi64>) -> tensor<4xi64>
    return %r : tensor<4xi64>
  }
  func.func @main() {
    %x = stablehlo.constant dense<[1, 2]> : tensor<2xi64>
    %r:2 = "interpreter.run_parallel"(%x, %x) {
      programs = [[@gather], [@gather]]
    } : (tensor<2xi64>, tensor<2xi64>) -> (tensor<4xi64>, tensor<4xi64>)
    func.return
  }
}

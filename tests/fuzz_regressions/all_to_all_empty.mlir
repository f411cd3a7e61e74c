// EXPECT: PASS
// Found by fuzz/interp_fuzz.c (seeded by fuzz/gen_programs.py): all_to_all
// of an empty tensor offset the NULL data pointer of its empty result
// (src/interp/eval_collective.c, concat; UBSan: applying zero offset to
// null pointer).
func.func @main() {
  %c = stablehlo.constant dense<> : tensor<0xui16>
  %0 = "stablehlo.all_to_all"(%c) {split_dimension = 0 : i64, concat_dimension = 0 : i64,
      split_count = 1 : i64, replica_groups = dense<[[0]]> : tensor<1x1xi64>}
      : (tensor<0xui16>) -> tensor<0xui16>
  %1 = "stablehlo.all_gather"(%c) {all_gather_dim = 0 : i64,
      replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<0xui16>) -> tensor<0xui16>
  check.expect_eq_const %0, dense<> : tensor<0xui16>
  func.return
}

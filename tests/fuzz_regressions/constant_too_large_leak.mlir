// EXPECT: ERROR 'stablehlo.constant' op tensor too large
// Found by fuzz/gen_programs.py: a splat constant too large to allocate
// failed cleanly but leaked the status of the failed allocation
// (src/interp/eval_control.c, cx_eval_family_CONSTANT; LeakSanitizer).
// 2^62 f64 elements overflow size_t, so no allocation is even attempted.
func.func @main() {
  %0 = stablehlo.constant dense<1.0> : tensor<4611686018427387904xf64>
  func.return
}

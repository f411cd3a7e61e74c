// The interpreter evaluates chlo.constant like stablehlo.constant (it once
// reported an internal error; found by fuzz/interp_fuzz.c on tests/lit/ops/chlo.mlir).
// RUN: %cxla check %s | FileCheck %s
// CHECK: PASS
// CHECK: 1 passed, 0 failed

func.func @main() {
  %0 = chlo.constant dense<[1.0, -2.5]> : tensor<2xf32>
  %1 = stablehlo.add %0, %0 : tensor<2xf32>
  check.expect_eq_const %1, dense<[2.0, -5.0]> : tensor<2xf32>
  %2 = chlo.constant dense<7> : tensor<i32>
  check.expect_eq_const %2, dense<7> : tensor<i32>
  func.return
}

// JAX's multi-platform exports take the platform's index as their first
// argument ({jax.global_constant = "_platform_index"}); `cxla run` and
// `cxla check` supply it: the position of "cpu" in the module's platform
// list, or --platform-index=N. --signature shows it as supplied.
// RUN: %cxla run --signature %s | FileCheck %s --check-prefix=SIG
// RUN: %cxla run --signature --platform-index=0 %s | FileCheck %s --check-prefix=SIG0
// RUN: %cxla run --interpret %s --input=2xf32=1,2 | FileCheck %s --check-prefix=CPU
// RUN: %cxla run %s --input=2xf32=1,2 | FileCheck %s --check-prefix=CPU
// RUN: %cxla run --interpret --platform-index=0 %s --input=2xf32=1,2 | FileCheck %s --check-prefix=TPU
// RUN: %cxla run %s --random-inputs | FileCheck %s --check-prefix=RANDOM
// RUN: %cxla check --mode=both %s | FileCheck %s --check-prefix=CHECK1
// RUN: not %cxla check --mode=both --platform-index=0 %s | FileCheck %s --check-prefix=CHECK0

// SIG: @main: 2 arguments (12 bytes), 1 results
// SIG-NEXT: arg[0]: tensor<i32>  4 bytes  platform index (supplied: 1)
// SIG-NEXT: arg[1]: tensor<2xf32>  8 bytes  x
// SIG0: arg[0]: tensor<i32>  4 bytes  platform index (supplied: 0)
// CPU: 2xf32=2 3
// TPU: 2xf32=10 20
// RANDOM: EXEC @main
// CHECK1: PASS
// CHECK0: FAIL {{.*}}check.expect_eq_const

module attributes {mhlo.platforms = ["tpu", "cpu"]} {
  func.func public @main(%arg0: tensor<i32> {jax.global_constant = "_platform_index"},
                         %arg1: tensor<2xf32> {jax.arg_info = "x"}) -> tensor<2xf32> {
    %0 = "stablehlo.case"(%arg0) ({
      %c = stablehlo.constant dense<10.0> : tensor<2xf32>
      %m = stablehlo.multiply %arg1, %c : tensor<2xf32>
      stablehlo.return %m : tensor<2xf32>
    }, {
      %c = stablehlo.constant dense<1.0> : tensor<2xf32>
      %a = stablehlo.add %arg1, %c : tensor<2xf32>
      stablehlo.return %a : tensor<2xf32>
    }) : (tensor<i32>) -> tensor<2xf32>
    return %0 : tensor<2xf32>
  }
  // Takes the platform index only: `cxla check` runs it as a function
  // without arguments.
  func.func public @selects_cpu(%arg0: tensor<i64> {jax.global_constant = "_platform_index"}) -> tensor<i64> {
    check.expect_eq_const %arg0, dense<1> : tensor<i64>
    return %arg0 : tensor<i64>
  }
}

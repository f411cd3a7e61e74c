// A module that names no platforms: the platform index must be given.
// RUN: not %cxla run --interpret %s 2>&1 | FileCheck %s
// RUN: %cxla run --interpret --platform-index=1 %s | FileCheck %s --check-prefix=ONE
// RUN: %cxla run --signature %s | FileCheck %s --check-prefix=SIG
// CHECK: argument 0 (tensor<i32>) of @main: JAX's platform index ({jax.global_constant = "_platform_index"}) selects the branch of one of the platforms the program was exported for; the module lists none with "cpu": pass --platform-index=N
// ONE: i32=7
// SIG: arg[0]: tensor<i32>  4 bytes  platform index (supplied with --platform-index=N)
func.func public @main(%arg0: tensor<i32> {jax.global_constant = "_platform_index"}) -> tensor<i32> {
  %c = stablehlo.constant dense<6> : tensor<i32>
  %0 = stablehlo.add %arg0, %c : tensor<i32>
  return %0 : tensor<i32>
}

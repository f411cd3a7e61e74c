// cxla check --random-inputs runs functions that take arguments on
// pseudo-random values of their types (a model's weights and inputs), and
// with --mode=both compares the compiled results with the interpreter's.
// Zeros (--synthesize-inputs) fail the check below; random i32 in [-8, 8)
// are all zero with probability 16^-64.
// RUN: %cxla check --random-inputs=3 %s | FileCheck %s
// RUN: %cxla check --mode=both --random-inputs %s | FileCheck %s
// RUN: not %cxla check --synthesize-inputs=1 %s | FileCheck --check-prefix=ZEROS %s
// RUN: not %cxla check --random-inputs=x %s 2>&1 | FileCheck --check-prefix=BAD %s

// CHECK: PASS {{.*}}random_inputs.mlir
// CHECK: 1 passed, 0 failed
// ZEROS: FAIL {{.*}}random_inputs.mlir
// BAD: --random-inputs wants a seed (an integer), got 'x'
func.func public @main(%a: tensor<64xi32>, %x: tensor<4x8xf32>, %w: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %zero = stablehlo.constant dense<0> : tensor<64xi32>
  %ne = stablehlo.compare NE, %a, %zero : (tensor<64xi32>, tensor<64xi32>) -> tensor<64xi1>
  %false = stablehlo.constant dense<false> : tensor<i1>
  %any = stablehlo.reduce(%ne init: %false) applies stablehlo.or across dimensions = [0]
      : (tensor<64xi1>, tensor<i1>) -> tensor<i1>
  check.expect_eq_const %any, dense<true> : tensor<i1>
  %y = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0]
      : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %t = stablehlo.tanh %y : tensor<4x3xf32>
  return %t : tensor<4x3xf32>
}

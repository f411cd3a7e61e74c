// rng_c2: NORMAL requires floating-point operands.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: rng_normal_int.mlir:5:3: error: 'stablehlo.rng' op NORMAL distribution requires floating-point operands, but got 'tensor<i32>'
func.func @main(%a: tensor<i32>, %s: tensor<1xi64>) -> tensor<3xi32> {
  %0 = stablehlo.rng %a, %a, %s, distribution = NORMAL : (tensor<i32>, tensor<i32>, tensor<1xi64>) -> tensor<3xi32>
  func.return %0 : tensor<3xi32>
}

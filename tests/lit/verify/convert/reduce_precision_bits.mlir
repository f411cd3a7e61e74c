// reduce_precision_c2: exponent_bits >= 1.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: reduce_precision_bits.mlir:5:3: error: 'stablehlo.reduce_precision' op exponent_bits must be at least 1, but got 0
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.reduce_precision %a, format = e0m10 : tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

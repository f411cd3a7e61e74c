// is_finite produces booleans.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: is_finite_result.mlir:5:3: error: 'stablehlo.is_finite' op result #0 must be a tensor of boolean values, but got 'tensor<2xf32>'
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.is_finite %a : (tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

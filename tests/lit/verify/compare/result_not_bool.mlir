// compare produces booleans.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: result_not_bool.mlir:5:3: error: 'stablehlo.compare' op result #0 must be a tensor of boolean values, but got 'tensor<2xf32>'
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "stablehlo.compare"(%a, %a) {comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

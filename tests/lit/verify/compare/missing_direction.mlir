// comparison_direction is required.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: missing_direction.mlir:5:3: error: 'stablehlo.compare' op requires attribute 'comparison_direction'
func.func @main(%a: tensor<2xf32>) -> tensor<2xi1> {
  %0 = "stablehlo.compare"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  func.return %0 : tensor<2xi1>
}

// An attribute of the wrong kind is an error, not a crash.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: wrong_attr_kind.mlir:5:3: error: 'stablehlo.compare' op attribute 'comparison_direction' failed to satisfy constraint: #stablehlo<comparison_direction> attribute
func.func @main(%a: tensor<2xf32>) -> tensor<2xi1> {
  %0 = "stablehlo.compare"(%a, %a) {comparison_direction = 3 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  func.return %0 : tensor<2xi1>
}

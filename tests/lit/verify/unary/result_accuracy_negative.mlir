// result_accuracy tolerances are non-negative.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: result_accuracy_negative.mlir:5:3: error: 'stablehlo.exponential' op result_accuracy tolerances must be non-negative
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.exponential %a {result_accuracy = #stablehlo.result_accuracy<atol = -1.000000e+00, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>} : tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

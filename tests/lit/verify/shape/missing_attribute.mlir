// A required attribute missing in the generic form is an error.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: missing_attribute.mlir:5:3: error: 'stablehlo.transpose' op requires attribute 'permutation'
func.func @main(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = "stablehlo.transpose"(%a) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  func.return %0 : tensor<3x2xf32>
}

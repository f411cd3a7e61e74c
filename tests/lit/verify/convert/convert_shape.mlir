// convert_c1: shape(operand) = shape(result).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: convert_shape.mlir:5:3: error: 'stablehlo.convert' op requires the same shape for all operands and results
func.func @main(%a: tensor<2xf32>) -> tensor<3xi32> {
  %0 = stablehlo.convert %a : (tensor<2xf32>) -> tensor<3xi32>
  func.return %0 : tensor<3xi32>
}

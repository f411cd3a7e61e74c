// bitcast_convert_c1: f32 -> i8 appends a dimension of 4.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bitcast_widths.mlir:5:3: error: 'stablehlo.bitcast_convert' op requires the result shape to be the operand shape followed by 4 (for 'tensor<2xf32>' to 'tensor<2x2xi8>')
func.func @main(%a: tensor<2xf32>) -> tensor<2x2xi8> {
  %0 = stablehlo.bitcast_convert %a : (tensor<2xf32>) -> tensor<2x2xi8>
  func.return %0 : tensor<2x2xi8>
}

// after_all takes tokens.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: after_all_operand.mlir:5:3: error: 'stablehlo.after_all' op operand #0 must be a token, but got 'tensor<f32>'
func.func @main(%a: tensor<f32>) -> !stablehlo.token {
  %0 = "stablehlo.after_all"(%a) : (tensor<f32>) -> !stablehlo.token
  func.return %0 : !stablehlo.token
}

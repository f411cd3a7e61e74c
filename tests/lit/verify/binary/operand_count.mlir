// Binary ops take exactly two operands (generic form can say otherwise).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: operand_count.mlir:5:3: error: 'stablehlo.multiply' op expected 2 operands, but found 1
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "stablehlo.multiply"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

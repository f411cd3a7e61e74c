// tuple_c1: the result is the tuple of the operand types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: tuple_type.mlir:5:3: error: 'stablehlo.tuple' op result type 'tuple<tensor<i32>>' is not the tuple of the operand types
func.func @main(%a: tensor<f32>) -> tuple<tensor<i32>> {
  %0 = "stablehlo.tuple"(%a) : (tensor<f32>) -> tuple<tensor<i32>>
  func.return %0 : tuple<tensor<i32>>
}

// get_tuple_element_c1: 0 <= index < size(operand).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: get_tuple_element_index.mlir:5:3: error: 'stablehlo.get_tuple_element' op index 2 is out of bounds of operand with size 2
func.func @main(%t: tuple<tensor<f32>, tensor<i32>>) -> tensor<f32> {
  %0 = stablehlo.get_tuple_element %t[2] : (tuple<tensor<f32>, tensor<i32>>) -> tensor<f32>
  func.return %0 : tensor<f32>
}

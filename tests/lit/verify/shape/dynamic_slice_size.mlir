// dynamic_slice_c4: slice sizes fit the operand.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dynamic_slice_size.mlir:5:3: error: 'stablehlo.dynamic_slice' op has slice size 5 greater than dimension size 4 in dimension 0 of operand
func.func @main(%a: tensor<4xf32>, %i: tensor<i32>) -> tensor<5xf32> {
  %0 = stablehlo.dynamic_slice %a, %i, sizes = [5] : (tensor<4xf32>, tensor<i32>) -> tensor<5xf32>
  func.return %0 : tensor<5xf32>
}

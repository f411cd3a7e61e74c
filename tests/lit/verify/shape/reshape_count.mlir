// reshape_c2: size(operand) = size(result).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: reshape_count.mlir:5:3: error: 'stablehlo.reshape' op number of output elements (5) doesn't match expected number of elements (6)
func.func @main(%a: tensor<2x3xf32>) -> tensor<5xf32> {
  %0 = stablehlo.reshape %a : (tensor<2x3xf32>) -> tensor<5xf32>
  func.return %0 : tensor<5xf32>
}

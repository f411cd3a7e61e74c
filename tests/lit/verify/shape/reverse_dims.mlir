// reverse_c3: dimensions are in range.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: reverse_dims.mlir:5:3: error: 'stablehlo.reverse' op all dimensions should be in [0, 1), but got [1]
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.reverse %a, dims = [1] : tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

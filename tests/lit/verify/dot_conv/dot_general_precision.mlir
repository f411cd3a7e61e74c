// dot_general_c11: precision_config has two entries.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dot_general_precision.mlir:5:3: error: 'stablehlo.dot_general' op expects precision config to be empty or have 2 elements, but got 1
func.func @main(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) -> tensor<2x5xf32> {
  %0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0], precision = [DEFAULT] : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  func.return %0 : tensor<2x5xf32>
}

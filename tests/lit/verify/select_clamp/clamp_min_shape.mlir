// clamp_c1: min is rank 0 or shaped like the operand.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: clamp_min_shape.mlir:5:3: error: 'stablehlo.clamp' op min shape 'tensor<3xf32>' is not scalar and is not compatible with operand shape 'tensor<2xf32>'
func.func @main(%lo: tensor<3xf32>, %a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.clamp %lo, %a, %a : (tensor<3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

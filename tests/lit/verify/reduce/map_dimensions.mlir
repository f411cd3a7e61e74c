// map_c3: dimensions = range(rank(inputs[0])).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: map_dimensions.mlir:5:3: error: 'stablehlo.map' op requires monotonically increasing dimension numbers [0, 2), but got [1, 0]
func.func @main(%a: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = "stablehlo.map"(%a) ({
  ^bb0(%x: tensor<f32>):
    stablehlo.return %x : tensor<f32>
  }) {dimensions = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  func.return %0 : tensor<2x2xf32>
}

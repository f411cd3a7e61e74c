// Region bodies end with stablehlo.return.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: missing_terminator.mlir:5:3: error: 'stablehlo.map' op expects region 'computation' to end with 'stablehlo.return', found 'stablehlo.abs'
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "stablehlo.map"(%a) ({
  ^bb0(%x: tensor<f32>):
    %y = stablehlo.abs %x : tensor<f32>
  }) {dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

// reduce_c2: init values have the inputs' element types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: init_type.mlir:5:3: error: 'stablehlo.reduce' op input #0 element type 'f32' differs from its init value's 'f64'
func.func @main(%a: tensor<2x3xf32>, %c: tensor<f64>) -> tensor<2xf32> {
  %0 = "stablehlo.reduce"(%a, %c) ({
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    stablehlo.return %x : tensor<f32>
  }) {dimensions = array<i64: 1>} : (tensor<2x3xf32>, tensor<f64>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

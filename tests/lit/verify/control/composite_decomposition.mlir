// composite_c2: the decomposition exists.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: composite_decomposition.mlir:5:3: error: 'stablehlo.composite' op 'missing' does not reference a valid function
func.func @main(%a: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.composite "my.op" %a {decomposition = @missing} : (tensor<f32>) -> tensor<f32>
  func.return %0 : tensor<f32>
}

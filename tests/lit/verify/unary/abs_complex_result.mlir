// abs_c2: abs of complex<f32> is f32.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: abs_complex_result.mlir:5:3: error: 'stablehlo.abs' op expects the result element type to be 'f32', but got 'complex<f32>'
func.func @main(%a: tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>> {
  %0 = stablehlo.abs %a : tensor<2xcomplex<f32>>
  func.return %0 : tensor<2xcomplex<f32>>
}

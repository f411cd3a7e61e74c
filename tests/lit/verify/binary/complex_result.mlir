// complex_c3: the result is complex<E> for E = element_type(lhs).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: complex_result.mlir:5:3: error: 'stablehlo.complex' op expects the result element type to be 'complex<f64>', but got 'complex<f32>'
func.func @main(%a: tensor<2xf64>) -> tensor<2xcomplex<f32>> {
  %0 = stablehlo.complex %a, %a : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xcomplex<f32>>
  func.return %0 : tensor<2xcomplex<f32>>
}

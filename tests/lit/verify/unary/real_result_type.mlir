// real_c2: real of complex<f64> is f64.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: real_result_type.mlir:5:3: error: 'stablehlo.real' op expects the result element type to be 'f64', but got 'f32'
func.func @main(%a: tensor<2xcomplex<f64>>) -> tensor<2xf32> {
  %0 = stablehlo.real %a : (tensor<2xcomplex<f64>>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

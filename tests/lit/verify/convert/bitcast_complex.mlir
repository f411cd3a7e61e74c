// bitcast_convert_c2: no conversion between complex and real.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bitcast_complex.mlir:5:3: error: 'stablehlo.bitcast_convert' op cannot convert between complex and real types ('tensor<2xcomplex<f32>>' to 'tensor<2xf64>')
func.func @main(%a: tensor<2xcomplex<f32>>) -> tensor<2xf64> {
  %0 = stablehlo.bitcast_convert %a : (tensor<2xcomplex<f32>>) -> tensor<2xf64>
  func.return %0 : tensor<2xf64>
}

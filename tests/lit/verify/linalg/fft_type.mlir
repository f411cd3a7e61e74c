// fft_c2: FFT maps complex to the same complex type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: fft_type.mlir:5:3: error: 'stablehlo.fft' op FFT takes a complex operand, but got 'tensor<8xf32>'
func.func @main(%a: tensor<8xf32>) -> tensor<8xcomplex<f32>> {
  %0 = stablehlo.fft %a, type = FFT, length = [8] : (tensor<8xf32>) -> tensor<8xcomplex<f32>>
  func.return %0 : tensor<8xcomplex<f32>>
}

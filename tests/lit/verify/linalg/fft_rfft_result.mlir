// fft_c5: RFFT halves the last dimension (n / 2 + 1).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: fft_rfft_result.mlir:5:3: error: 'stablehlo.fft' op inferred shape '[5]' is incompatible with result type 'tensor<8xcomplex<f32>>'
func.func @main(%a: tensor<8xf32>) -> tensor<8xcomplex<f32>> {
  %0 = stablehlo.fft %a, type = RFFT, length = [8] : (tensor<8xf32>) -> tensor<8xcomplex<f32>>
  func.return %0 : tensor<8xcomplex<f32>>
}

// stablehlo.fft on 64 lines of complex<f32> (the FFT routine: widen to
// double, transform each line with runtime/kernels/fft.h, round back):
//   build/cxla bench bench/programs/fft.mlir --function=fft_4096 --random-inputs --threads=1
// fft_4096: radix 4; fft_1000: radices 4, 5, 5, 5, 2; fft_4097 = 17 * 241:
// Bluestein; ifft_1000 adds the division by n. rfft_4096 / irfft_4096: 64
// real lines, two per complex transform; rfft_65536 / irfft_65536: one line,
// transformed at half length.
func.func @fft_4096(%x: tensor<64x4096xcomplex<f32>>) -> tensor<64x4096xcomplex<f32>> {
  %r = stablehlo.fft %x, type = FFT, length = [4096] : (tensor<64x4096xcomplex<f32>>) -> tensor<64x4096xcomplex<f32>>
  return %r : tensor<64x4096xcomplex<f32>>
}
func.func @fft_4097(%x: tensor<64x4097xcomplex<f32>>) -> tensor<64x4097xcomplex<f32>> {
  %r = stablehlo.fft %x, type = FFT, length = [4097] : (tensor<64x4097xcomplex<f32>>) -> tensor<64x4097xcomplex<f32>>
  return %r : tensor<64x4097xcomplex<f32>>
}
func.func @fft_1000(%x: tensor<64x1000xcomplex<f32>>) -> tensor<64x1000xcomplex<f32>> {
  %r = stablehlo.fft %x, type = FFT, length = [1000] : (tensor<64x1000xcomplex<f32>>) -> tensor<64x1000xcomplex<f32>>
  return %r : tensor<64x1000xcomplex<f32>>
}
func.func @ifft_1000(%x: tensor<64x1000xcomplex<f32>>) -> tensor<64x1000xcomplex<f32>> {
  %r = stablehlo.fft %x, type = IFFT, length = [1000] : (tensor<64x1000xcomplex<f32>>) -> tensor<64x1000xcomplex<f32>>
  return %r : tensor<64x1000xcomplex<f32>>
}
func.func @rfft_4096(%x: tensor<64x4096xf32>) -> tensor<64x2049xcomplex<f32>> {
  %r = stablehlo.fft %x, type = RFFT, length = [4096] : (tensor<64x4096xf32>) -> tensor<64x2049xcomplex<f32>>
  return %r : tensor<64x2049xcomplex<f32>>
}
func.func @irfft_4096(%x: tensor<64x2049xcomplex<f32>>) -> tensor<64x4096xf32> {
  %r = stablehlo.fft %x, type = IRFFT, length = [4096] : (tensor<64x2049xcomplex<f32>>) -> tensor<64x4096xf32>
  return %r : tensor<64x4096xf32>
}
func.func @rfft_65536(%x: tensor<65536xf32>) -> tensor<32769xcomplex<f32>> {
  %r = stablehlo.fft %x, type = RFFT, length = [65536] : (tensor<65536xf32>) -> tensor<32769xcomplex<f32>>
  return %r : tensor<32769xcomplex<f32>>
}
func.func @irfft_65536(%x: tensor<32769xcomplex<f32>>) -> tensor<65536xf32> {
  %r = stablehlo.fft %x, type = IRFFT, length = [65536] : (tensor<32769xcomplex<f32>>) -> tensor<65536xf32>
  return %r : tensor<65536xf32>
}

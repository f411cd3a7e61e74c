// Linear algebra and FFT: cholesky (lower given, absent, and generic input),
// triangular_solve (generic form, transpose enum), fft of every fft_type.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @linalg(%arg0: tensor<4x4xf32>, %arg1: tensor<4x2xf32>, %arg2: tensor<8xf32>, %arg3: tensor<8xcomplex<f32>>) -> tensor<4x4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.cholesky %arg0, lower = true : tensor<4x4xf32>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.cholesky %arg0 : tensor<4x4xf32>
// CHECK-NEXT{LITERAL}: %2 = "stablehlo.triangular_solve"(%arg0, %arg1) <{left_side = true, lower = true, transpose_a = #stablehlo<transpose NO_TRANSPOSE>, unit_diagonal = false}> : (tensor<4x4xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
// CHECK-NEXT{LITERAL}: %3 = "stablehlo.triangular_solve"(%arg0, %arg1) <{left_side = true, lower = false, transpose_a = #stablehlo<transpose ADJOINT>, unit_diagonal = true}> : (tensor<4x4xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
// CHECK-NEXT{LITERAL}: %4 = stablehlo.fft %arg3, type =  FFT, length = [8] : (tensor<8xcomplex<f32>>) -> tensor<8xcomplex<f32>>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.fft %arg3, type =  IFFT, length = [8] : (tensor<8xcomplex<f32>>) -> tensor<8xcomplex<f32>>
// CHECK-NEXT{LITERAL}: %6 = stablehlo.fft %arg2, type =  RFFT, length = [8] : (tensor<8xf32>) -> tensor<5xcomplex<f32>>
// CHECK-NEXT{LITERAL}: %7 = stablehlo.fft %6, type =  IRFFT, length = [8] : (tensor<5xcomplex<f32>>) -> tensor<8xf32>
// CHECK-NEXT{LITERAL}: %8 = stablehlo.cholesky %arg0 : tensor<4x4xf32>
// CHECK-NEXT{LITERAL}: return %0 : tensor<4x4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %0 = "stablehlo.cholesky"(%arg0) <{lower = true}> : (tensor<4x4xf32>) -> tensor<4x4xf32>
// GENERIC{LITERAL}: %1 = "stablehlo.cholesky"(%arg0) : (tensor<4x4xf32>) -> tensor<4x4xf32>
// GENERIC{LITERAL}: %2 = "stablehlo.triangular_solve"(%arg0, %arg1) <{left_side = true, lower = true, transpose_a = #stablehlo<transpose NO_TRANSPOSE>, unit_diagonal = false}> : (tensor<4x4xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
// GENERIC{LITERAL}: %3 = "stablehlo.triangular_solve"(%arg0, %arg1) <{left_side = true, lower = false, transpose_a = #stablehlo<transpose ADJOINT>, unit_diagonal = true}> : (tensor<4x4xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
// GENERIC{LITERAL}: %4 = "stablehlo.fft"(%arg3) <{fft_length = array<i64: 8>, fft_type = #stablehlo<fft_type FFT>}> : (tensor<8xcomplex<f32>>) -> tensor<8xcomplex<f32>>
// GENERIC{LITERAL}: %5 = "stablehlo.fft"(%arg3) <{fft_length = array<i64: 8>, fft_type = #stablehlo<fft_type IFFT>}> : (tensor<8xcomplex<f32>>) -> tensor<8xcomplex<f32>>
// GENERIC{LITERAL}: %6 = "stablehlo.fft"(%arg2) <{fft_length = array<i64: 8>, fft_type = #stablehlo<fft_type RFFT>}> : (tensor<8xf32>) -> tensor<5xcomplex<f32>>
// GENERIC{LITERAL}: %7 = "stablehlo.fft"(%6) <{fft_length = array<i64: 8>, fft_type = #stablehlo<fft_type IRFFT>}> : (tensor<5xcomplex<f32>>) -> tensor<8xf32>
// GENERIC{LITERAL}: %8 = "stablehlo.cholesky"(%arg0) <{lower = false}> : (tensor<4x4xf32>) -> tensor<4x4xf32>

func.func @linalg(%a: tensor<4x4xf32>, %b: tensor<4x2xf32>, %x: tensor<8xf32>, %c: tensor<8xcomplex<f32>>) -> tensor<4x4xf32> {
  %0 = stablehlo.cholesky %a, lower = true : tensor<4x4xf32>
  %1 = stablehlo.cholesky %a : tensor<4x4xf32>
  %2 = "stablehlo.triangular_solve"(%a, %b) {left_side = true, lower = true, unit_diagonal = false, transpose_a = #stablehlo<transpose NO_TRANSPOSE>} : (tensor<4x4xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %3 = "stablehlo.triangular_solve"(%a, %b) {left_side = true, lower = false, unit_diagonal = true, transpose_a = #stablehlo<transpose ADJOINT>} : (tensor<4x4xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %4 = stablehlo.fft %c, type =  FFT, length = [8] : (tensor<8xcomplex<f32>>) -> tensor<8xcomplex<f32>>
  %5 = stablehlo.fft %c, type =  IFFT, length = [8] : (tensor<8xcomplex<f32>>) -> tensor<8xcomplex<f32>>
  %6 = stablehlo.fft %x, type =  RFFT, length = [8] : (tensor<8xf32>) -> tensor<5xcomplex<f32>>
  %7 = stablehlo.fft %6, type =  IRFFT, length = [8] : (tensor<5xcomplex<f32>>) -> tensor<8xf32>
  %8 = "stablehlo.cholesky"(%a) {lower = false} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

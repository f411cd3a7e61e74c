// GEMMs whose batch or M dims do not fold into one stride, run with the
// GEMM routine's outer batch (compiler/lower_dot_conv.c, runtime/
// routine_gemm.h) instead of copies, compiled and compared with the
// interpreter (cxla check --mode=both): attention as JAX writes it for a
// batch of sequences (the (batch, head) batch with the heads inside each
// token's row; the context transposed back into rows), with a residual in
// the output projection's epilogue, and rows read through a transpose.
// Sizes keep each inner GEMM above the routine's minimum for an outer
// batch. Inputs are sines of iotas: every element differs.

func.func @attention() -> tensor<3x40x64xf32> {
  %i1 = stablehlo.iota dim = 0 : tensor<7680xf32>
  %k2 = stablehlo.constant dense<0.37> : tensor<7680xf32>
  %m3 = stablehlo.multiply %i1, %k2 : tensor<7680xf32>
  %s4 = stablehlo.sine %m3 : tensor<7680xf32>
  %x5 = stablehlo.reshape %s4 : (tensor<7680xf32>) -> tensor<3x40x64xf32>
  %i6 = stablehlo.iota dim = 0 : tensor<4096xf32>
  %k7 = stablehlo.constant dense<0.71> : tensor<4096xf32>
  %m8 = stablehlo.multiply %i6, %k7 : tensor<4096xf32>
  %s9 = stablehlo.sine %m8 : tensor<4096xf32>
  %x10 = stablehlo.reshape %s9 : (tensor<4096xf32>) -> tensor<64x64xf32>
  %i11 = stablehlo.iota dim = 0 : tensor<4096xf32>
  %k12 = stablehlo.constant dense<0.53> : tensor<4096xf32>
  %m13 = stablehlo.multiply %i11, %k12 : tensor<4096xf32>
  %s14 = stablehlo.sine %m13 : tensor<4096xf32>
  %x15 = stablehlo.reshape %s14 : (tensor<4096xf32>) -> tensor<64x64xf32>
  %i16 = stablehlo.iota dim = 0 : tensor<4096xf32>
  %k17 = stablehlo.constant dense<0.29> : tensor<4096xf32>
  %m18 = stablehlo.multiply %i16, %k17 : tensor<4096xf32>
  %s19 = stablehlo.sine %m18 : tensor<4096xf32>
  %x20 = stablehlo.reshape %s19 : (tensor<4096xf32>) -> tensor<64x64xf32>
  %i21 = stablehlo.iota dim = 0 : tensor<4096xf32>
  %k22 = stablehlo.constant dense<0.43> : tensor<4096xf32>
  %m23 = stablehlo.multiply %i21, %k22 : tensor<4096xf32>
  %s24 = stablehlo.sine %m23 : tensor<4096xf32>
  %x25 = stablehlo.reshape %s24 : (tensor<4096xf32>) -> tensor<64x64xf32>
  %v26 = stablehlo.dot_general %x5, %x10, contracting_dims = [2] x [0] : (tensor<3x40x64xf32>, tensor<64x64xf32>) -> tensor<3x40x64xf32>
  %v27 = stablehlo.dot_general %x5, %x15, contracting_dims = [2] x [0] : (tensor<3x40x64xf32>, tensor<64x64xf32>) -> tensor<3x40x64xf32>
  %v28 = stablehlo.dot_general %x5, %x20, contracting_dims = [2] x [0] : (tensor<3x40x64xf32>, tensor<64x64xf32>) -> tensor<3x40x64xf32>
  %v29 = stablehlo.reshape %v26 : (tensor<3x40x64xf32>) -> tensor<3x40x4x16xf32>
  %v30 = stablehlo.reshape %v27 : (tensor<3x40x64xf32>) -> tensor<3x40x4x16xf32>
  %v31 = stablehlo.reshape %v28 : (tensor<3x40x64xf32>) -> tensor<3x40x4x16xf32>
  %v32 = stablehlo.dot_general %v29, %v30, batching_dims = [0, 2] x [0, 2], contracting_dims = [3] x [3] : (tensor<3x40x4x16xf32>, tensor<3x40x4x16xf32>) -> tensor<3x4x40x40xf32>
  %v33 = stablehlo.constant dense<0.25> : tensor<3x4x40x40xf32>
  %v34 = stablehlo.multiply %v32, %v33 : tensor<3x4x40x40xf32>
  %v35 = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %v36 = stablehlo.constant dense<0.0> : tensor<f32>
  %v37 = stablehlo.reduce(%v34 init: %v35) applies stablehlo.maximum across dimensions = [3] : (tensor<3x4x40x40xf32>, tensor<f32>) -> tensor<3x4x40xf32>
  %v38 = stablehlo.broadcast_in_dim %v37, dims = [0, 1, 2] : (tensor<3x4x40xf32>) -> tensor<3x4x40x40xf32>
  %v39 = stablehlo.subtract %v34, %v38 : tensor<3x4x40x40xf32>
  %v40 = stablehlo.exponential %v39 : tensor<3x4x40x40xf32>
  %v41 = stablehlo.reduce(%v40 init: %v36) applies stablehlo.add across dimensions = [3] : (tensor<3x4x40x40xf32>, tensor<f32>) -> tensor<3x4x40xf32>
  %v42 = stablehlo.broadcast_in_dim %v41, dims = [0, 1, 2] : (tensor<3x4x40xf32>) -> tensor<3x4x40x40xf32>
  %v43 = stablehlo.divide %v40, %v42 : tensor<3x4x40x40xf32>
  %v44 = stablehlo.dot_general %v31, %v43, batching_dims = [0, 2] x [0, 1], contracting_dims = [1] x [3] : (tensor<3x40x4x16xf32>, tensor<3x4x40x40xf32>) -> tensor<3x4x16x40xf32>
  %v45 = stablehlo.transpose %v44, dims = [0, 3, 1, 2] : (tensor<3x4x16x40xf32>) -> tensor<3x40x4x16xf32>
  %v46 = stablehlo.reshape %v45 : (tensor<3x40x4x16xf32>) -> tensor<3x40x64xf32>
  %v47 = stablehlo.dot_general %v46, %x25, contracting_dims = [2] x [0] : (tensor<3x40x64xf32>, tensor<64x64xf32>) -> tensor<3x40x64xf32>
  %v48 = stablehlo.add %v47, %x5 : tensor<3x40x64xf32>
  return %v48 : tensor<3x40x64xf32>
}

// Rows (batch, token) read through a transpose of [batch, feature, token]
// (a result of its own, also returned): M does not fold into one stride,
// the batch becomes the outer batch; a bias and a full-tensor multiply in
// the epilogue, the multiply's operand moving with the outer batch.
func.func @rows_through_transpose() -> (tensor<3x40x48xf32>, tensor<3x64x40xf32>) {
  %i49 = stablehlo.iota dim = 0 : tensor<6144xf32>
  %k50 = stablehlo.constant dense<0.23> : tensor<6144xf32>
  %m51 = stablehlo.multiply %i49, %k50 : tensor<6144xf32>
  %s52 = stablehlo.sine %m51 : tensor<6144xf32>
  %x53 = stablehlo.reshape %s52 : (tensor<6144xf32>) -> tensor<3x64x32xf32>
  %i54 = stablehlo.iota dim = 0 : tensor<1280xf32>
  %k55 = stablehlo.constant dense<0.91> : tensor<1280xf32>
  %m56 = stablehlo.multiply %i54, %k55 : tensor<1280xf32>
  %s57 = stablehlo.sine %m56 : tensor<1280xf32>
  %x58 = stablehlo.reshape %s57 : (tensor<1280xf32>) -> tensor<32x40xf32>
  %v59 = stablehlo.dot_general %x53, %x58, contracting_dims = [2] x [0] : (tensor<3x64x32xf32>, tensor<32x40xf32>) -> tensor<3x64x40xf32>
  %i60 = stablehlo.iota dim = 0 : tensor<3072xf32>
  %k61 = stablehlo.constant dense<0.61> : tensor<3072xf32>
  %m62 = stablehlo.multiply %i60, %k61 : tensor<3072xf32>
  %s63 = stablehlo.sine %m62 : tensor<3072xf32>
  %x64 = stablehlo.reshape %s63 : (tensor<3072xf32>) -> tensor<64x48xf32>
  %i65 = stablehlo.iota dim = 0 : tensor<5760xf32>
  %k66 = stablehlo.constant dense<0.17> : tensor<5760xf32>
  %m67 = stablehlo.multiply %i65, %k66 : tensor<5760xf32>
  %s68 = stablehlo.sine %m67 : tensor<5760xf32>
  %x69 = stablehlo.reshape %s68 : (tensor<5760xf32>) -> tensor<3x40x48xf32>
  %i70 = stablehlo.iota dim = 0 : tensor<48xf32>
  %k71 = stablehlo.constant dense<0.83> : tensor<48xf32>
  %m72 = stablehlo.multiply %i70, %k71 : tensor<48xf32>
  %s73 = stablehlo.sine %m72 : tensor<48xf32>
  %x74 = stablehlo.reshape %s73 : (tensor<48xf32>) -> tensor<48xf32>
  %v75 = stablehlo.transpose %v59, dims = [0, 2, 1] : (tensor<3x64x40xf32>) -> tensor<3x40x64xf32>
  %v76 = stablehlo.dot_general %v75, %x64, contracting_dims = [2] x [0] : (tensor<3x40x64xf32>, tensor<64x48xf32>) -> tensor<3x40x48xf32>
  %v77 = stablehlo.broadcast_in_dim %x74, dims = [2] : (tensor<48xf32>) -> tensor<3x40x48xf32>
  %v78 = stablehlo.add %v76, %v77 : tensor<3x40x48xf32>
  %v79 = stablehlo.multiply %v78, %x69 : tensor<3x40x48xf32>
  return %v79, %v59 : tensor<3x40x48xf32>, tensor<3x64x40xf32>
}

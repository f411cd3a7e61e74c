// Dot products, einsums and convolutions compiled and compared with the
// interpreter (cxla check --mode=both): through the GEMM routine (f32, f64,
// bf16, f16, i8; folded strides, copied operands, batch dims) and through
// generated loops (every other element type, algorithms, empty dims).

// ---- dot_general through the GEMM ----------------------------------------------

func.func @gemm_f32() -> tensor<33x47xf32> {
  %a0 = stablehlo.iota dim = 0 : tensor<33x70xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<33x70xf32>
  %c = stablehlo.constant dense<0.37> : tensor<33x70xf32>
  %a2 = stablehlo.multiply %a0, %c : tensor<33x70xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<33x70xf32>
  %a = stablehlo.sine %a3 : tensor<33x70xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<70x47xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<70x47xf32>
  %d = stablehlo.constant dense<1.3> : tensor<70x47xf32>
  %b2 = stablehlo.multiply %b1, %d : tensor<70x47xf32>
  %b3 = stablehlo.subtract %b2, %b0 : tensor<70x47xf32>
  %b = stablehlo.cosine %b3 : tensor<70x47xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<33x70xf32>, tensor<70x47xf32>) -> tensor<33x47xf32>
  return %r : tensor<33x47xf32>
}

func.func @gemm_known() -> tensor<2x2xf32> {
  %a = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = stablehlo.constant dense<[[1.0, -1.0], [0.5, 2.0], [-2.0, 0.0]]> : tensor<3x2xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  check.expect_eq_const %r, dense<[[-4.0, 3.0], [-5.5, 6.0]]> : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// Batch dims in the middle of both operands, transposed contracting dims.
func.func @gemm_batch_transposed() -> tensor<3x4x5xf32> {
  %a0 = stablehlo.iota dim = 0 : tensor<6x3x4xf32>
  %a1 = stablehlo.iota dim = 2 : tensor<6x3x4xf32>
  %a2 = stablehlo.iota dim = 1 : tensor<6x3x4xf32>
  %a3 = stablehlo.add %a0, %a1 : tensor<6x3x4xf32>
  %a4 = stablehlo.multiply %a3, %a2 : tensor<6x3x4xf32>
  %a = stablehlo.sine %a4 : tensor<6x3x4xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<5x3x6xf32>
  %b1 = stablehlo.iota dim = 2 : tensor<5x3x6xf32>
  %b2 = stablehlo.subtract %b0, %b1 : tensor<5x3x6xf32>
  %b = stablehlo.cosine %b2 : tensor<5x3x6xf32>
  // lhs: [k=6, batch=3, m=4]; rhs: [n=5, batch=3, k=6]
  %r = stablehlo.dot_general %a, %b, batching_dims = [1] x [1], contracting_dims = [0] x [2] : (tensor<6x3x4xf32>, tensor<5x3x6xf32>) -> tensor<3x4x5xf32>
  return %r : tensor<3x4x5xf32>
}

// Free dims on both sides of a contracting dim (lhs) and contracting dims in
// an order the operands do not share: copies before the GEMM.
func.func @gemm_copies() -> tensor<2x3x5xf32> {
  %a0 = stablehlo.iota dim = 0 : tensor<2x4x3x7xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<2x4x3x7xf32>
  %a2 = stablehlo.iota dim = 3 : tensor<2x4x3x7xf32>
  %a3 = stablehlo.iota dim = 2 : tensor<2x4x3x7xf32>
  %s0 = stablehlo.add %a0, %a1 : tensor<2x4x3x7xf32>
  %s1 = stablehlo.multiply %s0, %a2 : tensor<2x4x3x7xf32>
  %s2 = stablehlo.add %s1, %a3 : tensor<2x4x3x7xf32>
  %a = stablehlo.sine %s2 : tensor<2x4x3x7xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<4x5x7xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<4x5x7xf32>
  %b2 = stablehlo.iota dim = 2 : tensor<4x5x7xf32>
  %t0 = stablehlo.multiply %b0, %b1 : tensor<4x5x7xf32>
  %t1 = stablehlo.subtract %t0, %b2 : tensor<4x5x7xf32>
  %b = stablehlo.cosine %t1 : tensor<4x5x7xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [3, 1] x [2, 0] : (tensor<2x4x3x7xf32>, tensor<4x5x7xf32>) -> tensor<2x3x5xf32>
  return %r : tensor<2x3x5xf32>
}

func.func @gemm_f64_bf16_f16() -> (tensor<5x6xf64>, tensor<5x6xbf16>, tensor<5x6xf32>, tensor<5x6xf16>) {
  %a0 = stablehlo.iota dim = 0 : tensor<5x9xf64>
  %a1 = stablehlo.iota dim = 1 : tensor<5x9xf64>
  %a2 = stablehlo.multiply %a0, %a1 : tensor<5x9xf64>
  %a = stablehlo.sine %a2 : tensor<5x9xf64>
  %b0 = stablehlo.iota dim = 0 : tensor<9x6xf64>
  %b1 = stablehlo.iota dim = 1 : tensor<9x6xf64>
  %b2 = stablehlo.add %b0, %b1 : tensor<9x6xf64>
  %b = stablehlo.cosine %b2 : tensor<9x6xf64>
  %r64 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<5x9xf64>, tensor<9x6xf64>) -> tensor<5x6xf64>
  %ab = stablehlo.convert %a : (tensor<5x9xf64>) -> tensor<5x9xbf16>
  %bb = stablehlo.convert %b : (tensor<9x6xf64>) -> tensor<9x6xbf16>
  %rb = stablehlo.dot_general %ab, %bb, contracting_dims = [1] x [0] : (tensor<5x9xbf16>, tensor<9x6xbf16>) -> tensor<5x6xbf16>
  %rbf = stablehlo.dot_general %ab, %bb, contracting_dims = [1] x [0] : (tensor<5x9xbf16>, tensor<9x6xbf16>) -> tensor<5x6xf32>
  %ah = stablehlo.convert %a : (tensor<5x9xf64>) -> tensor<5x9xf16>
  %bh = stablehlo.convert %b : (tensor<9x6xf64>) -> tensor<9x6xf16>
  %rh = stablehlo.dot_general %ah, %bh, contracting_dims = [1] x [0] : (tensor<5x9xf16>, tensor<9x6xf16>) -> tensor<5x6xf16>
  return %r64, %rb, %rbf, %rh : tensor<5x6xf64>, tensor<5x6xbf16>, tensor<5x6xf32>, tensor<5x6xf16>
}

func.func @gemm_i8() -> (tensor<4x7xi32>, tensor<4x7xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<4x300xi32>
  %a1 = stablehlo.iota dim = 1 : tensor<4x300xi32>
  %a2 = stablehlo.multiply %a0, %a1 : tensor<4x300xi32>
  %a = stablehlo.convert %a2 : (tensor<4x300xi32>) -> tensor<4x300xi8>
  %b0 = stablehlo.iota dim = 0 : tensor<300x7xi32>
  %b1 = stablehlo.iota dim = 1 : tensor<300x7xi32>
  %b2 = stablehlo.subtract %b1, %b0 : tensor<300x7xi32>
  %b = stablehlo.convert %b2 : (tensor<300x7xi32>) -> tensor<300x7xi8>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<4x300xi8>, tensor<300x7xi8>) -> tensor<4x7xi32>
  %f = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<4x300xi8>, tensor<300x7xi8>) -> tensor<4x7xf32>
  return %r, %f : tensor<4x7xi32>, tensor<4x7xf32>
}

// Rank-1 and matrix-vector forms of the deprecated dot.
func.func @dot_forms() -> (tensor<f32>, tensor<3xf32>, tensor<2xf32>) {
  %v = stablehlo.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %m = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %w = stablehlo.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %s = stablehlo.dot %v, %v : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  %mv = stablehlo.dot %m, %w : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3xf32>
  %vm = stablehlo.dot %v, %m : (tensor<3xf32>, tensor<3x2xf32>) -> tensor<2xf32>
  check.expect_eq_const %s, dense<5.25> : tensor<f32>
  check.expect_eq_const %mv, dense<[0.0, 2.0, 4.0]> : tensor<3xf32>
  return %s, %mv, %vm : tensor<f32>, tensor<3xf32>, tensor<2xf32>
}

// ---- dot_general through generated loops ------------------------------------------

func.func @dot_integers() -> (tensor<2x2x2xi64>, tensor<3x2xi16>, tensor<3x2xui8>, tensor<3x2xi4>, tensor<3x2xi1>, tensor<3x2xui64>) {
  %lhs = stablehlo.constant dense<[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]> : tensor<2x2x2xi64>
  %rhs = stablehlo.constant dense<[[[1, 0], [0, 1]], [[1, 0], [0, 1]]]> : tensor<2x2x2xi64>
  %r64 = stablehlo.dot_general %lhs, %rhs, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<2x2x2xi64>, tensor<2x2x2xi64>) -> tensor<2x2x2xi64>
  check.expect_eq_const %r64, dense<[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]> : tensor<2x2x2xi64>
  %a = stablehlo.constant dense<[[300, -7, 12], [1000, 2000, -3000], [-1, -1, -1]]> : tensor<3x3xi16>
  %b = stablehlo.constant dense<[[100, 3], [-50, 4], [7, 30000]]> : tensor<3x2xi16>
  %r16 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<3x3xi16>, tensor<3x2xi16>) -> tensor<3x2xi16>
  %ua = stablehlo.constant dense<[[200, 7, 12], [100, 255, 3], [1, 1, 1]]> : tensor<3x3xui8>
  %ub = stablehlo.constant dense<[[100, 3], [50, 4], [7, 255]]> : tensor<3x2xui8>
  %r8 = stablehlo.dot_general %ua, %ub, contracting_dims = [1] x [0] : (tensor<3x3xui8>, tensor<3x2xui8>) -> tensor<3x2xui8>
  %ia = stablehlo.constant dense<[[7, -8, 3], [-1, 2, 5], [4, 4, 4]]> : tensor<3x3xi4>
  %ib = stablehlo.constant dense<[[-8, 3], [5, 4], [7, -2]]> : tensor<3x2xi4>
  %r4 = stablehlo.dot_general %ia, %ib, contracting_dims = [1] x [0] : (tensor<3x3xi4>, tensor<3x2xi4>) -> tensor<3x2xi4>
  %ba = stablehlo.constant dense<[[true, false, false], [false, false, false], [true, true, true]]> : tensor<3x3xi1>
  %bb = stablehlo.constant dense<[[false, true], [true, true], [false, false]]> : tensor<3x2xi1>
  %r1 = stablehlo.dot_general %ba, %bb, contracting_dims = [1] x [0] : (tensor<3x3xi1>, tensor<3x2xi1>) -> tensor<3x2xi1>
  check.expect_eq_const %r1, dense<[[false, true], [false, false], [true, true]]> : tensor<3x2xi1>
  %wa = stablehlo.constant dense<[[18446744073709551615, 2, 3], [4, 5, 6], [7, 8, 9]]> : tensor<3x3xui64>
  %wb = stablehlo.constant dense<[[2, 1], [3, 1], [4, 18446744073709551615]]> : tensor<3x2xui64>
  %r64u = stablehlo.dot_general %wa, %wb, contracting_dims = [1] x [0] : (tensor<3x3xui64>, tensor<3x2xui64>) -> tensor<3x2xui64>
  return %r64, %r16, %r8, %r4, %r1, %r64u : tensor<2x2x2xi64>, tensor<3x2xi16>, tensor<3x2xui8>, tensor<3x2xi4>, tensor<3x2xi1>, tensor<3x2xui64>
}

func.func @dot_complex() -> (tensor<2x2xcomplex<f32>>, tensor<2x2xcomplex<f64>>) {
  %a = stablehlo.constant dense<[[(1.0, 2.0), (0.5, -1.0), (3.0, 0.0)], [(-1.0, 1.0), (2.0, 2.0), (0.0, -3.0)]]> : tensor<2x3xcomplex<f32>>
  %b = stablehlo.constant dense<[[(1.0, 0.0), (0.0, 1.0)], [(2.0, -1.0), (1.5, 0.5)], [(-1.0, -1.0), (0.25, 4.0)]]> : tensor<3x2xcomplex<f32>>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x3xcomplex<f32>>, tensor<3x2xcomplex<f32>>) -> tensor<2x2xcomplex<f32>>
  %a2 = stablehlo.convert %a : (tensor<2x3xcomplex<f32>>) -> tensor<2x3xcomplex<f64>>
  %b2 = stablehlo.convert %b : (tensor<3x2xcomplex<f32>>) -> tensor<3x2xcomplex<f64>>
  %r2 = stablehlo.dot_general %a2, %b2, contracting_dims = [1] x [0] : (tensor<2x3xcomplex<f64>>, tensor<3x2xcomplex<f64>>) -> tensor<2x2xcomplex<f64>>
  return %r, %r2 : tensor<2x2xcomplex<f32>>, tensor<2x2xcomplex<f64>>
}

// Mixed element types and results the GEMM has no kernel for.
func.func @dot_mixed_types() -> (tensor<4x6xf16>, tensor<4x6xcomplex<f64>>, tensor<4x6xf64>, tensor<4x6xbf16>) {
  %a = stablehlo.constant dense<[[-1, 1, -6], [2, -3, 5], [-2, -4, -3], [-1, 0, 0]]> : tensor<4x3xi8>
  %b0 = stablehlo.iota dim = 0 : tensor<3x6xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<3x6xf32>
  %b2 = stablehlo.multiply %b0, %b1 : tensor<3x6xf32>
  %b3 = stablehlo.sine %b2 : tensor<3x6xf32>
  %bh = stablehlo.convert %b3 : (tensor<3x6xf32>) -> tensor<3x6xf16>
  %ah = stablehlo.convert %a : (tensor<4x3xi8>) -> tensor<4x3xf16>
  %r0 = stablehlo.dot_general %ah, %bh, contracting_dims = [1] x [0] : (tensor<4x3xf16>, tensor<3x6xf16>) -> tensor<4x6xf16>
  %ac = stablehlo.convert %a : (tensor<4x3xi8>) -> tensor<4x3xcomplex<f64>>
  %bc = stablehlo.convert %b3 : (tensor<3x6xf32>) -> tensor<3x6xcomplex<f64>>
  %r1 = stablehlo.dot_general %ac, %bc, contracting_dims = [1] x [0] : (tensor<4x3xcomplex<f64>>, tensor<3x6xcomplex<f64>>) -> tensor<4x6xcomplex<f64>>
  %af = stablehlo.convert %a : (tensor<4x3xi8>) -> tensor<4x3xf32>
  %r2 = stablehlo.dot_general %af, %b3, contracting_dims = [1] x [0] : (tensor<4x3xf32>, tensor<3x6xf32>) -> tensor<4x6xf64>
  %r3 = stablehlo.dot_general %af, %b3, contracting_dims = [1] x [0] : (tensor<4x3xf32>, tensor<3x6xf32>) -> tensor<4x6xbf16>
  return %r0, %r1, %r2, %r3 : tensor<4x6xf16>, tensor<4x6xcomplex<f64>>, tensor<4x6xf64>, tensor<4x6xbf16>
}

func.func @dot_f8() -> (tensor<4xf8E4M3FN>, tensor<2x2xf8E5M2>) {
  %0 = stablehlo.constant dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf8E4M3FN>
  %r = stablehlo.dot_general %0, %0, contracting_dims = [] x [] : (tensor<4xf8E4M3FN>, tensor<4xf8E4M3FN>) -> tensor<4x4xf8E4M3FN>
  %s = stablehlo.slice %r [1:2, 0:4] : (tensor<4x4xf8E4M3FN>) -> tensor<1x4xf8E4M3FN>
  %t = stablehlo.reshape %s : (tensor<1x4xf8E4M3FN>) -> tensor<4xf8E4M3FN>
  %a = stablehlo.constant dense<[[1.5, -2.0, 0.75], [3.0, 0.5, -1.25]]> : tensor<2x3xf8E5M2>
  %b = stablehlo.constant dense<[[1.0, 2.0], [-0.5, 4.0], [6.0, 0.25]]> : tensor<3x2xf8E5M2>
  %p = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x3xf8E5M2>, tensor<3x2xf8E5M2>) -> tensor<2x2xf8E5M2>
  return %t, %p : tensor<4xf8E4M3FN>, tensor<2x2xf8E5M2>
}

// The algorithm's roundings: inputs to bf16 / tf32, sums in f16.
func.func @dot_algorithms() -> (tensor<3x5xf32>, tensor<3x5xf32>, tensor<3x5xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<3x20xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<3x20xf32>
  %a2 = stablehlo.multiply %a0, %a1 : tensor<3x20xf32>
  %a = stablehlo.sine %a2 : tensor<3x20xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<20x5xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<20x5xf32>
  %b2 = stablehlo.add %b0, %b1 : tensor<20x5xf32>
  %b = stablehlo.cosine %b2 : tensor<20x5xf32>
  %r0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0], algorithm = <lhs_precision_type = bf16, rhs_precision_type = bf16, accumulation_type = f32, lhs_component_count = 1, rhs_component_count = 1, num_primitive_operations = 1, allow_imprecise_accumulation = false> : (tensor<3x20xf32>, tensor<20x5xf32>) -> tensor<3x5xf32>
  %r1 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0], algorithm = <lhs_precision_type = tf32, rhs_precision_type = tf32, accumulation_type = f32, lhs_component_count = 1, rhs_component_count = 1, num_primitive_operations = 1, allow_imprecise_accumulation = false> : (tensor<3x20xf32>, tensor<20x5xf32>) -> tensor<3x5xf32>
  %r2 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0], algorithm = <lhs_precision_type = f32, rhs_precision_type = f32, accumulation_type = f16, lhs_component_count = 1, rhs_component_count = 1, num_primitive_operations = 1, allow_imprecise_accumulation = false> : (tensor<3x20xf32>, tensor<20x5xf32>) -> tensor<3x5xf32>
  return %r0, %r1, %r2 : tensor<3x5xf32>, tensor<3x5xf32>, tensor<3x5xf32>
}

// Empty dims: no contracting elements (zeros), an empty result.
func.func @dot_empty() -> (tensor<3x2xf32>, tensor<0x2xf32>, tensor<3x2xi32>) {
  %a = stablehlo.constant dense<> : tensor<3x0xf32>
  %b = stablehlo.constant dense<> : tensor<0x2xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<3x0xf32>, tensor<0x2xf32>) -> tensor<3x2xf32>
  check.expect_eq_const %r, dense<0.0> : tensor<3x2xf32>
  %c = stablehlo.constant dense<> : tensor<0x4xf32>
  %d = stablehlo.constant dense<1.0> : tensor<4x2xf32>
  %e = stablehlo.dot_general %c, %d, contracting_dims = [1] x [0] : (tensor<0x4xf32>, tensor<4x2xf32>) -> tensor<0x2xf32>
  %ia = stablehlo.constant dense<> : tensor<3x0xi32>
  %ib = stablehlo.constant dense<> : tensor<0x2xi32>
  %ir = stablehlo.dot_general %ia, %ib, contracting_dims = [1] x [0] : (tensor<3x0xi32>, tensor<0x2xi32>) -> tensor<3x2xi32>
  return %r, %e, %ir : tensor<3x2xf32>, tensor<0x2xf32>, tensor<3x2xi32>
}

// ---- einsum ------------------------------------------------------------------------

func.func @einsums() -> (tensor<4x2xf32>, tensor<2x3x5xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<f32>, tensor<2x3x5xi32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<2x3x4xf32>
  %a1 = stablehlo.iota dim = 2 : tensor<2x3x4xf32>
  %a2 = stablehlo.multiply %a0, %a1 : tensor<2x3x4xf32>
  %a3 = stablehlo.iota dim = 1 : tensor<2x3x4xf32>
  %a4 = stablehlo.add %a2, %a3 : tensor<2x3x4xf32>
  %a = stablehlo.sine %a4 : tensor<2x3x4xf32>
  %b0 = stablehlo.iota dim = 1 : tensor<2x4x5xf32>
  %b1 = stablehlo.iota dim = 2 : tensor<2x4x5xf32>
  %b2 = stablehlo.subtract %b0, %b1 : tensor<2x4x5xf32>
  %b = stablehlo.cosine %b2 : tensor<2x4x5xf32>
  %m = stablehlo.slice %a [0:1, 0:3, 0:4] : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  %m2 = stablehlo.reshape %m : (tensor<1x3x4xf32>) -> tensor<3x4xf32>
  %n = stablehlo.slice %b [0:1, 0:4, 0:2] : (tensor<2x4x5xf32>) -> tensor<1x4x2xf32>
  %n2 = stablehlo.reshape %n : (tensor<1x4x2xf32>) -> tensor<4x2xf32>
  // out = (A N)^T with the output's order: a GEMM whose C is transposed.
  %e0 = stablehlo.einsum %m2, %n2, config = "ij,jk->ki" : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<2x3xf32>
  %e0t = stablehlo.transpose %e0, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %e0r = stablehlo.einsum %e0t, %e0t, config = "ab,cb->ca" : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x3xf32>
  %e0s = stablehlo.slice %e0r [0:3, 0:2] : (tensor<3x3xf32>) -> tensor<3x2xf32>
  %e0u = stablehlo.einsum %e0s, %n2, config = "ib,kb->ki" : (tensor<3x2xf32>, tensor<4x2xf32>) -> tensor<4x3xf32>
  %e0v = stablehlo.slice %e0u [0:4, 0:2] : (tensor<4x3xf32>) -> tensor<4x2xf32>
  // batched, and a result order that does not fold (the GEMM writes a copy)
  %e1 = stablehlo.einsum %a, %b, config = "bij,bjk->ibk" : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<3x2x5xf32>
  %e1t = stablehlo.transpose %e1, dims = [1, 0, 2] : (tensor<3x2x5xf32>) -> tensor<2x3x5xf32>
  // diagonal, transpose, full sum: loop kernels
  %sq = stablehlo.slice %a [0:1, 0:3, 0:3] : (tensor<2x3x4xf32>) -> tensor<1x3x3xf32>
  %sq2 = stablehlo.reshape %sq : (tensor<1x3x3xf32>) -> tensor<3x3xf32>
  %e2 = stablehlo.unary_einsum %sq2, config = "ii->i" : (tensor<3x3xf32>) -> tensor<3xf32>
  %e3 = stablehlo.unary_einsum %m2, config = "ij->ij" : (tensor<3x4xf32>) -> tensor<3x4xf32>
  %e4 = stablehlo.einsum %m2, %m2, config = "ij,ij->" : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<f32>
  %ia = stablehlo.convert %a4 : (tensor<2x3x4xf32>) -> tensor<2x3x4xi32>
  %ib = stablehlo.convert %b2 : (tensor<2x4x5xf32>) -> tensor<2x4x5xi32>
  %e5 = stablehlo.einsum %ia, %ib, config = "...ij,...jk->...ik" : (tensor<2x3x4xi32>, tensor<2x4x5xi32>) -> tensor<2x3x5xi32>
  return %e0v, %e1t, %e2, %e3, %e4, %e5 : tensor<4x2xf32>, tensor<2x3x5xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<f32>, tensor<2x3x5xi32>
}

// ---- chlo.ragged_dot -------------------------------------------------------------

// Mode 2 (ragged contracting dim) and mode 3 (ragged batch dim, group sizes
// per batch and past the end), mode 1 without groups.
func.func @ragged_dot_modes() -> (tensor<3x4x5xf32>, tensor<4x3x5xi32>, tensor<4x5xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<4x7xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<4x7xf32>
  %a2 = stablehlo.multiply %a0, %a1 : tensor<4x7xf32>
  %a = stablehlo.sine %a2 : tensor<4x7xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<7x5xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<7x5xf32>
  %b2 = stablehlo.add %b0, %b1 : tensor<7x5xf32>
  %b = stablehlo.cosine %b2 : tensor<7x5xf32>
  %gs = stablehlo.constant dense<[2, 4, 3]> : tensor<3xi32>
  %r2 = "chlo.ragged_dot"(%a, %b, %gs) {
    ragged_dot_dimension_numbers = #chlo.ragged_dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [],
      lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0], lhs_ragged_dimensions = [1], rhs_group_dimensions = []>
  } : (tensor<4x7xf32>, tensor<7x5xf32>, tensor<3xi32>) -> tensor<3x4x5xf32>
  %i0 = stablehlo.iota dim = 0 : tensor<4x3x2xi32>
  %i1 = stablehlo.iota dim = 1 : tensor<4x3x2xi32>
  %i2 = stablehlo.iota dim = 2 : tensor<4x3x2xi32>
  %i3 = stablehlo.multiply %i0, %i1 : tensor<4x3x2xi32>
  %ia = stablehlo.subtract %i3, %i2 : tensor<4x3x2xi32>
  %j0 = stablehlo.iota dim = 0 : tensor<4x2x5xi32>
  %j1 = stablehlo.iota dim = 2 : tensor<4x2x5xi32>
  %ib = stablehlo.add %j0, %j1 : tensor<4x2x5xi32>
  %gb = stablehlo.constant dense<[1, 2]> : tensor<2xi64>
  %r3 = "chlo.ragged_dot"(%ia, %ib, %gb) {
    ragged_dot_dimension_numbers = #chlo.ragged_dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [0],
      lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [1], lhs_ragged_dimensions = [0], rhs_group_dimensions = []>
  } : (tensor<4x3x2xi32>, tensor<4x2x5xi32>, tensor<2xi64>) -> tensor<4x3x5xi32>
  %e = stablehlo.constant dense<> : tensor<0x7x5xf32>
  %g0 = stablehlo.constant dense<> : tensor<0xi32>
  %r1 = "chlo.ragged_dot"(%a, %e, %g0) {
    ragged_dot_dimension_numbers = #chlo.ragged_dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [],
      lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1], lhs_ragged_dimensions = [0], rhs_group_dimensions = [0]>
  } : (tensor<4x7xf32>, tensor<0x7x5xf32>, tensor<0xi32>) -> tensor<4x5xf32>
  return %r2, %r3, %r1 : tensor<3x4x5xf32>, tensor<4x3x5xi32>, tensor<4x5xf32>
}

// ---- convolution ---------------------------------------------------------------------

// NHWC x HWIO, padded and strided (the direct kernel's layout).
func.func @conv_nhwc_f32() -> tensor<2x5x4x6xf32> {
  %x0 = stablehlo.iota dim = 1 : tensor<2x9x8x5xf32>
  %x1 = stablehlo.iota dim = 2 : tensor<2x9x8x5xf32>
  %x2 = stablehlo.iota dim = 3 : tensor<2x9x8x5xf32>
  %x3 = stablehlo.iota dim = 0 : tensor<2x9x8x5xf32>
  %x4 = stablehlo.multiply %x0, %x1 : tensor<2x9x8x5xf32>
  %x5 = stablehlo.add %x4, %x2 : tensor<2x9x8x5xf32>
  %x6 = stablehlo.add %x5, %x3 : tensor<2x9x8x5xf32>
  %x = stablehlo.sine %x6 : tensor<2x9x8x5xf32>
  %w0 = stablehlo.iota dim = 0 : tensor<3x3x5x6xf32>
  %w1 = stablehlo.iota dim = 2 : tensor<3x3x5x6xf32>
  %w2 = stablehlo.iota dim = 3 : tensor<3x3x5x6xf32>
  %w3 = stablehlo.multiply %w1, %w2 : tensor<3x3x5x6xf32>
  %w4 = stablehlo.subtract %w3, %w0 : tensor<3x3x5x6xf32>
  %w = stablehlo.cosine %w4 : tensor<3x3x5x6xf32>
  %r = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[1, 1], [1, 0]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x9x8x5xf32>, tensor<3x3x5x6xf32>) -> tensor<2x5x4x6xf32>
  return %r : tensor<2x5x4x6xf32>
}

// NCHW x OIHW with dilations, negative padding, window reversal and
// feature groups; a permuted output layout.
func.func @conv_nchw_groups() -> (tensor<2x4x6x4xf32>, tensor<2x4x6x4xf64>, tensor<2x4x6x4xbf16>) {
  %x0 = stablehlo.iota dim = 2 : tensor<2x6x7x8xf32>
  %x1 = stablehlo.iota dim = 3 : tensor<2x6x7x8xf32>
  %x2 = stablehlo.iota dim = 1 : tensor<2x6x7x8xf32>
  %x3 = stablehlo.multiply %x0, %x2 : tensor<2x6x7x8xf32>
  %x4 = stablehlo.subtract %x3, %x1 : tensor<2x6x7x8xf32>
  %x = stablehlo.sine %x4 : tensor<2x6x7x8xf32>
  %w0 = stablehlo.iota dim = 0 : tensor<4x3x2x3xf32>
  %w1 = stablehlo.iota dim = 3 : tensor<4x3x2x3xf32>
  %w2 = stablehlo.iota dim = 1 : tensor<4x3x2x3xf32>
  %w3 = stablehlo.add %w0, %w1 : tensor<4x3x2x3xf32>
  %w4 = stablehlo.multiply %w3, %w2 : tensor<4x3x2x3xf32>
  %w = stablehlo.cosine %w4 : tensor<4x3x2x3xf32>
  %r = stablehlo.convolution(%x, %w) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 1, 0],
    window = {stride = [1, 2], pad = [[2, -1], [0, 1]], lhs_dilate = [1, 1], rhs_dilate = [2, 1], reverse = [true, false]}
    {batch_group_count = 1 : i64, feature_group_count = 2 : i64}
    : (tensor<2x6x7x8xf32>, tensor<4x3x2x3xf32>) -> tensor<2x4x4x6xf32>
  %rt = stablehlo.transpose %r, dims = [0, 1, 3, 2] : (tensor<2x4x4x6xf32>) -> tensor<2x4x6x4xf32>
  %xd = stablehlo.convert %x : (tensor<2x6x7x8xf32>) -> tensor<2x6x7x8xf64>
  %wd = stablehlo.convert %w : (tensor<4x3x2x3xf32>) -> tensor<4x3x2x3xf64>
  %rd = stablehlo.convolution(%xd, %wd) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 2], pad = [[2, -1], [0, 1]], rhs_dilate = [2, 1], reverse = [true, false]}
    {batch_group_count = 1 : i64, feature_group_count = 2 : i64}
    : (tensor<2x6x7x8xf64>, tensor<4x3x2x3xf64>) -> tensor<2x4x6x4xf64>
  %xb = stablehlo.convert %x : (tensor<2x6x7x8xf32>) -> tensor<2x6x7x8xbf16>
  %wb = stablehlo.convert %w : (tensor<4x3x2x3xf32>) -> tensor<4x3x2x3xbf16>
  %rb = stablehlo.convolution(%xb, %wb) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 2], pad = [[2, -1], [0, 1]], rhs_dilate = [2, 1], reverse = [false, true]}
    {batch_group_count = 1 : i64, feature_group_count = 2 : i64}
    : (tensor<2x6x7x8xbf16>, tensor<4x3x2x3xbf16>) -> tensor<2x4x6x4xbf16>
  return %rt, %rd, %rb : tensor<2x4x6x4xf32>, tensor<2x4x6x4xf64>, tensor<2x4x6x4xbf16>
}

// Batch groups (the weight-gradient form), lhs dilation (the input-gradient
// form), depthwise, 1-D and 3-D.
func.func @conv_forms() -> (tensor<1x3x3x4xf32>, tensor<1x11x11x2xf16>, tensor<1x6x6x4xf32>, tensor<2x3x5xf32>, tensor<1x2x2x2x2xf32>) {
  %x0 = stablehlo.iota dim = 1 : tensor<4x5x5x2xf32>
  %x1 = stablehlo.iota dim = 0 : tensor<4x5x5x2xf32>
  %x2 = stablehlo.iota dim = 2 : tensor<4x5x5x2xf32>
  %x3 = stablehlo.multiply %x0, %x1 : tensor<4x5x5x2xf32>
  %x4 = stablehlo.add %x3, %x2 : tensor<4x5x5x2xf32>
  %x = stablehlo.sine %x4 : tensor<4x5x5x2xf32>
  %w0 = stablehlo.iota dim = 3 : tensor<3x3x2x4xf32>
  %w1 = stablehlo.iota dim = 0 : tensor<3x3x2x4xf32>
  %w2 = stablehlo.add %w0, %w1 : tensor<3x3x2x4xf32>
  %w = stablehlo.cosine %w2 : tensor<3x3x2x4xf32>
  // batch_group_count 4 = output features: each output feature sees one batch.
  %bg = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1], pad = [[0, 0], [0, 0]]} {batch_group_count = 4 : i64, feature_group_count = 1 : i64}
    : (tensor<4x5x5x2xf32>, tensor<3x3x2x4xf32>) -> tensor<1x3x3x4xf32>
  %xs = stablehlo.slice %x [0:1, 0:5, 0:5, 0:2] : (tensor<4x5x5x2xf32>) -> tensor<1x5x5x2xf32>
  %xh = stablehlo.convert %xs : (tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf16>
  %ws = stablehlo.slice %w [0:3, 0:3, 0:2, 0:2] : (tensor<3x3x2x4xf32>) -> tensor<3x3x2x2xf32>
  %wh = stablehlo.convert %ws : (tensor<3x3x2x2xf32>) -> tensor<3x3x2x2xf16>
  %ld = stablehlo.convolution(%xh, %wh) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1], pad = [[2, 2], [2, 2]], lhs_dilate = [2, 2], reverse = [true, true]}
    {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x5x5x2xf16>, tensor<3x3x2x2xf16>) -> tensor<1x11x11x2xf16>
  %wd = stablehlo.slice %w [0:2, 0:2, 0:1, 0:4] : (tensor<3x3x2x4xf32>) -> tensor<2x2x1x4xf32>
  %dw = stablehlo.convolution(%xs, %wd) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 2 : i64}
    : (tensor<1x5x5x2xf32>, tensor<2x2x1x4xf32>) -> tensor<1x6x6x4xf32>
  %y = stablehlo.slice %x [0:2, 0:5, 0:1, 0:2] : (tensor<4x5x5x2xf32>) -> tensor<2x5x1x2xf32>
  %y1 = stablehlo.reshape %y : (tensor<2x5x1x2xf32>) -> tensor<2x5x2xf32>
  %v = stablehlo.slice %w [0:1, 0:3, 0:2, 0:3] : (tensor<3x3x2x4xf32>) -> tensor<1x3x2x3xf32>
  %v1 = stablehlo.reshape %v : (tensor<1x3x2x3xf32>) -> tensor<3x2x3xf32>
  %c1 = stablehlo.convolution(%y1, %v1) dim_numbers = [b, 0, f]x[0, i, o]->[b, f, 0],
    window = {stride = [1], pad = [[1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<2x5x2xf32>, tensor<3x2x3xf32>) -> tensor<2x3x5xf32>
  %z = stablehlo.reshape %xs : (tensor<1x5x5x2xf32>) -> tensor<1x5x5x2x1xf32>
  %z1 = stablehlo.slice %z [0:1, 0:3, 0:3, 0:2, 0:1] : (tensor<1x5x5x2x1xf32>) -> tensor<1x3x3x2x1xf32>
  %u = stablehlo.slice %w [0:2, 0:2, 0:1, 0:2] : (tensor<3x3x2x4xf32>) -> tensor<2x2x1x2xf32>
  %u1 = stablehlo.reshape %u : (tensor<2x2x1x2xf32>) -> tensor<2x2x1x1x2xf32>
  %c3 = stablehlo.convolution(%z1, %u1) dim_numbers = [b, 0, 1, 2, f]x[0, 1, 2, i, o]->[b, 0, 1, 2, f],
    window = {stride = [1, 1, 2], pad = [[0, 0], [0, 0], [0, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x3x3x2x1xf32>, tensor<2x2x1x1x2xf32>) -> tensor<1x2x2x2x2xf32>
  return %bg, %ld, %dw, %c1, %c3 : tensor<1x3x3x4xf32>, tensor<1x11x11x2xf16>, tensor<1x6x6x4xf32>, tensor<2x3x5xf32>, tensor<1x2x2x2x2xf32>
}

// Integer, boolean and complex convolutions; dynamic_conv with a constant
// and a computed padding.
func.func @conv_types() -> (tensor<1x3x3x2xi32>, tensor<1x3x3x2xui8>, tensor<1x3x3x2xi1>, tensor<1x3x3x2xcomplex<f32>>, tensor<1x2x2x1xi64>, tensor<1x2x1x1xi64>) {
  %x0 = stablehlo.iota dim = 1 : tensor<1x5x5x2xi32>
  %x1 = stablehlo.iota dim = 2 : tensor<1x5x5x2xi32>
  %x2 = stablehlo.iota dim = 3 : tensor<1x5x5x2xi32>
  %x3 = stablehlo.multiply %x0, %x1 : tensor<1x5x5x2xi32>
  %x = stablehlo.subtract %x3, %x2 : tensor<1x5x5x2xi32>
  %w0 = stablehlo.iota dim = 0 : tensor<3x3x2x2xi32>
  %w1 = stablehlo.iota dim = 3 : tensor<3x3x2x2xi32>
  %w = stablehlo.subtract %w0, %w1 : tensor<3x3x2x2xi32>
  %ri = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x5x5x2xi32>, tensor<3x3x2x2xi32>) -> tensor<1x3x3x2xi32>
  %xu = stablehlo.convert %x : (tensor<1x5x5x2xi32>) -> tensor<1x5x5x2xui8>
  %wu = stablehlo.convert %w : (tensor<3x3x2x2xi32>) -> tensor<3x3x2x2xui8>
  %ru = stablehlo.convolution(%xu, %wu) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x5x5x2xui8>, tensor<3x3x2x2xui8>) -> tensor<1x3x3x2xui8>
  %zero = stablehlo.constant dense<0> : tensor<1x5x5x2xi32>
  %xb = stablehlo.compare GT, %x, %zero : (tensor<1x5x5x2xi32>, tensor<1x5x5x2xi32>) -> tensor<1x5x5x2xi1>
  %wz = stablehlo.constant dense<0> : tensor<3x3x2x2xi32>
  %wb = stablehlo.compare GT, %w, %wz : (tensor<3x3x2x2xi32>, tensor<3x3x2x2xi32>) -> tensor<3x3x2x2xi1>
  %rb = stablehlo.convolution(%xb, %wb) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x5x5x2xi1>, tensor<3x3x2x2xi1>) -> tensor<1x3x3x2xi1>
  %xf = stablehlo.convert %x : (tensor<1x5x5x2xi32>) -> tensor<1x5x5x2xf32>
  %xs = stablehlo.sine %xf : tensor<1x5x5x2xf32>
  %xc = stablehlo.complex %xf, %xs : tensor<1x5x5x2xcomplex<f32>>
  %wc = stablehlo.convert %w : (tensor<3x3x2x2xi32>) -> tensor<3x3x2x2xcomplex<f32>>
  %rc = stablehlo.convolution(%xc, %wc) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x5x5x2xcomplex<f32>>, tensor<3x3x2x2xcomplex<f32>>) -> tensor<1x3x3x2xcomplex<f32>>
  %lhs = stablehlo.constant dense<[[[[1], [2], [5], [6]], [[3], [4], [7], [8]], [[10], [11], [14], [15]], [[12], [13], [16], [17]]]]> : tensor<1x4x4x1xi64>
  %rhs = stablehlo.constant dense<1> : tensor<3x3x1x1xi64>
  %padding = stablehlo.constant dense<1> : tensor<2x2xi64>
  %d0 = "stablehlo.dynamic_conv"(%lhs, %rhs, %padding) {
    window_strides = array<i64: 4, 4>, lhs_dilation = array<i64: 2, 2>, rhs_dilation = array<i64: 1, 1>,
    window_reversal = array<i1: false, false>, dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>,
    batch_group_count = 1 : i64, feature_group_count = 1 : i64
  } : (tensor<1x4x4x1xi64>, tensor<3x3x1x1xi64>, tensor<2x2xi64>) -> tensor<1x2x2x1xi64>
  check.expect_eq_const %d0, dense<[[[[1], [5]], [[10], [14]]]]> : tensor<1x2x2x1xi64>
  %p0 = stablehlo.iota dim = 1 : tensor<2x2xi64>
  %p1 = stablehlo.iota dim = 0 : tensor<2x2xi64>
  %p2 = stablehlo.subtract %p0, %p1 : tensor<2x2xi64>
  %d1 = "stablehlo.dynamic_conv"(%lhs, %rhs, %p2) {
    window_strides = array<i64: 2, 2>, lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
    window_reversal = array<i1: false, true>, dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>,
    batch_group_count = 1 : i64, feature_group_count = 1 : i64
  } : (tensor<1x4x4x1xi64>, tensor<3x3x1x1xi64>, tensor<2x2xi64>) -> tensor<1x2x1x1xi64>
  return %ri, %ru, %rb, %rc, %d0, %d1 : tensor<1x3x3x2xi32>, tensor<1x3x3x2xui8>, tensor<1x3x3x2xi1>, tensor<1x3x3x2xcomplex<f32>>, tensor<1x2x2x1xi64>, tensor<1x2x1x1xi64>
}

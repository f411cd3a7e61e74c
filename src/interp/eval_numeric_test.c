// Hand-computed cases for the numeric op families: dot_general, convolution,
// cholesky, triangular_solve, fft, rng_bit_generator, batch_norm_* and CHLO.
#include "cx_test.h"
#include "interp/interp_test_util.h"

CX_TEST(dot_general_integer_wraps_and_bool_is_or_of_and) {
  // 100*2 + 100*1 = 300 wraps to 44 in i8; 2^63 * 2 wraps to 0 in ui64.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[100, 100]> : tensor<2xi8>\n"
      "  %b = stablehlo.constant dense<[2, 1]> : tensor<2xi8>\n"
      "  %r = stablehlo.dot_general %a, %b, contracting_dims = [0] x [0] : "
      "(tensor<2xi8>, tensor<2xi8>) -> tensor<i8>\n"
      "  check.expect_eq_const %r, dense<44> : tensor<i8>\n"
      "  %c = stablehlo.constant dense<[9223372036854775808]> : tensor<1xui64>\n"
      "  %d = stablehlo.constant dense<[2]> : tensor<1xui64>\n"
      "  %s = stablehlo.dot_general %c, %d, contracting_dims = [0] x [0] : "
      "(tensor<1xui64>, tensor<1xui64>) -> tensor<ui64>\n"
      "  check.expect_eq_const %s, dense<0> : tensor<ui64>\n"
      "  func.return\n"
      "}\n");
  // Two true products must give true, not 2 wrapped to 0.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[[true, true], [false, false]]> : tensor<2x2xi1>\n"
      "  %b = stablehlo.constant dense<[true, true]> : tensor<2xi1>\n"
      "  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : "
      "(tensor<2x2xi1>, tensor<2xi1>) -> tensor<2xi1>\n"
      "  check.expect_eq_const %r, dense<[true, false]> : tensor<2xi1>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(dot_general_batching_in_any_dimension_order) {
  // result[b] = sum_k lhs[k][b] * rhs[b][k]: [1*5 + 3*6, 2*7 + 4*8].
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>\n"
      "  %b = stablehlo.constant dense<[[5, 6], [7, 8]]> : tensor<2x2xi32>\n"
      "  %r = stablehlo.dot_general %a, %b, batching_dims = [1] x [0], "
      "contracting_dims = [0] x [1] : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2xi32>\n"
      "  check.expect_eq_const %r, dense<[23, 46]> : tensor<2xi32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(dot_general_accumulation_precision_and_algorithm) {
  // f32 results accumulate in f32: 1e8 + 1 rounds back to 1e8. f64 keeps it.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1.0e8, 1.0, -1.0e8]> : tensor<3xf32>\n"
      "  %b = stablehlo.constant dense<1.0> : tensor<3xf32>\n"
      "  %r = stablehlo.dot_general %a, %b, contracting_dims = [0] x [0] : "
      "(tensor<3xf32>, tensor<3xf32>) -> tensor<f32>\n"
      "  check.expect_eq_const %r, dense<0.0> : tensor<f32>\n"
      "  %c = stablehlo.constant dense<[1.0e8, 1.0, -1.0e8]> : tensor<3xf64>\n"
      "  %d = stablehlo.constant dense<1.0> : tensor<3xf64>\n"
      "  %s = stablehlo.dot_general %c, %d, contracting_dims = [0] x [0] : "
      "(tensor<3xf64>, tensor<3xf64>) -> tensor<f64>\n"
      "  check.expect_eq_const %s, dense<1.0> : tensor<f64>\n"
      "  func.return\n"
      "}\n");
  // bf16 precision types round 1 + 2^-8 to 1 (a tie, to even) before use.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[1.00390625]> : tensor<1xf32>\n"
      "  %b = stablehlo.constant dense<[1.0]> : tensor<1xf32>\n"
      "  %r = stablehlo.dot_general %a, %b, contracting_dims = [0] x [0], algorithm = <\n"
      "    lhs_precision_type = bf16, rhs_precision_type = bf16, accumulation_type = f32,\n"
      "    lhs_component_count = 1, rhs_component_count = 1, num_primitive_operations = 1,\n"
      "    allow_imprecise_accumulation = false> : (tensor<1xf32>, tensor<1xf32>) -> tensor<f32>\n"
      "  check.expect_eq_const %r, dense<1.0> : tensor<f32>\n"
      "  %s = stablehlo.dot_general %a, %b, contracting_dims = [0] x [0] : "
      "(tensor<1xf32>, tensor<1xf32>) -> tensor<f32>\n"
      "  check.expect_eq_const %s, dense<1.00390625> : tensor<f32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(convolution_padding_reversal_and_dilations) {
  // x = [1, 2, 3, 4, 5], kernel [1, 10].
  const char* prologue =
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[[[1], [2], [3], [4], [5]]]> : tensor<1x5x1xi32>\n"
      "  %k = stablehlo.constant dense<[[[1]], [[10]]]> : tensor<2x1x1xi32>\n";
  char buf[2048];
  // Negative padding drops the first element: windows [2,3], [3,4], [4,5].
  snprintf(buf, sizeof(buf),
           "%s  %%r = stablehlo.convolution(%%x, %%k) dim_numbers = [b, 0, f]x[0, i, o]->[b, 0, f],"
           " window = {pad = [[-1, 0]]} {batch_group_count = 1 : i64, feature_group_count = 1 : "
           "i64} : (tensor<1x5x1xi32>, tensor<2x1x1xi32>) -> tensor<1x3x1xi32>\n"
           "  check.expect_eq_const %%r, dense<[[[32], [43], [54]]]> : tensor<1x3x1xi32>\n"
           "  func.return\n}\n",
           prologue);
  CX_EXPECT_MLIR_OK(buf);
  // Window reversal: [1,2] reversed is [2,1], dot [1,10] = 12, ...
  snprintf(buf, sizeof(buf),
           "%s  %%r = stablehlo.convolution(%%x, %%k) dim_numbers = [b, 0, f]x[0, i, o]->[b, 0, f],"
           " window = {reverse = [true]} {batch_group_count = 1 : i64, feature_group_count = 1 : "
           "i64} : (tensor<1x5x1xi32>, tensor<2x1x1xi32>) -> tensor<1x4x1xi32>\n"
           "  check.expect_eq_const %%r, dense<[[[12], [23], [34], [45]]]> : tensor<1x4x1xi32>\n"
           "  func.return\n}\n",
           prologue);
  CX_EXPECT_MLIR_OK(buf);
  // rhs dilation 2: x[i] + 10 x[i+2].
  snprintf(buf, sizeof(buf),
           "%s  %%r = stablehlo.convolution(%%x, %%k) dim_numbers = [b, 0, f]x[0, i, o]->[b, 0, f],"
           " window = {rhs_dilate = [2]} {batch_group_count = 1 : i64, feature_group_count = 1 : "
           "i64} : (tensor<1x5x1xi32>, tensor<2x1x1xi32>) -> tensor<1x3x1xi32>\n"
           "  check.expect_eq_const %%r, dense<[[[31], [42], [53]]]> : tensor<1x3x1xi32>\n"
           "  func.return\n}\n",
           prologue);
  CX_EXPECT_MLIR_OK(buf);
  // lhs dilation 2 gives [1,0,2,0,3,0,4,0,5]; windows at 0, 3, 6 (stride 3):
  // [1,0] -> 1, [0,3] -> 30, [4,0] -> 4.
  snprintf(buf, sizeof(buf),
           "%s  %%r = stablehlo.convolution(%%x, %%k) dim_numbers = [b, 0, f]x[0, i, o]->[b, 0, f],"
           " window = {stride = [3], lhs_dilate = [2]} {batch_group_count = 1 : i64, "
           "feature_group_count = 1 : i64} : (tensor<1x5x1xi32>, tensor<2x1x1xi32>) -> "
           "tensor<1x3x1xi32>\n"
           "  check.expect_eq_const %%r, dense<[[[1], [30], [4]]]> : tensor<1x3x1xi32>\n"
           "  func.return\n}\n",
           prologue);
  CX_EXPECT_MLIR_OK(buf);
}

CX_TEST(cholesky_lower_upper_complex_and_not_positive_definite) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[[4.0, 2.0], [2.0, 3.0]]> : tensor<2x2xf64>\n"
      "  %l = \"stablehlo.cholesky\"(%a) {lower = true} : (tensor<2x2xf64>) -> tensor<2x2xf64>\n"
      "  check.expect_almost_eq_const %l, dense<[[2.0, 0.0], [1.0, 1.4142135623730951]]> : "
      "tensor<2x2xf64>\n"
      "  %u = \"stablehlo.cholesky\"(%a) {lower = false} : (tensor<2x2xf64>) -> tensor<2x2xf64>\n"
      "  check.expect_almost_eq_const %u, dense<[[2.0, 1.0], [0.0, 1.4142135623730951]]> : "
      "tensor<2x2xf64>\n"
      "  %n = stablehlo.constant dense<[[1.0, 2.0], [2.0, 1.0]]> : tensor<2x2xf32>\n"
      "  %m = \"stablehlo.cholesky\"(%n) {lower = true} : (tensor<2x2xf32>) -> tensor<2x2xf32>\n"
      "  check.expect_eq_const %m, dense<0x7FC00000> : tensor<2x2xf32>\n"
      "  %c = stablehlo.constant dense<[[(2.0, 0.0), (0.0, -1.0)], [(0.0, 1.0), (2.0, 0.0)]]> : "
      "tensor<2x2xcomplex<f64>>\n"
      "  %lc = \"stablehlo.cholesky\"(%c) {lower = true} : (tensor<2x2xcomplex<f64>>) -> "
      "tensor<2x2xcomplex<f64>>\n"
      "  check.expect_almost_eq_const %lc, dense<[[(1.4142135623730951, 0.0), (0.0, 0.0)], "
      "[(0.0, 0.70710678118654757), (1.2247448713915889, 0.0)]]> : tensor<2x2xcomplex<f64>>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(triangular_solve_right_side_transpose_unit_and_batch) {
  // x a^T = b with a = [[2,0],[1,4]]: [2 x0, x0 + 4 x1] = [1, 2].
  // Batch 1 is the identity, so x = b there.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[[[2.0, 0.0], [1.0, 4.0]], [[1.0, 0.0], [0.0, 1.0]]]> : "
      "tensor<2x2x2xf32>\n"
      "  %b = stablehlo.constant dense<[[[1.0, 2.0]], [[3.0, 5.0]]]> : tensor<2x1x2xf32>\n"
      "  %x = \"stablehlo.triangular_solve\"(%a, %b) {left_side = false, lower = true, "
      "unit_diagonal = false, transpose_a = #stablehlo<transpose TRANSPOSE>} : "
      "(tensor<2x2x2xf32>, tensor<2x1x2xf32>) -> tensor<2x1x2xf32>\n"
      "  check.expect_almost_eq_const %x, dense<[[[0.5, 0.375]], [[3.0, 5.0]]]> : "
      "tensor<2x1x2xf32>\n"
      "  %u = stablehlo.constant dense<[[5.0, 9.0], [3.0, 7.0]]> : tensor<2x2xf32>\n"
      "  %c = stablehlo.constant dense<[[1.0], [5.0]]> : tensor<2x1xf32>\n"
      "  %y = \"stablehlo.triangular_solve\"(%u, %c) {left_side = true, lower = true, "
      "unit_diagonal = true, transpose_a = #stablehlo<transpose NO_TRANSPOSE>} : "
      "(tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>\n"
      "  check.expect_eq_const %y, dense<[[1.0], [2.0]]> : tensor<2x1xf32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(fft_all_types_exact_on_small_sizes) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[(1.0, 0.0), (2.0, 0.0), (3.0, 0.0), (4.0, 0.0)]> : "
      "tensor<4xcomplex<f64>>\n"
      "  %f = stablehlo.fft %x, type = FFT, length = [4] : (tensor<4xcomplex<f64>>) -> "
      "tensor<4xcomplex<f64>>\n"
      "  check.expect_eq_const %f, dense<[(10.0, 0.0), (-2.0, 2.0), (-2.0, 0.0), (-2.0, -2.0)]> "
      ": tensor<4xcomplex<f64>>\n"
      "  %i = stablehlo.fft %f, type = IFFT, length = [4] : (tensor<4xcomplex<f64>>) -> "
      "tensor<4xcomplex<f64>>\n"
      "  check.expect_eq_const %i, dense<[(1.0, 0.0), (2.0, 0.0), (3.0, 0.0), (4.0, 0.0)]> : "
      "tensor<4xcomplex<f64>>\n"
      "  %r = stablehlo.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>\n"
      "  %rf = stablehlo.fft %r, type = RFFT, length = [4] : (tensor<4xf32>) -> "
      "tensor<3xcomplex<f32>>\n"
      "  check.expect_eq_const %rf, dense<[(10.0, 0.0), (-2.0, 2.0), (-2.0, 0.0)]> : "
      "tensor<3xcomplex<f32>>\n"
      "  %ri = stablehlo.fft %rf, type = IRFFT, length = [4] : (tensor<3xcomplex<f32>>) -> "
      "tensor<4xf32>\n"
      "  check.expect_eq_const %ri, dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>\n"
      "  %o = stablehlo.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>\n"
      "  %of = stablehlo.fft %o, type = RFFT, length = [3] : (tensor<3xf64>) -> "
      "tensor<2xcomplex<f64>>\n"
      "  %oi = stablehlo.fft %of, type = IRFFT, length = [3] : (tensor<2xcomplex<f64>>) -> "
      "tensor<3xf64>\n"
      "  check.expect_almost_eq_const %oi, dense<[1.0, 2.0, 3.0]> : tensor<3xf64>\n"
      "  %m = stablehlo.constant dense<[[(1.0, 0.0), (2.0, 0.0)], [(3.0, 0.0), (4.0, 0.0)]]> : "
      "tensor<2x2xcomplex<f32>>\n"
      "  %mf = stablehlo.fft %m, type = FFT, length = [2, 2] : (tensor<2x2xcomplex<f32>>) -> "
      "tensor<2x2xcomplex<f32>>\n"
      "  check.expect_eq_const %mf, dense<[[(10.0, 0.0), (-2.0, 0.0)], [(-4.0, 0.0), (0.0, 0.0)]]>"
      " : tensor<2x2xcomplex<f32>>\n"
      // The radix-2 path (n >= 64): the transform of all ones is a spike.
      "  %one = stablehlo.constant dense<(1.0, 0.0)> : tensor<64xcomplex<f64>>\n"
      "  %sp = stablehlo.fft %one, type = FFT, length = [64] : (tensor<64xcomplex<f64>>) -> "
      "tensor<64xcomplex<f64>>\n"
      "  %s0 = stablehlo.slice %sp [0:2] : (tensor<64xcomplex<f64>>) -> tensor<2xcomplex<f64>>\n"
      "  check.expect_almost_eq_const %s0, dense<[(64.0, 0.0), (0.0, 0.0)]> : "
      "tensor<2xcomplex<f64>>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(rng_bit_generator_matches_random123_known_answers) {
  // Threefry2x32-20 of counter 0 with key 0 is (0x6b200159, 0x99ba4efe);
  // a 64-bit output packs them low word first.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %s = stablehlo.constant dense<[0, 0]> : tensor<2xui64>\n"
      "  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : "
      "(tensor<2xui64>) -> (tensor<2xui64>, tensor<ui64>)\n"
      "  check.expect_eq_const %v, dense<11077253088097075545> : tensor<ui64>\n"
      "  check.expect_eq_const %ns, dense<[0, 1]> : tensor<2xui64>\n"
      "  %ns2, %w = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : "
      "(tensor<2xui64>) -> (tensor<2xui64>, tensor<2xui32>)\n"
      "  check.expect_eq_const %w, dense<[1797259609, 2579123966]> : tensor<2xui32>\n"
      "  check.expect_eq_const %ns2, dense<[0, 1]> : tensor<2xui64>\n"
      "  func.return\n"
      "}\n");
  // Philox4x32-10 with Random123's third test vector; DEFAULT is PHILOX.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %s = stablehlo.constant dense<[2999170649027065890, 9629550131187509896, "
      "247824715720788526]> : tensor<3xui64>\n"
      "  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : "
      "(tensor<3xui64>) -> (tensor<3xui64>, tensor<4xui32>)\n"
      "  check.expect_eq_const %v, dense<[3513581065, 2499661035, 1342301216, 605187745]> : "
      "tensor<4xui32>\n"
      "  check.expect_eq_const %ns, dense<[2999170649027065890, 9629550131187509897, "
      "247824715720788526]> : tensor<3xui64>\n"
      "  %ns2, %w = stablehlo.rng_bit_generator %s, algorithm = DEFAULT : "
      "(tensor<3xui64>) -> (tensor<3xui64>, tensor<4xui32>)\n"
      "  check.expect_eq_const %w, dense<[3513581065, 2499661035, 1342301216, 605187745]> : "
      "tensor<4xui32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(batch_norm_spec_examples) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[3.0, 4.0], [1.0, 2.0]]]> : "
      "tensor<2x2x2xf32>\n"
      "  %one = stablehlo.constant dense<1.0> : tensor<2xf32>\n"
      "  %m = stablehlo.constant dense<[2.0, 3.0]> : tensor<2xf32>\n"
      "  %g = stablehlo.constant dense<0.1> : tensor<2x2x2xf32>\n"
      "  %t:3 = \"stablehlo.batch_norm_training\"(%x, %one, %one) {epsilon = 0.0 : f32, "
      "feature_index = 2 : i64} : (tensor<2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> "
      "(tensor<2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)\n"
      "  check.expect_almost_eq_const %t#0, dense<[[[0.0, 0.0], [2.0, 2.0]], [[2.0, 2.0], "
      "[0.0, 0.0]]]> : tensor<2x2x2xf32>\n"
      "  check.expect_almost_eq_const %t#1, dense<[2.0, 3.0]> : tensor<2xf32>\n"
      "  check.expect_almost_eq_const %t#2, dense<[1.0, 1.0]> : tensor<2xf32>\n"
      "  %i = \"stablehlo.batch_norm_inference\"(%x, %one, %one, %m, %one) {epsilon = 0.0 : "
      "f32, feature_index = 2 : i64} : (tensor<2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, "
      "tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x2xf32>\n"
      "  check.expect_almost_eq_const %i, dense<[[[0.0, 0.0], [2.0, 2.0]], [[2.0, 2.0], "
      "[0.0, 0.0]]]> : tensor<2x2x2xf32>\n"
      "  %d:3 = \"stablehlo.batch_norm_grad\"(%x, %one, %m, %one, %g) {epsilon = 0.0 : f32, "
      "feature_index = 2 : i64} : (tensor<2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, "
      "tensor<2xf32>, tensor<2x2x2xf32>) -> (tensor<2x2x2xf32>, tensor<2xf32>, tensor<2xf32>)\n"
      "  check.expect_almost_eq_const %d#0, dense<0.0> : tensor<2x2x2xf32>\n"
      "  check.expect_almost_eq_const %d#1, dense<0.0> : tensor<2xf32>\n"
      "  check.expect_almost_eq_const %d#2, dense<0.4> : tensor<2xf32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(chlo_special_functions) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[1.0, -0.5, 0.0]> : tensor<3xf64>\n"
      "  %d = chlo.digamma %x : tensor<3xf64> -> tensor<3xf64>\n"
      "  check.expect_almost_eq_const %d, dense<[-0.57721566490153286, 0.036489973978576521, "
      "0x7FF8000000000000]> : tensor<3xf64>\n"
      "  %n = stablehlo.constant dense<[1.0, 2.0, 0.5]> : tensor<3xf64>\n"
      "  %y = stablehlo.constant dense<[1.0, 0.3, 1.0]> : tensor<3xf64>\n"
      "  %p = chlo.polygamma %n, %y : tensor<3xf64>, tensor<3xf64> -> tensor<3xf64>\n"
      "  check.expect_almost_eq_const %p, dense<[1.6449340668482264, -75.272536588726039, "
      "0x7FF8000000000000]> : tensor<3xf64>\n"
      "  %s = stablehlo.constant dense<[2.0, 3.0]> : tensor<2xf64>\n"
      "  %q = stablehlo.constant dense<[1.0, 2.5]> : tensor<2xf64>\n"
      "  %z = chlo.zeta %s, %q : tensor<2xf64>, tensor<2xf64> -> tensor<2xf64>\n"
      "  check.expect_almost_eq_const %z, dense<[1.6449340668482264, 0.11810202582086370]> : "
      "tensor<2xf64>\n"
      "  %e = stablehlo.constant dense<[0.5, 0.999999, -0.1, 1.0]> : tensor<4xf64>\n"
      "  %ei = chlo.erf_inv %e : tensor<4xf64> -> tensor<4xf64>\n"
      "  check.expect_almost_eq_const %ei, dense<[0.47693627620446987, 3.4589107372754988, "
      "-0.088855990494257692, 0x7FF0000000000000]> : tensor<4xf64>\n"
      "  %b = stablehlo.constant dense<[1.0, 100.0, -3.0]> : tensor<3xf64>\n"
      "  %bi = chlo.bessel_i1e %b : tensor<3xf64> -> tensor<3xf64>\n"
      "  check.expect_almost_eq_const %bi, dense<[0.20791041534970845, 0.039744153025130253, "
      "-0.19682671329730085]> : tensor<3xf64>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(chlo_integer_and_bit_level_ops) {
  // mulhi: 2^62 * 4 = 2^64 has high word 1; (2^64-1)^2 has high word 2^64-2.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[4611686018427387904, -4611686018427387904]> : "
      "tensor<2xi64>\n"
      "  %b = stablehlo.constant dense<4> : tensor<2xi64>\n"
      "  %h = \"chlo.mulhi\"(%a, %b) : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>\n"
      "  check.expect_eq_const %h, dense<[1, -1]> : tensor<2xi64>\n"
      "  %c = stablehlo.constant dense<18446744073709551615> : tensor<1xui64>\n"
      "  %u = \"chlo.mulhi\"(%c, %c) : (tensor<1xui64>, tensor<1xui64>) -> tensor<1xui64>\n"
      "  check.expect_eq_const %u, dense<18446744073709551614> : tensor<1xui64>\n"
      "  func.return\n"
      "}\n");
  // next_after in f16 and in a format without -0 (whose -0 pattern is NaN).
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[1.0, 0.0, 0.0]> : tensor<3xf16>\n"
      "  %y = stablehlo.constant dense<[2.0, -1.0, 0.0]> : tensor<3xf16>\n"
      "  %n = chlo.next_after %x, %y : tensor<3xf16>, tensor<3xf16> -> tensor<3xf16>\n"
      "  check.expect_eq_const %n, dense<[1.0009765625, -5.9604644775390625E-8, 0.0]> : "
      "tensor<3xf16>\n"
      "  %a = stablehlo.constant dense<[9.765625E-4]> : tensor<1xf8E4M3FNUZ>\n"
      "  %b = stablehlo.constant dense<[-1.0]> : tensor<1xf8E4M3FNUZ>\n"
      "  %m = chlo.next_after %a, %b : tensor<1xf8E4M3FNUZ>, tensor<1xf8E4M3FNUZ> -> "
      "tensor<1xf8E4M3FNUZ>\n"
      "  check.expect_eq_const %m, dense<[0.0]> : tensor<1xf8E4M3FNUZ>\n"
      "  func.return\n"
      "}\n");
  // top_k: NaN sorts above everything (total order); ties keep index order.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<[3.0, 0x7FC00000, 3.0, 0xFF800000, 5.0]> : tensor<5xf32>\n"
      "  %v, %i = chlo.top_k(%x, k = 4) : tensor<5xf32> -> (tensor<4xf32>, tensor<4xi32>)\n"
      "  check.expect_eq_const %v, dense<[0x7FC00000, 5.0, 3.0, 3.0]> : tensor<4xf32>\n"
      "  check.expect_eq_const %i, dense<[1, 4, 0, 2]> : tensor<4xi32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(chlo_broadcasting_ops) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>\n"
      "  %r = stablehlo.constant dense<[10, 20, 30]> : tensor<3xi32>\n"
      "  %c = stablehlo.constant dense<[100, 200]> : tensor<2xi32>\n"
      "  %x = chlo.broadcast_add %a, %r : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>\n"
      "  check.expect_eq_const %x, dense<[[11, 22, 33], [14, 25, 36]]> : tensor<2x3xi32>\n"
      "  %y = chlo.broadcast_subtract %a, %c {broadcast_dimensions = array<i64: 0>} : "
      "(tensor<2x3xi32>, tensor<2xi32>) -> tensor<2x3xi32>\n"
      "  check.expect_eq_const %y, dense<[[-99, -98, -97], [-196, -195, -194]]> : "
      "tensor<2x3xi32>\n"
      "  %p = stablehlo.constant dense<[[2], [5]]> : tensor<2x1xi32>\n"
      "  %q = stablehlo.constant dense<[1, 5, 9]> : tensor<3xi32>\n"
      "  %lt = \"chlo.broadcast_compare\"(%p, %q) {comparison_direction = "
      "#chlo<comparison_direction LT>} : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi1>\n"
      "  check.expect_eq_const %lt, dense<[[false, true, true], [false, false, true]]> : "
      "tensor<2x3xi1>\n"
      "  %s = chlo.broadcast_select %lt, %a, %r : (tensor<2x3xi1>, tensor<2x3xi32>, "
      "tensor<3xi32>) -> tensor<2x3xi32>\n"
      "  check.expect_eq_const %s, dense<[[10, 2, 3], [10, 20, 6]]> : tensor<2x3xi32>\n"
      "  %k = \"chlo.constant_like\"(%a) {value = 7 : i32} : (tensor<2x3xi32>) -> "
      "tensor<2x3xi32>\n"
      "  check.expect_eq_const %k, dense<7> : tensor<2x3xi32>\n"
      "  func.return\n"
      "}\n");
}

CX_TEST(dot_einsum_and_quantized_dot) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>\n"
      "  %b = stablehlo.constant dense<[[5, 6], [7, 8]]> : tensor<2x2xi32>\n"
      "  %v = stablehlo.constant dense<[1, 10]> : tensor<2xi32>\n"
      "  %d = stablehlo.dot %a, %b : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>\n"
      "  check.expect_eq_const %d, dense<[[19, 22], [43, 50]]> : tensor<2x2xi32>\n"
      "  %mv = stablehlo.dot %a, %v : (tensor<2x2xi32>, tensor<2xi32>) -> tensor<2xi32>\n"
      "  check.expect_eq_const %mv, dense<[21, 43]> : tensor<2xi32>\n"
      "  %e = \"stablehlo.einsum\"(%a, %b) {einsum_config = \"ab,cb->ca\"} : "
      "(tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>\n"
      "  check.expect_eq_const %e, dense<[[17, 39], [23, 53]]> : tensor<2x2xi32>\n"
      "  %t = \"stablehlo.unary_einsum\"(%a) {einsum_config = \"aa->\"} : "
      "(tensor<2x2xi32>) -> tensor<i32>\n"
      "  check.expect_eq_const %t, dense<5> : tensor<i32>\n"
      "  %s = \"stablehlo.unary_einsum\"(%a) {einsum_config = \"ab->b\"} : "
      "(tensor<2x2xi32>) -> tensor<2xi32>\n"
      "  check.expect_eq_const %s, dense<[4, 6]> : tensor<2xi32>\n"
      "  func.return\n"
      "}\n");
  // (1, 2) . (3, 1) = 5 in the dequantized domain, stored as 5 / 0.25 = 20.
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<[2, 4]> : tensor<2xi8>\n"
      "  %b = stablehlo.constant dense<[6, 2]> : tensor<2xi8>\n"
      "  %qa = stablehlo.bitcast_convert %a : (tensor<2xi8>) -> "
      "tensor<2x!quant.uniform<i8:f32, 0.5>>\n"
      "  %qb = stablehlo.bitcast_convert %b : (tensor<2xi8>) -> "
      "tensor<2x!quant.uniform<i8:f32, 0.5>>\n"
      "  %r = stablehlo.dot_general %qa, %qb, contracting_dims = [0] x [0] : "
      "(tensor<2x!quant.uniform<i8:f32, 0.5>>, tensor<2x!quant.uniform<i8:f32, 0.5>>) -> "
      "tensor<!quant.uniform<i32:f32, 0.25>>\n"
      "  %i = stablehlo.bitcast_convert %r : (tensor<!quant.uniform<i32:f32, 0.25>>) -> "
      "tensor<i32>\n"
      "  check.expect_eq_const %i, dense<20> : tensor<i32>\n"
      "  func.return\n"
      "}\n");
}

// Malformed programs give errors, never crashes: the verifier rejects them
// before the interpreter runs (its window and dimension-number checks live
// once, in the shape functions).
CX_TEST(bad_attributes_are_errors) {
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<1.0> : tensor<2x3xf32>\n"
      "  %r = stablehlo.dot_general %a, %a, contracting_dims = [5] x [0] : "
      "(tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "lhs_contracting_dimensions [5] must be in [0, 2)");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<1.0> : tensor<1x4x3xf32>\n"
      "  %k = stablehlo.constant dense<1.0> : tensor<2x2x1xf32>\n"
      "  %r = stablehlo.convolution(%a, %k) dim_numbers = [b, 0, f]x[0, i, o]->[b, 0, f], "
      "window = {stride = [0]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : "
      "(tensor<1x4x3xf32>, tensor<2x2x1xf32>) -> tensor<1x3x1xf32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "must be positive");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<1.0> : tensor<1x4x2xf32>\n"
      "  %k = stablehlo.constant dense<1.0> : tensor<2x2x1xf32>\n"
      "  %r = stablehlo.convolution(%a, %k) dim_numbers = [b, 0, f]x[0, i, o]->[b, 0, f], "
      "window = {lhs_dilate = [4611686018427387904]} {batch_group_count = 1 : i64, "
      "feature_group_count = 1 : i64} : (tensor<1x4x2xf32>, tensor<2x2x1xf32>) -> "
      "tensor<1x3x1xf32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "window computation overflows");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<(1.0, 0.0)> : tensor<4xcomplex<f32>>\n"
      "  %r = stablehlo.fft %a, type = FFT, length = [5] : (tensor<4xcomplex<f32>>) -> "
      "tensor<4xcomplex<f32>>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "fft_length");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %s = stablehlo.constant dense<[0, 0, 0, 0]> : tensor<4xui64>\n"
      "  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : "
      "(tensor<4xui64>) -> (tensor<4xui64>, tensor<2xui32>)\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "THREE_FRY");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<1> : tensor<2x2xi32>\n"
      "  %e = \"stablehlo.einsum\"(%a, %a) {einsum_config = \"ab,b?->a\"} : "
      "(tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2xi32>\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "einsum_config");
  CX_EXPECT_MLIR_FAILS(
      "func.func @f() {\n"
      "  %x = stablehlo.constant dense<1.0> : tensor<5xf32>\n"
      "  %v, %i = chlo.top_k(%x, k = 7) : tensor<5xf32> -> (tensor<7xf32>, tensor<7xi32>)\n"
      "  func.return\n"
      "}\n",
      CX_INVALID_ARGUMENT, "k = 7");
}

// rng's values are implementation-defined; their range and rough moments
// are not.
CX_TEST(rng_uniform_and_normal_ranges) {
  CX_EXPECT_MLIR_OK(
      "func.func @f() {\n"
      "  %a = stablehlo.constant dense<2.0> : tensor<f32>\n"
      "  %b = stablehlo.constant dense<3.0> : tensor<f32>\n"
      "  %shape = stablehlo.constant dense<[1000]> : tensor<1xi64>\n"
      "  %r = \"stablehlo.rng\"(%a, %b, %shape) {rng_distribution = "
      "#stablehlo<rng_distribution UNIFORM>} : (tensor<f32>, tensor<f32>, tensor<1xi64>) -> "
      "tensor<1000xf32>\n"
      "  %big = stablehlo.constant dense<1.0e9> : tensor<f32>\n"
      "  %mn = stablehlo.reduce(%r init: %big) applies stablehlo.minimum across dimensions = "
      "[0] : (tensor<1000xf32>, tensor<f32>) -> tensor<f32>\n"
      "  %mx = stablehlo.reduce(%r init: %a) applies stablehlo.maximum across dimensions = "
      "[0] : (tensor<1000xf32>, tensor<f32>) -> tensor<f32>\n"
      "  %ge = stablehlo.compare GE, %mn, %a : (tensor<f32>, tensor<f32>) -> tensor<i1>\n"
      "  %lt = stablehlo.compare LT, %mx, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>\n"
      "  check.expect_eq_const %ge, dense<true> : tensor<i1>\n"
      "  check.expect_eq_const %lt, dense<true> : tensor<i1>\n"
      "  %ia = stablehlo.constant dense<-3> : tensor<i32>\n"
      "  %ib = stablehlo.constant dense<4> : tensor<i32>\n"
      "  %ir = \"stablehlo.rng\"(%ia, %ib, %shape) {rng_distribution = "
      "#stablehlo<rng_distribution UNIFORM>} : (tensor<i32>, tensor<i32>, tensor<1xi64>) -> "
      "tensor<1000xi32>\n"
      "  %imax = stablehlo.constant dense<2147483647> : tensor<i32>\n"
      "  %imn = stablehlo.reduce(%ir init: %imax) applies stablehlo.minimum across dimensions = "
      "[0] : (tensor<1000xi32>, tensor<i32>) -> tensor<i32>\n"
      "  %imx = stablehlo.reduce(%ir init: %ia) applies stablehlo.maximum across dimensions = "
      "[0] : (tensor<1000xi32>, tensor<i32>) -> tensor<i32>\n"
      "  check.expect_eq_const %imn, dense<-3> : tensor<i32>\n"
      "  check.expect_eq_const %imx, dense<3> : tensor<i32>\n"
      "  %mean = stablehlo.constant dense<10.0> : tensor<f64>\n"
      "  %sd = stablehlo.constant dense<2.0> : tensor<f64>\n"
      "  %n = \"stablehlo.rng\"(%mean, %sd, %shape) {rng_distribution = "
      "#stablehlo<rng_distribution NORMAL>} : (tensor<f64>, tensor<f64>, tensor<1xi64>) -> "
      "tensor<1000xf64>\n"
      "  %zero = stablehlo.constant dense<0.0> : tensor<f64>\n"
      "  %sum = stablehlo.reduce(%n init: %zero) applies stablehlo.add across dimensions = [0] :"
      " (tensor<1000xf64>, tensor<f64>) -> tensor<f64>\n"
      "  %k = stablehlo.constant dense<1000.0> : tensor<f64>\n"
      "  %avg = stablehlo.divide %sum, %k : tensor<f64>\n"
      "  check.expect_almost_eq_const %avg, dense<10.0> : tensor<f64>, tolerance = 0.3\n"
      "  func.return\n"
      "}\n");
}

int main(void) {
  CX_RUN(dot_general_integer_wraps_and_bool_is_or_of_and);
  CX_RUN(dot_general_batching_in_any_dimension_order);
  CX_RUN(dot_general_accumulation_precision_and_algorithm);
  CX_RUN(convolution_padding_reversal_and_dilations);
  CX_RUN(cholesky_lower_upper_complex_and_not_positive_definite);
  CX_RUN(triangular_solve_right_side_transpose_unit_and_batch);
  CX_RUN(fft_all_types_exact_on_small_sizes);
  CX_RUN(rng_bit_generator_matches_random123_known_answers);
  CX_RUN(batch_norm_spec_examples);
  CX_RUN(chlo_special_functions);
  CX_RUN(chlo_integer_and_bit_level_ops);
  CX_RUN(chlo_broadcasting_ops);
  CX_RUN(dot_einsum_and_quantized_dot);
  CX_RUN(bad_attributes_are_errors);
  CX_RUN(rng_uniform_and_normal_ranges);
  return CX_TEST_EXIT();
}

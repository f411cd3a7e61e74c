// Custom calls in compiled code: jaxlib's LAPACK targets through the
// runtime's registry with column-major layouts (operands copied into their
// layout and results back), and XLA's annotations as identities. Every
// result is compared with the interpreter's (cxla check --mode=both).

// Cholesky of an SPD matrix (lower, column-major): L with L L^T = A, info 0.
func.func @potrf_lower() -> (tensor<3x3xf32>, tensor<i32>) {
  %a0 = stablehlo.constant dense<[[4.0, 2.0, 2.0], [2.0, 5.0, 3.0], [2.0, 3.0, 6.0]]> : tensor<3x3xf32>
  %a = stablehlo.optimization_barrier %a0 : tensor<3x3xf32>
  %l:2 = stablehlo.custom_call @lapack_spotrf_ffi(%a) {mhlo.backend_config = {uplo = 76 : ui8}, operand_layouts = [dense<[0, 1]> : tensor<2xindex>], result_layouts = [dense<[0, 1]> : tensor<2xindex>, dense<> : tensor<0xindex>]} : (tensor<3x3xf32>) -> (tensor<3x3xf32>, tensor<i32>)
  %info = stablehlo.constant dense<0> : tensor<i32>
  check.expect_eq %l#1, %info : tensor<i32>
  // The lower triangle is L; LAPACK leaves the upper one as it was.
  %expected = stablehlo.constant dense<[[2.0, 2.0, 2.0], [1.0, 2.0, 3.0], [1.0, 1.0, 2.0]]> : tensor<3x3xf32>
  check.expect_almost_eq %l#0, %expected : tensor<3x3xf32>
  return %l#0, %l#1 : tensor<3x3xf32>, tensor<i32>
}

// A batch of f64 matrices, one of them not positive definite (info > 0).
func.func @potrf_batch_f64() -> (tensor<2x2x2xf64>, tensor<2xi32>) {
  %a0 = stablehlo.constant dense<[[[9.0, 3.0], [3.0, 5.0]], [[1.0, 2.0], [2.0, 1.0]]]> : tensor<2x2x2xf64>
  %a = stablehlo.optimization_barrier %a0 : tensor<2x2x2xf64>
  %l:2 = stablehlo.custom_call @lapack_dpotrf_ffi(%a) {mhlo.backend_config = {uplo = 76 : ui8}, operand_layouts = [dense<[1, 2, 0]> : tensor<3xindex>], result_layouts = [dense<[1, 2, 0]> : tensor<3xindex>, dense<0> : tensor<1xindex>]} : (tensor<2x2x2xf64>) -> (tensor<2x2x2xf64>, tensor<2xi32>)
  return %l#0, %l#1 : tensor<2x2x2xf64>, tensor<2xi32>
}

// Annotations are identities on one device.
func.func @annotations() -> tensor<4xf32> {
  %x0 = stablehlo.constant dense<[1.0, -2.0, 3.5, 0.25]> : tensor<4xf32>
  %x = stablehlo.optimization_barrier %x0 : tensor<4xf32>
  %p = stablehlo.custom_call @annotate_device_placement(%x) {has_side_effect = true, mhlo.frontend_attributes = {_xla_buffer_placement = "device"}} : (tensor<4xf32>) -> tensor<4xf32>
  %s = stablehlo.custom_call @Sharding(%p) {mhlo.sharding = "{replicated}"} : (tensor<4xf32>) -> tensor<4xf32>
  %y = stablehlo.multiply %s, %s : tensor<4xf32>
  check.expect_almost_eq_const %y, dense<[1.0, 4.0, 12.25, 0.0625]> : tensor<4xf32>
  return %y : tensor<4xf32>
}

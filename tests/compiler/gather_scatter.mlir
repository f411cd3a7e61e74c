// Gathers and scatters compiled and compared with the interpreter (cxla
// check --mode=both): clamping of gather start indices, batching dims,
// implicit index vectors, index element types, scatter's in-order updates
// with repeated, out-of-range and partially out-of-range indices,
// non-commutative and variadic update computations.

// Rows of a table, with start indices clamped into range (-5 -> 0, 10 -> 3).
func.func @gather_rows_clamped() -> tensor<5x3xbf16> {
  %x = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<4x3xbf16>
  %i = stablehlo.constant dense<[[2], [0], [-5], [10], [3]]> : tensor<5x1xi32>
  %g = "stablehlo.gather"(%x, %i) {
    dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>,
    slice_sizes = array<i64: 1, 3>
  } : (tensor<4x3xbf16>, tensor<5x1xi32>) -> tensor<5x3xbf16>
  check.expect_eq_const %g, dense<[[7.0, 8.0, 9.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [10.0, 11.0, 12.0], [10.0, 11.0, 12.0]]> : tensor<5x3xbf16>
  return %g : tensor<5x3xbf16>
}

// 2-D windows whose starts are clamped so the window fits (start_index_map
// out of order, an implicit index vector dim, unsigned indices whose high
// values saturate).
func.func @gather_windows() -> (tensor<2x3x2x2xi64>, tensor<3x2xf32>, tensor<2xi8>) {
  %operand = stablehlo.constant dense<[[[1, 2], [3, 4], [5, 6], [7, 8]],
                                       [[9, 10], [11, 12], [13, 14], [15, 16]],
                                       [[17, 18], [19, 20], [21, 22], [23, 24]]]> : tensor<3x4x2xi64>
  %start = stablehlo.constant dense<[[[0, 0], [1, 0], [2, 1]],
                                     [[0, 1], [1, 1], [0, 9]]]> : tensor<2x3x2xi64>
  %g = "stablehlo.gather"(%operand, %start) {
    dimension_numbers = #stablehlo.gather<offset_dims = [2, 3], collapsed_slice_dims = [0], start_index_map = [1, 0], index_vector_dim = 2>,
    slice_sizes = array<i64: 1, 2, 2>
  } : (tensor<3x4x2xi64>, tensor<2x3x2xi64>) -> tensor<2x3x2x2xi64>
  %t = stablehlo.constant dense<[[0.5, 1.5], [2.5, 3.5], [4.5, 5.5], [6.5, 7.5]]> : tensor<4x2xf32>
  %u = stablehlo.constant dense<[1, 18446744073709551615, 3]> : tensor<3xui64>
  %h = "stablehlo.gather"(%t, %u) {
    dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>,
    slice_sizes = array<i64: 1, 2>
  } : (tensor<4x2xf32>, tensor<3xui64>) -> tensor<3x2xf32>
  %b = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6], [7, 8, 9]]> : tensor<3x3xi8>
  %bi = stablehlo.constant dense<[[7, -2], [1, 1]]> : tensor<2x2xi4>
  %k = "stablehlo.gather"(%b, %bi) {
    dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [0, 1], start_index_map = [0, 1], index_vector_dim = 1>,
    slice_sizes = array<i64: 1, 1>
  } : (tensor<3x3xi8>, tensor<2x2xi4>) -> tensor<2xi8>
  check.expect_eq_const %g, dense<[[[[1, 2], [3, 4]], [[3, 4], [5, 6]], [[13, 14], [15, 16]]],
                                   [[[9, 10], [11, 12]], [[11, 12], [13, 14]], [[17, 18], [19, 20]]]]> : tensor<2x3x2x2xi64>
  check.expect_eq_const %h, dense<[[2.5, 3.5], [6.5, 7.5], [6.5, 7.5]]> : tensor<3x2xf32>
  check.expect_eq_const %k, dense<[7, 5]> : tensor<2xi8>
  return %g, %h, %k : tensor<2x3x2x2xi64>, tensor<3x2xf32>, tensor<2xi8>
}

// Batching dims: each batch gathers from its own slice of the operand.
func.func @gather_batching() -> tensor<2x3x2xcomplex<f32>> {
  %x = stablehlo.constant dense<[[(1.0, 1.0), (2.0, 0.0), (3.0, -1.0), (4.0, 2.0)],
                                 [(5.0, 5.0), (6.0, 0.5), (7.0, 0.0), (8.0, -8.0)]]> : tensor<2x4xcomplex<f32>>
  %i = stablehlo.constant dense<[[[3], [0], [2]], [[1], [1], [-1]]]> : tensor<2x3x1xi32>
  %g = "stablehlo.gather"(%x, %i) {
    dimension_numbers = #stablehlo.gather<offset_dims = [2], operand_batching_dims = [0], start_indices_batching_dims = [0], start_index_map = [1], index_vector_dim = 2>,
    slice_sizes = array<i64: 1, 2>
  } : (tensor<2x4xcomplex<f32>>, tensor<2x3x1xi32>) -> tensor<2x3x2xcomplex<f32>>
  return %g : tensor<2x3x2xcomplex<f32>>
}

// dynamic_gather with constant slice sizes, torch_index_select with a batch
// dim, gathers of booleans and of f8.
func.func @gather_variants() -> (tensor<2x3x2x2xi64>, tensor<2x2x2xf16>, tensor<3xi1>, tensor<2x2xf8E5M2>) {
  %operand = stablehlo.constant dense<[[[1, 2], [3, 4], [5, 6], [7, 8]],
                                       [[9, 10], [11, 12], [13, 14], [15, 16]],
                                       [[17, 18], [19, 20], [21, 22], [23, 24]]]> : tensor<3x4x2xi64>
  %start = stablehlo.constant dense<[[[0, 0], [1, 0], [2, 1]],
                                     [[0, 1], [1, 1], [0, 9]]]> : tensor<2x3x2xi64>
  %sizes = stablehlo.constant dense<[1, 2, 2]> : tensor<3xi64>
  %d = "stablehlo.dynamic_gather"(%operand, %start, %sizes) {
    dimension_numbers = #stablehlo.gather<offset_dims = [2, 3], collapsed_slice_dims = [0], start_index_map = [1, 0], index_vector_dim = 2>
  } : (tensor<3x4x2xi64>, tensor<2x3x2xi64>, tensor<3xi64>) -> tensor<2x3x2x2xi64>
  %x = stablehlo.constant dense<[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]]> : tensor<2x2x3xf16>
  %ti = stablehlo.constant dense<[[2, 0], [1, 1]]> : tensor<2x2xi32>
  %t = "stablehlo.torch_index_select"(%x, %ti) {dim = 2 : i64, batch_dims = 1 : i64} : (tensor<2x2x3xf16>, tensor<2x2xi32>) -> tensor<2x2x2xf16>
  %bools = stablehlo.constant dense<[true, false, true, false]> : tensor<4xi1>
  %bi = stablehlo.constant dense<[1, 2, 0]> : tensor<3xui8>
  %bg = "stablehlo.gather"(%bools, %bi) {
    dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>,
    slice_sizes = array<i64: 1>
  } : (tensor<4xi1>, tensor<3xui8>) -> tensor<3xi1>
  %f8 = stablehlo.constant dense<[[1.0, -2.0], [0.5, 0x7F]]> : tensor<2x2xf8E5M2>
  %fi = stablehlo.constant dense<[1, 0]> : tensor<2xi64>
  %fg = "stablehlo.gather"(%f8, %fi) {
    dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>,
    slice_sizes = array<i64: 1, 2>
  } : (tensor<2x2xf8E5M2>, tensor<2xi64>) -> tensor<2x2xf8E5M2>
  check.expect_eq_const %bg, dense<[false, true, true]> : tensor<3xi1>
  return %d, %t, %bg, %fg : tensor<2x3x2x2xi64>, tensor<2x2x2xf16>, tensor<3xi1>, tensor<2x2xf8E5M2>
}

// Scatter-add with repeated indices and indices out of range (skipped,
// including windows that stick out of the operand).
func.func @scatter_add() -> tensor<5x2xf32> {
  %x = stablehlo.constant dense<1.0> : tensor<5x2xf32>
  %i = stablehlo.constant dense<[[4], [0], [4], [-1], [5], [2]]> : tensor<6x1xi64>
  %u = stablehlo.constant dense<[[0.5, 1.0], [2.0, 3.0], [0.25, 0.125], [100.0, 100.0], [100.0, 100.0], [1.0e8, 1.0]]> : tensor<6x2xf32>
  %s = "stablehlo.scatter"(%x, %i, %u) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %r = stablehlo.add %a, %b : tensor<f32>
      stablehlo.return %r : tensor<f32>
    }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<5x2xf32>, tensor<6x1xi64>, tensor<6x2xf32>) -> tensor<5x2xf32>
  check.expect_eq_const %s, dense<[[3.0, 4.0], [1.0, 1.0], [1.0e8, 2.0], [1.0, 1.0], [1.75, 2.125]]> : tensor<5x2xf32>
  return %s : tensor<5x2xf32>
}

// Updates apply in row-major order of the update space: a non-commutative
// computation on repeated indices, and "last write wins" windows that
// overlap; of windows partly outside the operand only the elements outside
// are dropped.
func.func @scatter_ordered() -> (tensor<4xi32>, tensor<4x4xi16>) {
  %x = stablehlo.constant dense<[1, 1, 1, 1]> : tensor<4xi32>
  %i = stablehlo.constant dense<[2, 2, 0, 2]> : tensor<4xui32>
  %u = stablehlo.constant dense<[3, 4, 5, 6]> : tensor<4xi32>
  %s = "stablehlo.scatter"(%x, %i, %u) ({
    ^bb0(%a: tensor<i32>, %b: tensor<i32>):
      %ten = stablehlo.constant dense<10> : tensor<i32>
      %m = stablehlo.multiply %a, %ten : tensor<i32>
      %r = stablehlo.subtract %m, %b : tensor<i32>
      stablehlo.return %r : tensor<i32>
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>, indices_are_sorted = true, unique_indices = true} : (tensor<4xi32>, tensor<4xui32>, tensor<4xi32>) -> tensor<4xi32>
  %y = stablehlo.constant dense<0> : tensor<4x4xi16>
  %j = stablehlo.constant dense<[[0, 0], [1, 1], [3, 3], [2, 1], [-1, 0]]> : tensor<5x2xi8>
  %w = stablehlo.constant dense<[[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 9], [9, 9]], [[10, 11], [12, 13]], [[-1, -1], [-1, -1]]]> : tensor<5x2x2xi16>
  %t = "stablehlo.scatter"(%y, %j, %w) ({
    ^bb0(%a: tensor<i16>, %b: tensor<i16>):
      stablehlo.return %b : tensor<i16>
    }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1, 2], scatter_dims_to_operand_dims = [0, 1], index_vector_dim = 1>} : (tensor<4x4xi16>, tensor<5x2xi8>, tensor<5x2x2xi16>) -> tensor<4x4xi16>
  check.expect_eq_const %s, dense<[5, 1, 654, 1]> : tensor<4xi32>
  check.expect_eq_const %t, dense<[[-1, -1, 0, 0], [3, 5, 6, 0], [0, 10, 11, 0], [0, 12, 13, 9]]> : tensor<4x4xi16>
  return %s, %t : tensor<4xi32>, tensor<4x4xi16>
}

// Variadic scatter (a min with its index), batching dims, an implicit index
// vector, and unusual element types.
func.func @scatter_variadic_batching() -> (tensor<3xf16>, tensor<3xi32>, tensor<2x3xcomplex<f64>>, tensor<4xi1>, tensor<3xui4>) {
  %v = stablehlo.constant dense<[5.0, 5.0, 5.0]> : tensor<3xf16>
  %vi = stablehlo.constant dense<[-1, -1, -1]> : tensor<3xi32>
  %idx = stablehlo.constant dense<[1, 0, 1, 1, 2]> : tensor<5xi32>
  %uv = stablehlo.constant dense<[3.0, 7.0, 1.0, 1.0, 0.5]> : tensor<5xf16>
  %ui = stablehlo.constant dense<[10, 11, 12, 13, 14]> : tensor<5xi32>
  %m:2 = "stablehlo.scatter"(%v, %vi, %idx, %uv, %ui) ({
    ^bb0(%a: tensor<f16>, %ai: tensor<i32>, %b: tensor<f16>, %bi: tensor<i32>):
      %lt = stablehlo.compare LT, %b, %a : (tensor<f16>, tensor<f16>) -> tensor<i1>
      %x = stablehlo.select %lt, %b, %a : tensor<i1>, tensor<f16>
      %y = stablehlo.select %lt, %bi, %ai : tensor<i1>, tensor<i32>
      stablehlo.return %x, %y : tensor<f16>, tensor<i32>
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<3xf16>, tensor<3xi32>, tensor<5xi32>, tensor<5xf16>, tensor<5xi32>) -> (tensor<3xf16>, tensor<3xi32>)
  %c = stablehlo.constant dense<(1.0, 0.0)> : tensor<2x3xcomplex<f64>>
  %ci = stablehlo.constant dense<[[2, 0], [1, 1]]> : tensor<2x2xi64>
  %cu = stablehlo.constant dense<[[(0.0, 1.0), (2.0, 0.0)], [(0.5, 0.5), (3.0, -1.0)]]> : tensor<2x2xcomplex<f64>>
  %cs = "stablehlo.scatter"(%c, %ci, %cu) ({
    ^bb0(%a: tensor<complex<f64>>, %b: tensor<complex<f64>>):
      %p = stablehlo.multiply %a, %b : tensor<complex<f64>>
      stablehlo.return %p : tensor<complex<f64>>
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [1], input_batching_dims = [0], scatter_indices_batching_dims = [0], scatter_dims_to_operand_dims = [1], index_vector_dim = 2>} : (tensor<2x3xcomplex<f64>>, tensor<2x2xi64>, tensor<2x2xcomplex<f64>>) -> tensor<2x3xcomplex<f64>>
  %b = stablehlo.constant dense<[false, true, false, false]> : tensor<4xi1>
  %bi = stablehlo.constant dense<[[3], [0], [3]]> : tensor<3x1xi32>
  %bu = stablehlo.constant dense<[true, false, false]> : tensor<3xi1>
  %bs = "stablehlo.scatter"(%b, %bi, %bu) ({
    ^bb0(%a: tensor<i1>, %x: tensor<i1>):
      %o = stablehlo.xor %a, %x : tensor<i1>
      stablehlo.return %o : tensor<i1>
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<4xi1>, tensor<3x1xi32>, tensor<3xi1>) -> tensor<4xi1>
  %n = stablehlo.constant dense<[15, 7, 0]> : tensor<3xui4>
  %ni = stablehlo.constant dense<[[0], [2], [0]]> : tensor<3x1xi32>
  %nu = stablehlo.constant dense<[3, 9, 2]> : tensor<3xui4>
  %ns = "stablehlo.scatter"(%n, %ni, %nu) ({
    ^bb0(%a: tensor<ui4>, %x: tensor<ui4>):
      %o = stablehlo.add %a, %x : tensor<ui4>
      stablehlo.return %o : tensor<ui4>
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<3xui4>, tensor<3x1xi32>, tensor<3xui4>) -> tensor<3xui4>
  check.expect_eq_const %m#1, dense<[-1, 12, 14]> : tensor<3xi32>
  check.expect_eq_const %bs, dense<[false, true, false, true]> : tensor<4xi1>
  check.expect_eq_const %ns, dense<[4, 7, 9]> : tensor<3xui4>
  return %m#0, %m#1, %cs, %bs, %ns : tensor<3xf16>, tensor<3xi32>, tensor<2x3xcomplex<f64>>, tensor<4xi1>, tensor<3xui4>
}

// No updates at all: the result is the input.
func.func @scatter_empty() -> tensor<3xf64> {
  %x = stablehlo.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  %i = stablehlo.constant dense<> : tensor<0x1xi32>
  %u = stablehlo.constant dense<> : tensor<0xf64>
  %s = "stablehlo.scatter"(%x, %i, %u) ({
    ^bb0(%a: tensor<f64>, %b: tensor<f64>):
      %r = stablehlo.add %a, %b : tensor<f64>
      stablehlo.return %r : tensor<f64>
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<3xf64>, tensor<0x1xi32>, tensor<0xf64>) -> tensor<3xf64>
  check.expect_eq_const %s, dense<[1.0, 2.0, 3.0]> : tensor<3xf64>
  return %s : tensor<3xf64>
}

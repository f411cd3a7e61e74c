// sort and chlo.top_k compiled and compared with the interpreter (cxla
// check --mode=both): comparators of every kind (strict, non-strict, total
// order with NaNs and signed zeros, lexicographic over two keys),
// stability, several operands, any dimension, empty and unit dims, many
// element types, and a slice long enough to need many merge passes.

func.func @floats_total_order() -> (tensor<8xf32>, tensor<8xf32>) {
  %x = stablehlo.constant dense<[3.0, 0x7FC00000, -0.0, 0.0, 0xFF800000, 0xFFC00000, 1.0, -2.0]> : tensor<8xf32>
  %a = "stablehlo.sort"(%x) ({
    ^bb0(%p: tensor<f32>, %q: tensor<f32>):
      %lt = stablehlo.compare LT, %p, %q, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 0 : i64} : (tensor<8xf32>) -> tensor<8xf32>
  %d = "stablehlo.sort"(%x) ({
    ^bb0(%p: tensor<f32>, %q: tensor<f32>):
      %gt = stablehlo.compare GT, %p, %q, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
      stablehlo.return %gt : tensor<i1>
    }) {dimension = 0 : i64, is_stable = true} : (tensor<8xf32>) -> tensor<8xf32>
  check.expect_eq_const %a, dense<[0xFFC00000, 0xFF800000, -2.0, -0.0, 0.0, 1.0, 3.0, 0x7FC00000]> : tensor<8xf32>
  return %a, %d : tensor<8xf32>, tensor<8xf32>
}

// Keys with ties carry their positions: a stable sort keeps them in order.
// A non-strict comparator (GE) is no strict weak order; the answer is the
// one the merge sort gives, the same compiled and interpreted.
func.func @stability_and_non_strict() -> (tensor<7xi32>, tensor<7xi32>, tensor<7xi32>, tensor<7xi32>) {
  %k = stablehlo.constant dense<[2, 1, 2, 0, 1, 2, 0]> : tensor<7xi32>
  %v = stablehlo.iota dim = 0 : tensor<7xi32>
  %s:2 = "stablehlo.sort"(%k, %v) ({
    ^bb0(%a: tensor<i32>, %b: tensor<i32>, %c: tensor<i32>, %d: tensor<i32>):
      %lt = stablehlo.compare LT, %a, %b : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 0 : i64, is_stable = true} : (tensor<7xi32>, tensor<7xi32>) -> (tensor<7xi32>, tensor<7xi32>)
  %n:2 = "stablehlo.sort"(%k, %v) ({
    ^bb0(%a: tensor<i32>, %b: tensor<i32>, %c: tensor<i32>, %d: tensor<i32>):
      %ge = stablehlo.compare GE, %a, %b : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %ge : tensor<i1>
    }) {dimension = 0 : i64, is_stable = false} : (tensor<7xi32>, tensor<7xi32>) -> (tensor<7xi32>, tensor<7xi32>)
  check.expect_eq_const %s#1, dense<[3, 6, 1, 4, 0, 2, 5]> : tensor<7xi32>
  return %s#0, %s#1, %n#0, %n#1 : tensor<7xi32>, tensor<7xi32>, tensor<7xi32>, tensor<7xi32>
}

// Lexicographic order over two keys along dim 0 of a matrix, a third
// operand (complex) carried along, and dimension -1.
func.func @multi_key_dims() -> (tensor<4x2xi8>, tensor<4x2xui16>, tensor<4x2xcomplex<f32>>, tensor<2x3xf64>) {
  %a = stablehlo.constant dense<[[1, 0], [0, 0], [1, -1], [0, 5]]> : tensor<4x2xi8>
  %b = stablehlo.constant dense<[[7, 1], [9, 1], [2, 3], [9, 0]]> : tensor<4x2xui16>
  %c = stablehlo.constant dense<[[(1.0, 0.0), (2.0, 0.0)], [(3.0, 0.0), (4.0, 0.0)], [(5.0, 1.0), (6.0, 1.0)], [(7.0, 2.0), (8.0, 2.0)]]> : tensor<4x2xcomplex<f32>>
  %s:3 = "stablehlo.sort"(%a, %b, %c) ({
    ^bb0(%a0: tensor<i8>, %a1: tensor<i8>, %b0: tensor<ui16>, %b1: tensor<ui16>, %c0: tensor<complex<f32>>, %c1: tensor<complex<f32>>):
      %lt = stablehlo.compare LT, %a0, %a1 : (tensor<i8>, tensor<i8>) -> tensor<i1>
      %eq = stablehlo.compare EQ, %a0, %a1 : (tensor<i8>, tensor<i8>) -> tensor<i1>
      %gt2 = stablehlo.compare GT, %b0, %b1 : (tensor<ui16>, tensor<ui16>) -> tensor<i1>
      %t = stablehlo.and %eq, %gt2 : tensor<i1>
      %r = stablehlo.or %lt, %t : tensor<i1>
      stablehlo.return %r : tensor<i1>
    }) {dimension = 0 : i64} : (tensor<4x2xi8>, tensor<4x2xui16>, tensor<4x2xcomplex<f32>>) -> (tensor<4x2xi8>, tensor<4x2xui16>, tensor<4x2xcomplex<f32>>)
  %f = stablehlo.constant dense<[[3.5, -1.0, 2.0], [0.0, 1.0e300, -1.0e-300]]> : tensor<2x3xf64>
  %g = "stablehlo.sort"(%f) ({
    ^bb0(%p: tensor<f64>, %q: tensor<f64>):
      %lt = stablehlo.compare LT, %p, %q : (tensor<f64>, tensor<f64>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = -1 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  check.expect_eq_const %s#1, dense<[[9, 3], [9, 1], [7, 1], [2, 0]]> : tensor<4x2xui16>
  check.expect_eq_const %g, dense<[[-1.0, 2.0, 3.5], [-1.0e-300, 0.0, 1.0e300]]> : tensor<2x3xf64>
  return %s#0, %s#1, %s#2, %g : tensor<4x2xi8>, tensor<4x2xui16>, tensor<4x2xcomplex<f32>>, tensor<2x3xf64>
}

// Narrow and unusual element types, an empty dim and a unit dim.
func.func @types_and_shapes() -> (tensor<5xbf16>, tensor<4xi1>, tensor<5xi4>, tensor<4xf8E4M3FNUZ>, tensor<0x3xf32>, tensor<3x1xui64>) {
  %h = stablehlo.constant dense<[1.5, -0.0, 0x7FC0, 0.0, -3.0]> : tensor<5xbf16>
  %hs = "stablehlo.sort"(%h) ({
    ^bb0(%p: tensor<bf16>, %q: tensor<bf16>):
      %lt = stablehlo.compare LT, %p, %q, TOTALORDER : (tensor<bf16>, tensor<bf16>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 0 : i64} : (tensor<5xbf16>) -> tensor<5xbf16>
  %b = stablehlo.constant dense<[true, false, true, false]> : tensor<4xi1>
  %bs = "stablehlo.sort"(%b) ({
    ^bb0(%p: tensor<i1>, %q: tensor<i1>):
      %lt = stablehlo.compare GT, %p, %q : (tensor<i1>, tensor<i1>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 0 : i64} : (tensor<4xi1>) -> tensor<4xi1>
  %n = stablehlo.constant dense<[7, -8, 0, -1, 3]> : tensor<5xi4>
  %ns = "stablehlo.sort"(%n) ({
    ^bb0(%p: tensor<i4>, %q: tensor<i4>):
      %lt = stablehlo.compare LT, %p, %q : (tensor<i4>, tensor<i4>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 0 : i64} : (tensor<5xi4>) -> tensor<5xi4>
  %f8 = stablehlo.constant dense<[2.0, -0.5, 0x80, 1.0]> : tensor<4xf8E4M3FNUZ>
  %fs = "stablehlo.sort"(%f8) ({
    ^bb0(%p: tensor<f8E4M3FNUZ>, %q: tensor<f8E4M3FNUZ>):
      %lt = stablehlo.compare LT, %p, %q : (tensor<f8E4M3FNUZ>, tensor<f8E4M3FNUZ>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 0 : i64} : (tensor<4xf8E4M3FNUZ>) -> tensor<4xf8E4M3FNUZ>
  %e = stablehlo.constant dense<> : tensor<0x3xf32>
  %es = "stablehlo.sort"(%e) ({
    ^bb0(%p: tensor<f32>, %q: tensor<f32>):
      %lt = stablehlo.compare LT, %p, %q : (tensor<f32>, tensor<f32>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 1 : i64} : (tensor<0x3xf32>) -> tensor<0x3xf32>
  %u = stablehlo.constant dense<[[18446744073709551615], [0], [5]]> : tensor<3x1xui64>
  %us = "stablehlo.sort"(%u) ({
    ^bb0(%p: tensor<ui64>, %q: tensor<ui64>):
      %lt = stablehlo.compare LT, %p, %q : (tensor<ui64>, tensor<ui64>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 1 : i64} : (tensor<3x1xui64>) -> tensor<3x1xui64>
  check.expect_eq_const %ns, dense<[-8, -1, 0, 3, 7]> : tensor<5xi4>
  check.expect_eq_const %bs, dense<[true, true, false, false]> : tensor<4xi1>
  return %hs, %bs, %ns, %fs, %es, %us : tensor<5xbf16>, tensor<4xi1>, tensor<5xi4>, tensor<4xf8E4M3FNUZ>, tensor<0x3xf32>, tensor<3x1xui64>
}

// 2000 keys (a permutation of 0..1999) in three rows: many merge passes and
// a final pass over unequal runs. Sorting by key puts the positions into
// the inverse permutation.
func.func @long_slices() -> (tensor<3x2000xi32>, tensor<3x2000xi32>) {
  %i = stablehlo.iota dim = 1 : tensor<3x2000xi32>
  %r = stablehlo.iota dim = 0 : tensor<3x2000xi32>
  %p = stablehlo.constant dense<1237> : tensor<3x2000xi32>
  %n = stablehlo.constant dense<2000> : tensor<3x2000xi32>
  %m = stablehlo.multiply %i, %p : tensor<3x2000xi32>
  %o = stablehlo.add %m, %r : tensor<3x2000xi32>
  %k = stablehlo.remainder %o, %n : tensor<3x2000xi32>
  %s:2 = "stablehlo.sort"(%k, %i) ({
    ^bb0(%a: tensor<i32>, %b: tensor<i32>, %c: tensor<i32>, %d: tensor<i32>):
      %lt = stablehlo.compare LT, %a, %b : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimension = 1 : i64} : (tensor<3x2000xi32>, tensor<3x2000xi32>) -> (tensor<3x2000xi32>, tensor<3x2000xi32>)
  %iota = stablehlo.iota dim = 1 : tensor<3x2000xi32>
  check.expect_eq %s#0, %iota : tensor<3x2000xi32>
  return %s#0, %s#1 : tensor<3x2000xi32>, tensor<3x2000xi32>
}

// top_k: larger values first, ties in order of position, NaN above +Inf
// (total order), signed and unsigned integers, f16, several rows.
func.func @top_k_cases() -> (tensor<6xf32>, tensor<6xi32>, tensor<2x2xui8>, tensor<2x2xi32>, tensor<3xf16>, tensor<3xi32>) {
  %x = stablehlo.constant dense<[1.0, 0x7FC00000, 3.0, 3.0, -0.0, 0.0, 0x7F800000, -1.0]> : tensor<8xf32>
  %v, %i = chlo.top_k(%x, k = 6) : tensor<8xf32> -> (tensor<6xf32>, tensor<6xi32>)
  %u = stablehlo.constant dense<[[200, 7, 255], [1, 1, 0]]> : tensor<2x3xui8>
  %uv, %ui = chlo.top_k(%u, k = 2) : tensor<2x3xui8> -> (tensor<2x2xui8>, tensor<2x2xi32>)
  %h = stablehlo.constant dense<[-1.0, 2.5, -7.0, 2.5]> : tensor<4xf16>
  %hv, %hi = chlo.top_k(%h, k = 3) : tensor<4xf16> -> (tensor<3xf16>, tensor<3xi32>)
  check.expect_eq_const %i, dense<[1, 6, 2, 3, 0, 5]> : tensor<6xi32>
  check.expect_eq_const %ui, dense<[[2, 0], [0, 1]]> : tensor<2x2xi32>
  return %v, %i, %uv, %ui, %hv, %hi : tensor<6xf32>, tensor<6xi32>, tensor<2x2xui8>, tensor<2x2xi32>, tensor<3xf16>, tensor<3xi32>
}

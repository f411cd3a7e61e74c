// Reductions compiled and compared with the interpreter (cxla check
// --mode=both): reduce (fused producers, variadic, non-commutative bodies,
// any reduced dims, empty and rank-0 shapes, promoted bodies, every kind of
// element type), reduce_window, map, select_and_scatter, and calls in
// bodies.

// exp is fused into the row sum's loop; the results are checked too.
func.func @row_sum_fused() -> tensor<2xf32> {
  %x = stablehlo.constant dense<[[0.0, 1.0, 2.0], [-1.0, 0.5, 3.0]]> : tensor<2x3xf32>
  %z = stablehlo.constant dense<0.0> : tensor<f32>
  %e = stablehlo.exponential %x : tensor<2x3xf32>
  %t = stablehlo.multiply %e, %x : tensor<2x3xf32>
  %r = stablehlo.reduce(%t init: %z) applies stablehlo.add across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
  check.expect_almost_eq_const %r, dense<[17.496394, 60.713092]> : tensor<2xf32>
  return %r : tensor<2xf32>
}

// A column reduction, a reduction over dims 0 and 2, and one to rank 0.
func.func @dims() -> (tensor<3xi32>, tensor<3xi32>, tensor<i32>) {
  %x = stablehlo.iota dim = 0 : tensor<2x3x4xi32>
  %y = stablehlo.iota dim = 2 : tensor<2x3x4xi32>
  %w = stablehlo.iota dim = 1 : tensor<2x3x4xi32>
  %s = stablehlo.multiply %x, %y : tensor<2x3x4xi32>
  %v = stablehlo.add %s, %w : tensor<2x3x4xi32>
  %z = stablehlo.constant dense<0> : tensor<i32>
  %m = stablehlo.constant dense<-100> : tensor<i32>
  %c = stablehlo.reduce(%v init: %m) applies stablehlo.maximum across dimensions = [0, 2] : (tensor<2x3x4xi32>, tensor<i32>) -> tensor<3xi32>
  %v2 = stablehlo.reshape %v : (tensor<2x3x4xi32>) -> tensor<6x4xi32>
  %v3 = stablehlo.slice %v2 [0:3, 0:4] : (tensor<6x4xi32>) -> tensor<3x4xi32>
  %d = stablehlo.reduce(%v3 init: %z) applies stablehlo.add across dimensions = [1] : (tensor<3x4xi32>, tensor<i32>) -> tensor<3xi32>
  %a = stablehlo.reduce(%v init: %z) applies stablehlo.add across dimensions = [0, 1, 2] : (tensor<2x3x4xi32>, tensor<i32>) -> tensor<i32>
  check.expect_eq_const %c, dense<[3, 4, 5]> : tensor<3xi32>
  check.expect_eq_const %d, dense<[0, 4, 8]> : tensor<3xi32>
  check.expect_eq_const %a, dense<42> : tensor<i32>
  return %c, %d, %a : tensor<3xi32>, tensor<3xi32>, tensor<i32>
}

// Empty reduced dims give the init value; no reduced dims apply the body
// once; a rank-0 operand; an empty result.
func.func @edge_shapes() -> (tensor<3xf32>, tensor<2x2xi32>, tensor<f64>, tensor<0xf32>) {
  %e = stablehlo.constant dense<> : tensor<0x3xf32>
  %one = stablehlo.constant dense<1.5> : tensor<f32>
  %r0 = stablehlo.reduce(%e init: %one) applies stablehlo.add across dimensions = [0] : (tensor<0x3xf32>, tensor<f32>) -> tensor<3xf32>
  %x = stablehlo.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %ten = stablehlo.constant dense<10> : tensor<i32>
  %r1 = stablehlo.reduce(%x init: %ten) applies stablehlo.subtract across dimensions = [] : (tensor<2x2xi32>, tensor<i32>) -> tensor<2x2xi32>
  %s = stablehlo.constant dense<2.25> : tensor<f64>
  %i = stablehlo.constant dense<-1.0> : tensor<f64>
  %r2 = stablehlo.reduce(%s init: %i) applies stablehlo.multiply across dimensions = [] : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %e2 = stablehlo.constant dense<> : tensor<0x4xf32>
  %r3 = stablehlo.reduce(%e2 init: %one) applies stablehlo.add across dimensions = [1] : (tensor<0x4xf32>, tensor<f32>) -> tensor<0xf32>
  check.expect_eq_const %r0, dense<1.5> : tensor<3xf32>
  check.expect_eq_const %r1, dense<[[9, 8], [7, 6]]> : tensor<2x2xi32>
  check.expect_eq_const %r2, dense<-2.25> : tensor<f64>
  return %r0, %r1, %r2, %r3 : tensor<3xf32>, tensor<2x2xi32>, tensor<f64>, tensor<0xf32>
}

// Bodies that are not commutative or associative: the fold order (left, in
// row-major order, from the init value) decides the answer.
func.func @non_commutative() -> (tensor<2xi32>, tensor<3xf32>) {
  %x = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %z = stablehlo.constant dense<7> : tensor<i32>
  %r = stablehlo.reduce(%x init: %z) across dimensions = [1] : (tensor<2x3xi32>, tensor<i32>) -> tensor<2xi32>
    reducer(%a: tensor<i32>, %b: tensor<i32>) {
      %ten = stablehlo.constant dense<10> : tensor<i32>
      %m = stablehlo.multiply %a, %ten : tensor<i32>
      %s = stablehlo.subtract %m, %b : tensor<i32>
      stablehlo.return %s : tensor<i32>
    }
  %f = stablehlo.constant dense<[[1.0e8, 1.0, -1.0e8], [3.0, 0.1, 7.0]]> : tensor<2x3xf32>
  %fz = stablehlo.constant dense<0.5> : tensor<f32>
  %q = stablehlo.reduce(%f init: %fz) across dimensions = [0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3xf32>
    reducer(%a: tensor<f32>, %b: tensor<f32>) {
      %d = stablehlo.divide %a, %b : tensor<f32>
      %s = stablehlo.add %d, %b : tensor<f32>
      stablehlo.return %s : tensor<f32>
    }
  check.expect_eq_const %r, dense<[6877, 6544]> : tensor<2xi32>
  return %r, %q : tensor<2xi32>, tensor<3xf32>
}

// Variadic: argmax with ties (the first index wins), and a three-way
// reduction whose results feed each other in the body.
func.func @variadic() -> (tensor<3xf32>, tensor<3xi32>, tensor<2xi64>, tensor<2xf16>, tensor<2xi1>) {
  %x = stablehlo.constant dense<[[1.0, 9.0, 3.0], [4.0, 5.0, 6.0], [7.0, 0.0, 7.0]]> : tensor<3x3xf32>
  %i = stablehlo.iota dim = 1 : tensor<3x3xi32>
  %m = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %z = stablehlo.constant dense<0> : tensor<i32>
  %r:2 = stablehlo.reduce(%x init: %m), (%i init: %z) across dimensions = [1] : (tensor<3x3xf32>, tensor<3x3xi32>, tensor<f32>, tensor<i32>) -> (tensor<3xf32>, tensor<3xi32>)
    reducer(%a: tensor<f32>, %b: tensor<f32>) (%c: tensor<i32>, %d: tensor<i32>) {
      %ge = stablehlo.compare GE, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %v = stablehlo.select %ge, %a, %b : tensor<i1>, tensor<f32>
      %w = stablehlo.select %ge, %c, %d : tensor<i1>, tensor<i32>
      stablehlo.return %v, %w : tensor<f32>, tensor<i32>
    }
  %p = stablehlo.constant dense<[[3, -1, 4, 1], [5, 9, -2, 6]]> : tensor<2x4xi64>
  %h = stablehlo.constant dense<[[0.5, 1.5, 2.5, 3.5], [1.0, 2.0, 3.0, 4.0]]> : tensor<2x4xf16>
  %b = stablehlo.constant dense<[[true, false, true, true], [true, true, true, true]]> : tensor<2x4xi1>
  %p0 = stablehlo.constant dense<1> : tensor<i64>
  %h0 = stablehlo.constant dense<0.25> : tensor<f16>
  %b0 = stablehlo.constant dense<true> : tensor<i1>
  %s:3 = stablehlo.reduce(%p init: %p0), (%h init: %h0), (%b init: %b0) across dimensions = [1] : (tensor<2x4xi64>, tensor<2x4xf16>, tensor<2x4xi1>, tensor<i64>, tensor<f16>, tensor<i1>) -> (tensor<2xi64>, tensor<2xf16>, tensor<2xi1>)
    reducer(%a0: tensor<i64>, %x0: tensor<i64>) (%a1: tensor<f16>, %x1: tensor<f16>) (%a2: tensor<i1>, %x2: tensor<i1>) {
      %n = stablehlo.multiply %a0, %x0 : tensor<i64>
      %cv = stablehlo.convert %a0 : (tensor<i64>) -> tensor<f16>
      %t = stablehlo.multiply %a1, %x1 : tensor<f16>
      %u = stablehlo.add %t, %cv : tensor<f16>
      %o = stablehlo.and %a2, %x2 : tensor<i1>
      stablehlo.return %n, %u, %o : tensor<i64>, tensor<f16>, tensor<i1>
    }
  check.expect_eq_const %r#1, dense<[1, 2, 0]> : tensor<3xi32>
  check.expect_eq_const %s#0, dense<[-12, -540]> : tensor<2xi64>
  check.expect_eq_const %s#2, dense<[false, true]> : tensor<2xi1>
  return %r#0, %r#1, %s#0, %s#1, %s#2 : tensor<3xf32>, tensor<3xi32>, tensor<2xi64>, tensor<2xf16>, tensor<2xi1>
}

// Element types: narrow floats round after every step, integers wrap.
func.func @element_types() -> (tensor<2xbf16>, tensor<2xf8E4M3FN>, tensor<2xi4>, tensor<2xui4>, tensor<2xui8>, tensor<2xf64>) {
  %a = stablehlo.constant dense<[[1.0, 0.00390625, 0.00390625, 0.00390625], [300.0, 1.0, -2.5, 8.0]]> : tensor<2x4xbf16>
  %a0 = stablehlo.constant dense<0.0> : tensor<bf16>
  %ra = stablehlo.reduce(%a init: %a0) applies stablehlo.add across dimensions = [1] : (tensor<2x4xbf16>, tensor<bf16>) -> tensor<2xbf16>
  %b = stablehlo.constant dense<[[1.0, 0.125, 0.125, 3.0], [2.0, 20.0, -4.0, 0.5]]> : tensor<2x4xf8E4M3FN>
  %b0 = stablehlo.constant dense<0.0> : tensor<f8E4M3FN>
  %rb = stablehlo.reduce(%b init: %b0) applies stablehlo.add across dimensions = [1] : (tensor<2x4xf8E4M3FN>, tensor<f8E4M3FN>) -> tensor<2xf8E4M3FN>
  %c = stablehlo.constant dense<[[7, 7, 1, -3], [-8, -8, 2, 1]]> : tensor<2x4xi4>
  %c0 = stablehlo.constant dense<0> : tensor<i4>
  %rc = stablehlo.reduce(%c init: %c0) applies stablehlo.add across dimensions = [1] : (tensor<2x4xi4>, tensor<i4>) -> tensor<2xi4>
  %d = stablehlo.constant dense<[[15, 3, 9, 1], [2, 4, 6, 8]]> : tensor<2x4xui4>
  %d0 = stablehlo.constant dense<1> : tensor<ui4>
  %rd = stablehlo.reduce(%d init: %d0) applies stablehlo.multiply across dimensions = [1] : (tensor<2x4xui4>, tensor<ui4>) -> tensor<2xui4>
  %e = stablehlo.constant dense<[[200, 3, 255, 1], [2, 4, 6, 8]]> : tensor<2x4xui8>
  %e0 = stablehlo.constant dense<0> : tensor<ui8>
  %re = stablehlo.reduce(%e init: %e0) applies stablehlo.maximum across dimensions = [1] : (tensor<2x4xui8>, tensor<ui8>) -> tensor<2xui8>
  %f = stablehlo.constant dense<[[1.0e300, 1.0e300, -1.0e300, 1.0], [0.1, 0.2, 0.3, 0x7FF8000000000000]]> : tensor<2x4xf64>
  %f0 = stablehlo.constant dense<0.0> : tensor<f64>
  %rf = stablehlo.reduce(%f init: %f0) applies stablehlo.add across dimensions = [1] : (tensor<2x4xf64>, tensor<f64>) -> tensor<2xf64>
  check.expect_eq_const %rc, dense<[-4, 3]> : tensor<2xi4>
  check.expect_eq_const %re, dense<[255, 8]> : tensor<2xui8>
  return %ra, %rb, %rc, %rd, %re, %rf : tensor<2xbf16>, tensor<2xf8E4M3FN>, tensor<2xi4>, tensor<2xui4>, tensor<2xui8>, tensor<2xf64>
}

// Complex sums and products, and a float minimum that propagates NaN.
func.func @complex_and_nan() -> (tensor<2xcomplex<f32>>, tensor<complex<f64>>, tensor<2xf32>) {
  %x = stablehlo.constant dense<[[(1.0, 2.0), (3.0, -1.0)], [(0.5, 0.5), (-2.0, 4.0)]]> : tensor<2x2xcomplex<f32>>
  %z = stablehlo.constant dense<(0.0, 0.0)> : tensor<complex<f32>>
  %r = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [0] : (tensor<2x2xcomplex<f32>>, tensor<complex<f32>>) -> tensor<2xcomplex<f32>>
  %y = stablehlo.constant dense<[(1.0, 1.0), (0.0, 2.0), (3.0, -1.0)]> : tensor<3xcomplex<f64>>
  %one = stablehlo.constant dense<(1.0, 0.0)> : tensor<complex<f64>>
  %p = stablehlo.reduce(%y init: %one) applies stablehlo.multiply across dimensions = [0] : (tensor<3xcomplex<f64>>, tensor<complex<f64>>) -> tensor<complex<f64>>
  %n = stablehlo.constant dense<[[1.0, 0x7FC00000, -3.0], [2.0, -0.0, 0.0]]> : tensor<2x3xf32>
  %inf = stablehlo.constant dense<0x7F800000> : tensor<f32>
  %m = stablehlo.reduce(%n init: %inf) applies stablehlo.minimum across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
  check.expect_eq_const %r, dense<[(1.5, 2.5), (1.0, 3.0)]> : tensor<2xcomplex<f32>>
  check.expect_eq_const %p, dense<(-4.0, 8.0)> : tensor<complex<f64>>
  return %r, %p, %m : tensor<2xcomplex<f32>>, tensor<complex<f64>>, tensor<2xf32>
}

// A promoted body: bf16 elements summed in f32.
func.func @promoted_body() -> tensor<2xf32> {
  %x = stablehlo.constant dense<[[256.0, 1.0, 1.0, 1.0], [0.5, 0.25, 0.125, 2.0]]> : tensor<2x4xbf16>
  %z = stablehlo.constant dense<0.0> : tensor<bf16>
  %r = stablehlo.reduce(%x init: %z) across dimensions = [1] : (tensor<2x4xbf16>, tensor<bf16>) -> tensor<2xf32>
    reducer(%a: tensor<f32>, %b: tensor<f32>) {
      %s = stablehlo.add %a, %b : tensor<f32>
      stablehlo.return %s : tensor<f32>
    }
  check.expect_eq_const %r, dense<[259.0, 2.875]> : tensor<2xf32>
  return %r : tensor<2xf32>
}

// A producer shared by two reductions is not fused (it has its own
// buffer); a producer also returned is computed once.
func.func @shared_producers() -> (tensor<2xf32>, tensor<2xf32>, tensor<2x3xf32>) {
  %x = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %z = stablehlo.constant dense<0.0> : tensor<f32>
  %sq = stablehlo.multiply %x, %x : tensor<2x3xf32>
  %n = stablehlo.negate %x : tensor<2x3xf32>
  %a = stablehlo.reduce(%sq init: %z) applies stablehlo.add across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
  %b = stablehlo.reduce(%sq init: %z) applies stablehlo.maximum across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
  %t = stablehlo.transpose %n, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %c = stablehlo.reduce(%t init: %z) applies stablehlo.add across dimensions = [0] : (tensor<3x2xf32>, tensor<f32>) -> tensor<2xf32>
  %s = stablehlo.add %a, %c : tensor<2xf32>
  check.expect_eq_const %s, dense<[8.0, 62.0]> : tensor<2xf32>
  return %s, %b, %n : tensor<2xf32>, tensor<2xf32>, tensor<2x3xf32>
}

// reduce_window: pooling with strides, padding, base and window dilations,
// variadic windows and narrow types.
func.func @reduce_window_pool() -> (tensor<2x2xf32>, tensor<2x4xf32>, tensor<4x2xi32>) {
  %x = stablehlo.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0], [13.0, 14.0, 15.0, 16.0]]> : tensor<4x4xf32>
  %m = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %z = stablehlo.constant dense<0.0> : tensor<f32>
  %max = "stablehlo.reduce_window"(%x, %m) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %r = stablehlo.maximum %a, %b : tensor<f32>
      stablehlo.return %r : tensor<f32>
    }) {window_dimensions = array<i64: 2, 2>, window_strides = array<i64: 2, 2>} : (tensor<4x4xf32>, tensor<f32>) -> tensor<2x2xf32>
  %sum = "stablehlo.reduce_window"(%x, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %r = stablehlo.add %a, %b : tensor<f32>
      stablehlo.return %r : tensor<f32>
    }) {window_dimensions = array<i64: 3, 3>, window_strides = array<i64: 2, 1>, padding = dense<[[1, 1], [1, 1]]> : tensor<2x2xi64>} : (tensor<4x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  %i = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %one = stablehlo.constant dense<1> : tensor<i32>
  %dil = "stablehlo.reduce_window"(%i, %one) ({
    ^bb0(%a: tensor<i32>, %b: tensor<i32>):
      %t = stablehlo.multiply %a, %b : tensor<i32>
      %u = stablehlo.add %t, %b : tensor<i32>
      stablehlo.return %u : tensor<i32>
    }) {window_dimensions = array<i64: 2, 2>, base_dilations = array<i64: 2, 1>, window_dilations = array<i64: 1, 2>, padding = dense<[[1, 1], [1, 0]]> : tensor<2x2xi64>} : (tensor<2x3xi32>, tensor<i32>) -> tensor<4x2xi32>
  check.expect_eq_const %max, dense<[[6.0, 8.0], [14.0, 16.0]]> : tensor<2x2xf32>
  return %max, %sum, %dil : tensor<2x2xf32>, tensor<2x4xf32>, tensor<4x2xi32>
}

func.func @reduce_window_variadic() -> (tensor<2x3xf16>, tensor<2x3xi32>, tensor<3xui8>) {
  %x = stablehlo.constant dense<[[1.0, 5.0, 2.0, 2.0], [3.0, -1.0, 0.5, 7.0]]> : tensor<2x4xf16>
  %i = stablehlo.iota dim = 1 : tensor<2x4xi32>
  %m = stablehlo.constant dense<0xFC00> : tensor<f16>
  %z = stablehlo.constant dense<-1> : tensor<i32>
  %r:2 = "stablehlo.reduce_window"(%x, %i, %m, %z) ({
    ^bb0(%a: tensor<f16>, %ai: tensor<i32>, %b: tensor<f16>, %bi: tensor<i32>):
      %gt = stablehlo.compare GT, %b, %a : (tensor<f16>, tensor<f16>) -> tensor<i1>
      %v = stablehlo.select %gt, %b, %a : tensor<i1>, tensor<f16>
      %w = stablehlo.select %gt, %bi, %ai : tensor<i1>, tensor<i32>
      stablehlo.return %v, %w : tensor<f16>, tensor<i32>
    }) {window_dimensions = array<i64: 1, 2>} : (tensor<2x4xf16>, tensor<2x4xi32>, tensor<f16>, tensor<i32>) -> (tensor<2x3xf16>, tensor<2x3xi32>)
  %u = stablehlo.constant dense<[250, 10, 3, 9, 1]> : tensor<5xui8>
  %u0 = stablehlo.constant dense<0> : tensor<ui8>
  %cum = "stablehlo.reduce_window"(%u, %u0) ({
    ^bb0(%a: tensor<ui8>, %b: tensor<ui8>):
      %s = stablehlo.add %a, %b : tensor<ui8>
      stablehlo.return %s : tensor<ui8>
    }) {window_dimensions = array<i64: 3>, window_strides = array<i64: 2>, padding = dense<[[2, 0]]> : tensor<1x2xi64>} : (tensor<5xui8>, tensor<ui8>) -> tensor<3xui8>
  check.expect_eq_const %r#1, dense<[[1, 1, 2], [0, 2, 3]]> : tensor<2x3xi32>
  check.expect_eq_const %cum, dense<[250, 7, 13]> : tensor<3xui8>
  return %r#0, %r#1, %cum : tensor<2x3xf16>, tensor<2x3xi32>, tensor<3xui8>
}

// A window body calling a function on scalars (as jax's cumlogsumexp does).
func.func @window_body_call() -> tensor<4xf32> {
  %x = stablehlo.constant dense<[0.5, -1.0, 2.0, 3.0]> : tensor<4xf32>
  %m = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %r = "stablehlo.reduce_window"(%x, %m) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %c = func.call @logaddexp(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      stablehlo.return %c : tensor<f32>
    }) {window_dimensions = array<i64: 4>, padding = dense<[[3, 0]]> : tensor<1x2xi64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func private @logaddexp(%a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  %m = stablehlo.maximum %a, %b : tensor<f32>
  %d = stablehlo.subtract %a, %b : tensor<f32>
  %nan = stablehlo.compare NE, %d, %d, FLOAT : (tensor<f32>, tensor<f32>) -> tensor<i1>
  %s = stablehlo.add %a, %b : tensor<f32>
  %ad = stablehlo.abs %d : tensor<f32>
  %n = stablehlo.negate %ad : tensor<f32>
  %e = stablehlo.exponential %n : tensor<f32>
  %l = stablehlo.log_plus_one %e : tensor<f32>
  %t = stablehlo.add %m, %l : tensor<f32>
  %r = stablehlo.select %nan, %s, %t : tensor<i1>, tensor<f32>
  return %r : tensor<f32>
}

// map over several operands and types.
func.func @map_ops() -> (tensor<2x2xf32>, tensor<3xi1>, tensor<2xcomplex<f32>>) {
  %x = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %y = stablehlo.constant dense<[[0.5, -1.0], [2.0, 0.0]]> : tensor<2x2xf32>
  %m = "stablehlo.map"(%x, %y) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %p = stablehlo.multiply %a, %b : tensor<f32>
      %s = stablehlo.subtract %p, %a : tensor<f32>
      stablehlo.return %s : tensor<f32>
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %i = stablehlo.constant dense<[1, -5, 7]> : tensor<3xi8>
  %j = stablehlo.constant dense<[1, 5, 100]> : tensor<3xi64>
  %c = "stablehlo.map"(%i, %j) ({
    ^bb0(%a: tensor<i8>, %b: tensor<i64>):
      %e = stablehlo.convert %a : (tensor<i8>) -> tensor<i64>
      %lt = stablehlo.compare LT, %e, %b : (tensor<i64>, tensor<i64>) -> tensor<i1>
      stablehlo.return %lt : tensor<i1>
    }) {dimensions = array<i64: 0>} : (tensor<3xi8>, tensor<3xi64>) -> tensor<3xi1>
  %z = stablehlo.constant dense<[(1.0, 2.0), (0.0, -1.0)]> : tensor<2xcomplex<f32>>
  %zz = "stablehlo.map"(%z) ({
    ^bb0(%a: tensor<complex<f32>>):
      %p = stablehlo.multiply %a, %a : tensor<complex<f32>>
      stablehlo.return %p : tensor<complex<f32>>
    }) {dimensions = array<i64: 0>} : (tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>>
  check.expect_eq_const %m, dense<[[-0.5, -4.0], [3.0, -4.0]]> : tensor<2x2xf32>
  check.expect_eq_const %c, dense<[false, true, true]> : tensor<3xi1>
  return %m, %c, %zz : tensor<2x2xf32>, tensor<3xi1>, tensor<2xcomplex<f32>>
}

// select_and_scatter: the max-pool gradient with overlapping windows,
// padding (padded positions are never selected), GE selection (ties keep
// the first) and a non-commutative scatter body.
func.func @select_and_scatter_cases() -> (tensor<4x4xf32>, tensor<3x4xi32>, tensor<5xf16>) {
  %x = stablehlo.constant dense<[[1.0, 5.0, 2.0, 2.0], [3.0, 5.0, 0.5, 7.0], [9.0, 0.0, 4.0, 1.0], [2.0, 2.0, 8.0, 3.0]]> : tensor<4x4xf32>
  %src = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]> : tensor<3x3xf32>
  %z = stablehlo.constant dense<0.0> : tensor<f32>
  %r = "stablehlo.select_and_scatter"(%x, %src, %z) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %ge = stablehlo.compare GE, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
      stablehlo.return %ge : tensor<i1>
    }, {
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %s = stablehlo.add %a, %b : tensor<f32>
      stablehlo.return %s : tensor<f32>
    }) {window_dimensions = array<i64: 2, 2>, window_strides = array<i64: 1, 1>} : (tensor<4x4xf32>, tensor<3x3xf32>, tensor<f32>) -> tensor<4x4xf32>
  %xi = stablehlo.constant dense<[[1, 9, 3, 3], [4, 4, 6, 0], [7, 2, 2, 5]]> : tensor<3x4xi32>
  %si = stablehlo.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %zi = stablehlo.constant dense<100> : tensor<i32>
  %ri = "stablehlo.select_and_scatter"(%xi, %si, %zi) ({
    ^bb0(%a: tensor<i32>, %b: tensor<i32>):
      %le = stablehlo.compare LE, %a, %b : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %le : tensor<i1>
    }, {
    ^bb0(%a: tensor<i32>, %b: tensor<i32>):
      %t = stablehlo.constant dense<3> : tensor<i32>
      %m = stablehlo.multiply %a, %t : tensor<i32>
      %s = stablehlo.subtract %m, %b : tensor<i32>
      stablehlo.return %s : tensor<i32>
    }) {window_dimensions = array<i64: 2, 3>, window_strides = array<i64: 2, 2>, padding = dense<[[1, 0], [1, 1]]> : tensor<2x2xi64>} : (tensor<3x4xi32>, tensor<2x2xi32>, tensor<i32>) -> tensor<3x4xi32>
  %xh = stablehlo.constant dense<[1.0, 3.0, 3.0, -2.0, 0.5]> : tensor<5xf16>
  %sh = stablehlo.constant dense<[0.25, 0.5, 0.125]> : tensor<3xf16>
  %zh = stablehlo.constant dense<1.0> : tensor<f16>
  %rh = "stablehlo.select_and_scatter"(%xh, %sh, %zh) ({
    ^bb0(%a: tensor<f16>, %b: tensor<f16>):
      %ge = stablehlo.compare GT, %a, %b : (tensor<f16>, tensor<f16>) -> tensor<i1>
      stablehlo.return %ge : tensor<i1>
    }, {
    ^bb0(%a: tensor<f16>, %b: tensor<f16>):
      %s = stablehlo.add %a, %b : tensor<f16>
      stablehlo.return %s : tensor<f16>
    }) {window_dimensions = array<i64: 3>, window_strides = array<i64: 2>, padding = dense<[[1, 1]]> : tensor<1x2xi64>} : (tensor<5xf16>, tensor<3xf16>, tensor<f16>) -> tensor<5xf16>
  check.expect_eq_const %r, dense<[[0.0, 3.0, 0.0, 0.0], [0.0, 5.0, 0.0, 9.0], [11.0, 0.0, 0.0, 0.0], [0.0, 0.0, 17.0, 0.0]]> : tensor<4x4xf32>
  return %r, %ri, %rh : tensor<4x4xf32>, tensor<3x4xi32>, tensor<5xf16>
}

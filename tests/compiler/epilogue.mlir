// GEMM epilogues (compiler/epilogue.h) compiled and compared with the
// interpreter (cxla check --mode=both): each mappable op, biases along rows
// and columns, residuals read through transposes and reshapes, the GELU
// forms of PyTorch and JAX, and chains that end early or do not fuse.
// The inputs are sines of iotas, so that every element differs.

// A bias along the result's columns (N): ADD with rs = 0.
func.func @bias_columns() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20xf32>
  %c = stablehlo.sine %c4 : tensor<20xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<20xf32>) -> tensor<16x20xf32>
  %y = stablehlo.add %r, %cb : tensor<16x20xf32>
  return %y : tensor<16x20xf32>
}

// A bias along the result's rows (M), operand first: ADD with cs = 0.
func.func @bias_rows() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<16xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<16xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<16xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<16xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<16xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<16xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<16xf32>
  %c = stablehlo.sine %c4 : tensor<16xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [0] : (tensor<16xf32>) -> tensor<16x20xf32>
  %y = stablehlo.add %cb, %r : tensor<16x20xf32>
  return %y : tensor<16x20xf32>
}

// A same-shape residual, then a per-column scale (MUL) and a splat scale.
func.func @residual() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<16x20xf32>
  %c1 = stablehlo.iota dim = 1 : tensor<16x20xf32>
  %ck = stablehlo.constant dense<0.25> : tensor<16x20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<16x20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<16x20xf32>
  %cj = stablehlo.constant dense<0.9> : tensor<16x20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<16x20xf32>
  %c = stablehlo.sine %c4 : tensor<16x20xf32>
  %d0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %d1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %dk = stablehlo.constant dense<0.5> : tensor<20xf32>
  %d2 = stablehlo.multiply %d0, %dk : tensor<20xf32>
  %d3 = stablehlo.add %d2, %d1 : tensor<20xf32>
  %dj = stablehlo.constant dense<1.7> : tensor<20xf32>
  %d4 = stablehlo.multiply %d3, %dj : tensor<20xf32>
  %d = stablehlo.sine %d4 : tensor<20xf32>
  %db = stablehlo.broadcast_in_dim %d, dims = [1] : (tensor<20xf32>) -> tensor<16x20xf32>
  %y = stablehlo.add %r, %c : tensor<16x20xf32>
  %z = stablehlo.multiply %db, %y : tensor<16x20xf32>
  %s = stablehlo.constant dense<0.125> : tensor<f32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [] : (tensor<f32>) -> tensor<16x20xf32>
  %w = stablehlo.multiply %z, %sb : tensor<16x20xf32>
  return %w : tensor<16x20xf32>
}

// A residual read through a transpose (strides, no copy).
func.func @transposed_residual() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20x16xf32>
  %c1 = stablehlo.iota dim = 1 : tensor<20x16xf32>
  %ck = stablehlo.constant dense<0.25> : tensor<20x16xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20x16xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20x16xf32>
  %cj = stablehlo.constant dense<0.9> : tensor<20x16xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20x16xf32>
  %c = stablehlo.sine %c4 : tensor<20x16xf32>
  %ct = stablehlo.transpose %c, dims = [1, 0] : (tensor<20x16xf32>) -> tensor<16x20xf32>
  %y = stablehlo.add %r, %ct : tensor<16x20xf32>
  return %y : tensor<16x20xf32>
}

// Splat scale by division, ReLU, clamp, minimum.
func.func @relu_clamp() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %k = stablehlo.constant dense<4.0> : tensor<16x20xf32>
  %y = stablehlo.divide %r, %k : tensor<16x20xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<16x20xf32>
  %z = stablehlo.maximum %y, %zero : tensor<16x20xf32>
  %lo = stablehlo.constant dense<0.5> : tensor<f32>
  %hi = stablehlo.constant dense<6.0> : tensor<f32>
  %c = stablehlo.clamp %lo, %z, %hi : (tensor<f32>, tensor<16x20xf32>, tensor<f32>) -> tensor<16x20xf32>
  %m = stablehlo.constant dense<3.0> : tensor<16x20xf32>
  %w = stablehlo.minimum %m, %c : tensor<16x20xf32>
  return %w : tensor<16x20xf32>
}

// Subtract and add of splats, negate, tanh, logistic, maximum with a nonzero splat.
func.func @activations() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %k = stablehlo.constant dense<0.75> : tensor<16x20xf32>
  %y = stablehlo.subtract %r, %k : tensor<16x20xf32>
  %n = stablehlo.negate %y : tensor<16x20xf32>
  %t = stablehlo.tanh %n : tensor<16x20xf32>
  %j = stablehlo.constant dense<0.25> : tensor<16x20xf32>
  %u = stablehlo.add %j, %t : tensor<16x20xf32>
  %l = stablehlo.logistic %u : tensor<16x20xf32>
  %f = stablehlo.constant dense<0.6> : tensor<16x20xf32>
  %w = stablehlo.maximum %l, %f : tensor<16x20xf32>
  return %w : tensor<16x20xf32>
}

// Bias then GELU as PyTorch exports it: x * 0.5 * (1 + erf(x * (1 / sqrt 2))).
func.func @gelu_torch() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20xf32>
  %c = stablehlo.sine %c4 : tensor<20xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<20xf32>) -> tensor<16x20xf32>
  %x = stablehlo.add %r, %cb : tensor<16x20xf32>
  %half = stablehlo.constant dense<0.5> : tensor<16x20xf32>
  %h = stablehlo.multiply %x, %half : tensor<16x20xf32>
  %is2 = stablehlo.constant dense<0.707106769> : tensor<16x20xf32>
  %s = stablehlo.multiply %x, %is2 : tensor<16x20xf32>
  %e = chlo.erf %s : tensor<16x20xf32> -> tensor<16x20xf32>
  %one = stablehlo.constant dense<1.0> : tensor<16x20xf32>
  %p = stablehlo.add %e, %one : tensor<16x20xf32>
  %g = stablehlo.multiply %h, %p : tensor<16x20xf32>
  return %g : tensor<16x20xf32>
}

// GELU as jax.nn.gelu(approximate=False) writes it: (x * (erf(x / sqrt 2) + 1)) / 2.
func.func @gelu_jax() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %s2 = stablehlo.constant dense<1.41421354> : tensor<f32>
  %s2b = stablehlo.broadcast_in_dim %s2, dims = [] : (tensor<f32>) -> tensor<16x20xf32>
  %s = stablehlo.divide %r, %s2b : tensor<16x20xf32>
  %e = chlo.erf %s : tensor<16x20xf32> -> tensor<16x20xf32>
  %one = stablehlo.constant dense<1.0> : tensor<16x20xf32>
  %p = stablehlo.add %one, %e : tensor<16x20xf32>
  %q = stablehlo.multiply %r, %p : tensor<16x20xf32>
  %two = stablehlo.constant dense<2.0> : tensor<16x20xf32>
  %g = stablehlo.divide %q, %two : tensor<16x20xf32>
  return %g : tensor<16x20xf32>
}

// The result reshaped to [1, M, N] before a bias broadcast along the last dim, then reshaped back.
func.func @reshaped_bias() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20xf32>
  %c = stablehlo.sine %c4 : tensor<20xf32>
  %r3 = stablehlo.reshape %r : (tensor<16x20xf32>) -> tensor<1x16x20xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [2] : (tensor<20xf32>) -> tensor<1x16x20xf32>
  %y = stablehlo.add %r3, %cb : tensor<1x16x20xf32>
  %t = stablehlo.tanh %y : tensor<1x16x20xf32>
  %y2 = stablehlo.reshape %t : (tensor<1x16x20xf32>) -> tensor<16x20xf32>
  return %y2 : tensor<16x20xf32>
}

// The result split to [4, 4, N] with a bias of [4, N] broadcast along dim 0: the bias does not fold
// into the GEMM's M stride, so the GEMM runs alone and the chain stays a kernel.
func.func @split_bias() -> (tensor<4x4x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<4x20xf32>
  %c1 = stablehlo.iota dim = 1 : tensor<4x20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<4x20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<4x20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<4x20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<4x20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<4x20xf32>
  %c = stablehlo.sine %c4 : tensor<4x20xf32>
  %r3 = stablehlo.reshape %r : (tensor<16x20xf32>) -> tensor<4x4x20xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [1, 2] : (tensor<4x20xf32>) -> tensor<4x4x20xf32>
  %y = stablehlo.add %r3, %cb : tensor<4x4x20xf32>
  return %y : tensor<4x4x20xf32>
}

// The dot's result has another use: no epilogue (the add is a kernel reading the GEMM's result).
func.func @shared_result() -> (tensor<16x20xf32>, tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20xf32>
  %c = stablehlo.sine %c4 : tensor<20xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<20xf32>) -> tensor<16x20xf32>
  %y = stablehlo.add %r, %cb : tensor<16x20xf32>
  return %y, %r : tensor<16x20xf32>, tensor<16x20xf32>
}

// An intermediate of the chain has another use: the epilogue ends there (bias), the tanh and
// the other user read its buffer.
func.func @shared_intermediate() -> (tensor<16x20xf32>, tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20xf32>
  %c = stablehlo.sine %c4 : tensor<20xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<20xf32>) -> tensor<16x20xf32>
  %y = stablehlo.add %r, %cb : tensor<16x20xf32>
  %t = stablehlo.tanh %y : tensor<16x20xf32>
  %u = stablehlo.multiply %y, %y : tensor<16x20xf32>
  return %t, %u : tensor<16x20xf32>, tensor<16x20xf32>
}

// Ten mappable ops: the first eight are the epilogue, the rest a kernel.
func.func @long_chain() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %k0 = stablehlo.constant dense<0.5> : tensor<16x20xf32>
  %y0 = stablehlo.multiply %r, %k0 : tensor<16x20xf32>
  %k1 = stablehlo.constant dense<0.625> : tensor<16x20xf32>
  %y1 = stablehlo.add %y0, %k1 : tensor<16x20xf32>
  %k2 = stablehlo.constant dense<0.75> : tensor<16x20xf32>
  %y2 = stablehlo.multiply %y1, %k2 : tensor<16x20xf32>
  %k3 = stablehlo.constant dense<0.875> : tensor<16x20xf32>
  %y3 = stablehlo.add %y2, %k3 : tensor<16x20xf32>
  %k4 = stablehlo.constant dense<1.0> : tensor<16x20xf32>
  %y4 = stablehlo.multiply %y3, %k4 : tensor<16x20xf32>
  %k5 = stablehlo.constant dense<1.125> : tensor<16x20xf32>
  %y5 = stablehlo.add %y4, %k5 : tensor<16x20xf32>
  %k6 = stablehlo.constant dense<1.25> : tensor<16x20xf32>
  %y6 = stablehlo.multiply %y5, %k6 : tensor<16x20xf32>
  %k7 = stablehlo.constant dense<1.375> : tensor<16x20xf32>
  %y7 = stablehlo.add %y6, %k7 : tensor<16x20xf32>
  %k8 = stablehlo.constant dense<1.5> : tensor<16x20xf32>
  %y8 = stablehlo.multiply %y7, %k8 : tensor<16x20xf32>
  %k9 = stablehlo.constant dense<1.625> : tensor<16x20xf32>
  %y9 = stablehlo.add %y8, %k9 : tensor<16x20xf32>
  return %y9 : tensor<16x20xf32>
}

// Batched QK^T-like product: a splat scale and a mask broadcast over the batch.
func.func @batched_scale_mask() -> (tensor<2x5x6xf32>) {
  %q0 = stablehlo.iota dim = 0 : tensor<2x5x8xf32>
  %q1 = stablehlo.iota dim = 2 : tensor<2x5x8xf32>
  %qk = stablehlo.constant dense<0.3> : tensor<2x5x8xf32>
  %q2 = stablehlo.multiply %q0, %qk : tensor<2x5x8xf32>
  %q3 = stablehlo.add %q2, %q1 : tensor<2x5x8xf32>
  %qj = stablehlo.constant dense<1.0> : tensor<2x5x8xf32>
  %q4 = stablehlo.multiply %q3, %qj : tensor<2x5x8xf32>
  %q = stablehlo.sine %q4 : tensor<2x5x8xf32>
  %k0 = stablehlo.iota dim = 0 : tensor<2x6x8xf32>
  %k1 = stablehlo.iota dim = 2 : tensor<2x6x8xf32>
  %kk = stablehlo.constant dense<0.7> : tensor<2x6x8xf32>
  %k2 = stablehlo.multiply %k0, %kk : tensor<2x6x8xf32>
  %k3 = stablehlo.add %k2, %k1 : tensor<2x6x8xf32>
  %kj = stablehlo.constant dense<0.8> : tensor<2x6x8xf32>
  %k4 = stablehlo.multiply %k3, %kj : tensor<2x6x8xf32>
  %k = stablehlo.sine %k4 : tensor<2x6x8xf32>
  %m0 = stablehlo.iota dim = 0 : tensor<5x6xf32>
  %m1 = stablehlo.iota dim = 1 : tensor<5x6xf32>
  %mk = stablehlo.constant dense<0.2> : tensor<5x6xf32>
  %m2 = stablehlo.multiply %m0, %mk : tensor<5x6xf32>
  %m3 = stablehlo.add %m2, %m1 : tensor<5x6xf32>
  %mj = stablehlo.constant dense<2.0> : tensor<5x6xf32>
  %m4 = stablehlo.multiply %m3, %mj : tensor<5x6xf32>
  %m = stablehlo.sine %m4 : tensor<5x6xf32>
  %s = stablehlo.dot_general %q, %k, batching_dims = [0] x [0], contracting_dims = [2] x [2] : (tensor<2x5x8xf32>, tensor<2x6x8xf32>) -> tensor<2x5x6xf32>
  %c = stablehlo.constant dense<0.35355339> : tensor<2x5x6xf32>
  %y = stablehlo.multiply %s, %c : tensor<2x5x6xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [1, 2] : (tensor<5x6xf32>) -> tensor<2x5x6xf32>
  %z = stablehlo.add %y, %mb : tensor<2x5x6xf32>
  return %z : tensor<2x5x6xf32>
}

// bf16 operands with an f32 result take the epilogue too.
func.func @bf16_inputs() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %ah = stablehlo.convert %a : (tensor<16x24xf32>) -> tensor<16x24xbf16>
  %bh = stablehlo.convert %b : (tensor<24x20xf32>) -> tensor<24x20xbf16>
  %r = stablehlo.dot_general %ah, %bh, contracting_dims = [1] x [0] : (tensor<16x24xbf16>, tensor<24x20xbf16>) -> tensor<16x20xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<16x20xf32>
  %z = stablehlo.maximum %r, %zero : tensor<16x20xf32>
  return %z : tensor<16x20xf32>
}

// Attention's head merge: the [heads, seq, dh] result transposed to [seq, heads, dh] and reshaped
// to [seq, heads * dh] is the GEMM's output written with strides (no copy), then a bias.
func.func @head_merge() -> (tensor<5x12xf32>) {
  %p0 = stablehlo.iota dim = 0 : tensor<3x5x6xf32>
  %p1 = stablehlo.iota dim = 2 : tensor<3x5x6xf32>
  %pk = stablehlo.constant dense<0.3> : tensor<3x5x6xf32>
  %p2 = stablehlo.multiply %p0, %pk : tensor<3x5x6xf32>
  %p3 = stablehlo.add %p2, %p1 : tensor<3x5x6xf32>
  %pj = stablehlo.constant dense<1.0> : tensor<3x5x6xf32>
  %p4 = stablehlo.multiply %p3, %pj : tensor<3x5x6xf32>
  %p = stablehlo.sine %p4 : tensor<3x5x6xf32>
  %v0 = stablehlo.iota dim = 0 : tensor<3x6x4xf32>
  %v1 = stablehlo.iota dim = 2 : tensor<3x6x4xf32>
  %vk = stablehlo.constant dense<0.7> : tensor<3x6x4xf32>
  %v2 = stablehlo.multiply %v0, %vk : tensor<3x6x4xf32>
  %v3 = stablehlo.add %v2, %v1 : tensor<3x6x4xf32>
  %vj = stablehlo.constant dense<0.8> : tensor<3x6x4xf32>
  %v4 = stablehlo.multiply %v3, %vj : tensor<3x6x4xf32>
  %v = stablehlo.sine %v4 : tensor<3x6x4xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<12xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<12xf32>
  %ck = stablehlo.constant dense<0.2> : tensor<12xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<12xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<12xf32>
  %cj = stablehlo.constant dense<2.0> : tensor<12xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<12xf32>
  %c = stablehlo.sine %c4 : tensor<12xf32>
  %o = stablehlo.dot_general %p, %v, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<3x5x6xf32>, tensor<3x6x4xf32>) -> tensor<3x5x4xf32>
  %o4 = stablehlo.reshape %o : (tensor<3x5x4xf32>) -> tensor<1x3x5x4xf32>
  %ot = stablehlo.transpose %o4, dims = [0, 2, 1, 3] : (tensor<1x3x5x4xf32>) -> tensor<1x5x3x4xf32>
  %om = stablehlo.reshape %ot : (tensor<1x5x3x4xf32>) -> tensor<5x12xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<12xf32>) -> tensor<5x12xf32>
  %y = stablehlo.add %om, %cb : tensor<5x12xf32>
  return %y : tensor<5x12xf32>
}

// The head merge alone: the GEMM writes the transposed result (no epilogue ops, no copy).
func.func @head_merge_only() -> (tensor<5x12xf32>) {
  %p0 = stablehlo.iota dim = 0 : tensor<3x5x6xf32>
  %p1 = stablehlo.iota dim = 2 : tensor<3x5x6xf32>
  %pk = stablehlo.constant dense<0.3> : tensor<3x5x6xf32>
  %p2 = stablehlo.multiply %p0, %pk : tensor<3x5x6xf32>
  %p3 = stablehlo.add %p2, %p1 : tensor<3x5x6xf32>
  %pj = stablehlo.constant dense<1.0> : tensor<3x5x6xf32>
  %p4 = stablehlo.multiply %p3, %pj : tensor<3x5x6xf32>
  %p = stablehlo.sine %p4 : tensor<3x5x6xf32>
  %v0 = stablehlo.iota dim = 0 : tensor<3x6x4xf32>
  %v1 = stablehlo.iota dim = 2 : tensor<3x6x4xf32>
  %vk = stablehlo.constant dense<0.7> : tensor<3x6x4xf32>
  %v2 = stablehlo.multiply %v0, %vk : tensor<3x6x4xf32>
  %v3 = stablehlo.add %v2, %v1 : tensor<3x6x4xf32>
  %vj = stablehlo.constant dense<0.8> : tensor<3x6x4xf32>
  %v4 = stablehlo.multiply %v3, %vj : tensor<3x6x4xf32>
  %v = stablehlo.sine %v4 : tensor<3x6x4xf32>
  %o = stablehlo.dot_general %p, %v, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<3x5x6xf32>, tensor<3x6x4xf32>) -> tensor<3x5x4xf32>
  %ot = stablehlo.transpose %o, dims = [1, 0, 2] : (tensor<3x5x4xf32>) -> tensor<5x3x4xf32>
  %om = stablehlo.reshape %ot : (tensor<5x3x4xf32>) -> tensor<5x12xf32>
  return %om : tensor<5x12xf32>
}

// Attention's head split: [M, N] with a bias, reshaped to [M, 4, 5] and transposed to [4, M, 5]:
// the split of N does not fold into one GEMM stride, so the epilogue ends at the bias.
func.func @head_split() -> (tensor<4x16x5xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20xf32>
  %c = stablehlo.sine %c4 : tensor<20xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<20xf32>) -> tensor<16x20xf32>
  %y = stablehlo.add %r, %cb : tensor<16x20xf32>
  %y3 = stablehlo.reshape %y : (tensor<16x20xf32>) -> tensor<16x4x5xf32>
  %yt = stablehlo.transpose %y3, dims = [1, 0, 2] : (tensor<16x4x5xf32>) -> tensor<4x16x5xf32>
  return %yt : tensor<4x16x5xf32>
}

// The result transposed, then a bias along the transposed rows: C written column-major.
func.func @transposed_result() -> (tensor<20x16xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20xf32>
  %c = stablehlo.sine %c4 : tensor<20xf32>
  %rt = stablehlo.transpose %r, dims = [1, 0] : (tensor<16x20xf32>) -> tensor<20x16xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [0] : (tensor<20xf32>) -> tensor<20x16xf32>
  %y = stablehlo.add %rt, %cb : tensor<20x16xf32>
  %z = stablehlo.logistic %y : tensor<20x16xf32>
  return %z : tensor<20x16xf32>
}

// A weight stored [N, K] and transposed for the dot, as PyTorch exports linear layers: the GEMM
// reads it through strides (no transpose kernel). The weight is also returned, so it has a buffer.
func.func @transposed_weight() -> (tensor<16x20xf32>, tensor<20x24xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %w0 = stablehlo.iota dim = 0 : tensor<20x24xf32>
  %w1 = stablehlo.iota dim = 1 : tensor<20x24xf32>
  %wk = stablehlo.constant dense<1.3> : tensor<20x24xf32>
  %w2 = stablehlo.multiply %w0, %wk : tensor<20x24xf32>
  %w3 = stablehlo.add %w2, %w1 : tensor<20x24xf32>
  %wj = stablehlo.constant dense<0.7> : tensor<20x24xf32>
  %w4 = stablehlo.multiply %w3, %wj : tensor<20x24xf32>
  %w = stablehlo.sine %w4 : tensor<20x24xf32>
  %c0 = stablehlo.iota dim = 0 : tensor<20xf32>
  %c1 = stablehlo.iota dim = 0 : tensor<20xf32>
  %ck = stablehlo.constant dense<0.5> : tensor<20xf32>
  %c2 = stablehlo.multiply %c0, %ck : tensor<20xf32>
  %c3 = stablehlo.add %c2, %c1 : tensor<20xf32>
  %cj = stablehlo.constant dense<1.1> : tensor<20xf32>
  %c4 = stablehlo.multiply %c3, %cj : tensor<20xf32>
  %c = stablehlo.sine %c4 : tensor<20xf32>
  %wt = stablehlo.transpose %w, dims = [1, 0] : (tensor<20x24xf32>) -> tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %wt, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %cb = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<20xf32>) -> tensor<16x20xf32>
  %y = stablehlo.add %r, %cb : tensor<16x20xf32>
  return %y, %w : tensor<16x20xf32>, tensor<20x24xf32>
}

// Attention on [S, H * D] activations: Q and K split into heads by reshape + transpose, K^T by a
// transpose, all read through strides by the batched GEMM; the scale is its epilogue.
func.func @attention_views() -> (tensor<3x6x6xf32>, tensor<6x12xf32>, tensor<6x12xf32>) {
  %q0 = stablehlo.iota dim = 0 : tensor<6x12xf32>
  %q1 = stablehlo.iota dim = 1 : tensor<6x12xf32>
  %qk = stablehlo.constant dense<0.3> : tensor<6x12xf32>
  %q2 = stablehlo.multiply %q0, %qk : tensor<6x12xf32>
  %q3 = stablehlo.add %q2, %q1 : tensor<6x12xf32>
  %qj = stablehlo.constant dense<1.0> : tensor<6x12xf32>
  %q4 = stablehlo.multiply %q3, %qj : tensor<6x12xf32>
  %q = stablehlo.sine %q4 : tensor<6x12xf32>
  %k0 = stablehlo.iota dim = 0 : tensor<6x12xf32>
  %k1 = stablehlo.iota dim = 1 : tensor<6x12xf32>
  %kk = stablehlo.constant dense<0.7> : tensor<6x12xf32>
  %k2 = stablehlo.multiply %k0, %kk : tensor<6x12xf32>
  %k3 = stablehlo.add %k2, %k1 : tensor<6x12xf32>
  %kj = stablehlo.constant dense<0.8> : tensor<6x12xf32>
  %k4 = stablehlo.multiply %k3, %kj : tensor<6x12xf32>
  %k = stablehlo.sine %k4 : tensor<6x12xf32>
  %qr = stablehlo.reshape %q : (tensor<6x12xf32>) -> tensor<6x3x4xf32>
  %qh = stablehlo.transpose %qr, dims = [1, 0, 2] : (tensor<6x3x4xf32>) -> tensor<3x6x4xf32>
  %kr = stablehlo.reshape %k : (tensor<6x12xf32>) -> tensor<6x3x4xf32>
  %kh = stablehlo.transpose %kr, dims = [1, 2, 0] : (tensor<6x3x4xf32>) -> tensor<3x4x6xf32>
  %s = stablehlo.dot_general %qh, %kh, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<3x6x4xf32>, tensor<3x4x6xf32>) -> tensor<3x6x6xf32>
  %c = stablehlo.constant dense<0.5> : tensor<3x6x6xf32>
  %y = stablehlo.multiply %s, %c : tensor<3x6x6xf32>
  return %y, %q, %k : tensor<3x6x6xf32>, tensor<6x12xf32>, tensor<6x12xf32>
}

// GELU's tanh form as jax.nn.gelu (approximate=True) writes it:
// x * (0.5 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))), x^3 as x * x * x.
func.func @gelu_tanh() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %x2 = stablehlo.multiply %r, %r : tensor<16x20xf32>
  %x3 = stablehlo.multiply %x2, %r : tensor<16x20xf32>
  %c = stablehlo.constant dense<0.044715> : tensor<16x20xf32>
  %cx3 = stablehlo.multiply %c, %x3 : tensor<16x20xf32>
  %in = stablehlo.add %r, %cx3 : tensor<16x20xf32>
  %k = stablehlo.constant dense<0.797884583> : tensor<16x20xf32>
  %u = stablehlo.multiply %k, %in : tensor<16x20xf32>
  %t = stablehlo.tanh %u : tensor<16x20xf32>
  %one = stablehlo.constant dense<1.0> : tensor<16x20xf32>
  %p = stablehlo.add %one, %t : tensor<16x20xf32>
  %half = stablehlo.constant dense<0.5> : tensor<16x20xf32>
  %h = stablehlo.multiply %half, %p : tensor<16x20xf32>
  %g = stablehlo.multiply %r, %h : tensor<16x20xf32>
  return %g : tensor<16x20xf32>
}

// Not GELU (0.6 instead of 0.5): the ops stay a kernel reading the GEMM's result.
func.func @gelu_wrong_constant() -> (tensor<16x20xf32>) {
  %a0 = stablehlo.iota dim = 0 : tensor<16x24xf32>
  %a1 = stablehlo.iota dim = 1 : tensor<16x24xf32>
  %ak = stablehlo.constant dense<0.37> : tensor<16x24xf32>
  %a2 = stablehlo.multiply %a0, %ak : tensor<16x24xf32>
  %a3 = stablehlo.add %a2, %a1 : tensor<16x24xf32>
  %aj = stablehlo.constant dense<1.0> : tensor<16x24xf32>
  %a4 = stablehlo.multiply %a3, %aj : tensor<16x24xf32>
  %a = stablehlo.sine %a4 : tensor<16x24xf32>
  %b0 = stablehlo.iota dim = 0 : tensor<24x20xf32>
  %b1 = stablehlo.iota dim = 1 : tensor<24x20xf32>
  %bk = stablehlo.constant dense<1.3> : tensor<24x20xf32>
  %b2 = stablehlo.multiply %b0, %bk : tensor<24x20xf32>
  %b3 = stablehlo.add %b2, %b1 : tensor<24x20xf32>
  %bj = stablehlo.constant dense<0.7> : tensor<24x20xf32>
  %b4 = stablehlo.multiply %b3, %bj : tensor<24x20xf32>
  %b = stablehlo.sine %b4 : tensor<24x20xf32>
  %r = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<16x24xf32>, tensor<24x20xf32>) -> tensor<16x20xf32>
  %half = stablehlo.constant dense<0.6> : tensor<16x20xf32>
  %h = stablehlo.multiply %r, %half : tensor<16x20xf32>
  %is2 = stablehlo.constant dense<0.707106769> : tensor<16x20xf32>
  %s = stablehlo.multiply %r, %is2 : tensor<16x20xf32>
  %e = chlo.erf %s : tensor<16x20xf32> -> tensor<16x20xf32>
  %one = stablehlo.constant dense<1.0> : tensor<16x20xf32>
  %p = stablehlo.add %e, %one : tensor<16x20xf32>
  %g = stablehlo.multiply %h, %p : tensor<16x20xf32>
  return %g : tensor<16x20xf32>
}

// NaN from the contraction stays NaN through every epilogue op (tanh,
// ReLU as max with 0, clamp, logistic), as in the interpreter.
func.func @epilogue_keeps_nan() -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %a0 = stablehlo.constant dense<[[1.0, 0x7FC00000], [2.0, -1.0]]> : tensor<2x2xf32>
  %b0 = stablehlo.constant dense<[[0.5, -1.0, 2.0], [1.0, 1.0, -3.0]]> : tensor<2x3xf32>
  %a = stablehlo.optimization_barrier %a0 : tensor<2x2xf32>
  %b = stablehlo.optimization_barrier %b0 : tensor<2x3xf32>
  %d0 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %t = stablehlo.tanh %d0 : tensor<2x3xf32>
  %d1 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<2x3xf32>
  %r = stablehlo.maximum %d1, %zero : tensor<2x3xf32>
  %d2 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %lo = stablehlo.constant dense<-1.0> : tensor<2x3xf32>
  %hi = stablehlo.constant dense<1.0> : tensor<2x3xf32>
  %c = stablehlo.clamp %lo, %d2, %hi : tensor<2x3xf32>
  %d3 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [0] : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %s = stablehlo.logistic %d3 : tensor<2x3xf32>
  return %t, %r, %c, %s : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

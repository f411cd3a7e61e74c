// Quantized tensors in compiled code, compared with the interpreter (cxla
// check --mode=both) and checked against the spec's arithmetic:
// quantize(x) = clamp(round_nearest_even(x / scale) + zero_point), NaN to 0,
// dequantize(q) = (q - zero_point) * scale, every step rounded to the
// expressed type; per-tensor and per-axis types; elementwise ops as
// dequantize-op-quantize.

func.func @quantize_per_tensor() -> (tensor<9xi8>, tensor<9xf32>) {
  %x = stablehlo.constant dense<[0.0, 0.25, 0.75, -0.25, 100.0, -100.0, 0x7FC00000, 0x7F800000, 1.05]> : tensor<9xf32>
  // scale 0.5, zero point 3: 0.25 / 0.5 = 0.5 rounds to 0 (even), 0.75 -> 2,
  // -0.5 -> -0; out of range clamps; NaN is 0; inf saturates.
  %q = stablehlo.uniform_quantize %x : (tensor<9xf32>) -> tensor<9x!quant.uniform<i8:f32, 0.5:3>>
  %b = stablehlo.bitcast_convert %q : (tensor<9x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<9xi8>
  check.expect_eq_const %b, dense<[3, 3, 5, 3, 127, -128, 0, 127, 5]> : tensor<9xi8>
  %d = stablehlo.uniform_dequantize %q : (tensor<9x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<9xf32>
  check.expect_eq_const %d, dense<[0.0, 0.0, 1.0, 0.0, 62.0, -65.5, -1.5, 62.0, 1.0]> : tensor<9xf32>
  return %b, %d : tensor<9xi8>, tensor<9xf32>
}

// Per-axis: dimension 1 has its own (scale, zero point); a narrowed storage
// range; requantization to another per-axis type goes through real values.
func.func @quantize_per_axis() -> (tensor<2x3xi8>, tensor<2x3xf32>, tensor<2x3xi8>) {
  %x = stablehlo.constant dense<[[1.0, -2.0, 3.0], [400.0, 0.1, -400.0]]> : tensor<2x3xf32>
  %q = stablehlo.uniform_quantize %x : (tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8<-127:127>:f32:1, {0.5:0, 0.25:-10, 2.0:10}>>
  %b = stablehlo.bitcast_convert %q : (tensor<2x3x!quant.uniform<i8<-127:127>:f32:1, {0.5:0, 0.25:-10, 2.0:10}>>) -> tensor<2x3xi8>
  check.expect_eq_const %b, dense<[[2, -18, 12], [127, -10, -127]]> : tensor<2x3xi8>
  %d = stablehlo.uniform_dequantize %q : (tensor<2x3x!quant.uniform<i8<-127:127>:f32:1, {0.5:0, 0.25:-10, 2.0:10}>>) -> tensor<2x3xf32>
  check.expect_eq_const %d, dense<[[1.0, -2.0, 4.0], [63.5, 0.0, -274.0]]> : tensor<2x3xf32>
  %r = stablehlo.uniform_quantize %q : (tensor<2x3x!quant.uniform<i8<-127:127>:f32:1, {0.5:0, 0.25:-10, 2.0:10}>>) -> tensor<2x3x!quant.uniform<i8:f32:0, {0.1:-20, 3.0:5}>>
  %rb = stablehlo.bitcast_convert %r : (tensor<2x3x!quant.uniform<i8:f32:0, {0.1:-20, 3.0:5}>>) -> tensor<2x3xi8>
  check.expect_eq_const %rb, dense<[[-10, -40, 20], [26, 5, -86]]> : tensor<2x3xi8>
  return %b, %d, %rb : tensor<2x3xi8>, tensor<2x3xf32>, tensor<2x3xi8>
}

// Other storage and expressed types: i4, ui8, i16, i32 (whose range is not
// exact in f32: clamping happens on exact bounds), bf16, f16 and f64.
func.func @storage_and_expressed_types() -> (tensor<5xi4>, tensor<5xui8>, tensor<5xi16>, tensor<5xi32>, tensor<5xbf16>, tensor<5xf64>) {
  %x = stablehlo.constant dense<[-3.0, 0.3, 2.5, 1.0e10, -1.0e10]> : tensor<5xf32>
  %a = stablehlo.uniform_quantize %x : (tensor<5xf32>) -> tensor<5x!quant.uniform<i4:f32, 0.5:-1>>
  %ab = stablehlo.bitcast_convert %a : (tensor<5x!quant.uniform<i4:f32, 0.5:-1>>) -> tensor<5xi4>
  check.expect_eq_const %ab, dense<[-7, 0, 4, 7, -8]> : tensor<5xi4>
  %u = stablehlo.uniform_quantize %x : (tensor<5xf32>) -> tensor<5x!quant.uniform<u8:f32, 0.1:128>>
  %ub = stablehlo.bitcast_convert %u : (tensor<5x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<5xui8>
  check.expect_eq_const %ub, dense<[98, 131, 153, 255, 0]> : tensor<5xui8>
  %s = stablehlo.uniform_quantize %x : (tensor<5xf32>) -> tensor<5x!quant.uniform<i16:f32, 0.001:0>>
  %sb = stablehlo.bitcast_convert %s : (tensor<5x!quant.uniform<i16:f32, 0.001:0>>) -> tensor<5xi16>
  check.expect_eq_const %sb, dense<[-3000, 300, 2500, 32767, -32768]> : tensor<5xi16>
  %w = stablehlo.uniform_quantize %x : (tensor<5xf32>) -> tensor<5x!quant.uniform<i32:f32, 1.0:0>>
  %wb = stablehlo.bitcast_convert %w : (tensor<5x!quant.uniform<i32:f32, 1.0:0>>) -> tensor<5xi32>
  check.expect_eq_const %wb, dense<[-3, 0, 2, 2147483647, -2147483648]> : tensor<5xi32>
  %h = stablehlo.convert %x : (tensor<5xf32>) -> tensor<5xbf16>
  %hq = stablehlo.uniform_quantize %h : (tensor<5xbf16>) -> tensor<5x!quant.uniform<i8:bf16, 0.1:0>>
  %hd = stablehlo.uniform_dequantize %hq : (tensor<5x!quant.uniform<i8:bf16, 0.1:0>>) -> tensor<5xbf16>
  %f = stablehlo.convert %x : (tensor<5xf32>) -> tensor<5xf64>
  %fq = stablehlo.uniform_quantize %f : (tensor<5xf64>) -> tensor<5x!quant.uniform<i16:f64, 0.3:7>>
  %fd = stablehlo.uniform_dequantize %fq : (tensor<5x!quant.uniform<i16:f64, 0.3:7>>) -> tensor<5xf64>
  return %ab, %ub, %sb, %wb, %hd, %fd : tensor<5xi4>, tensor<5xui8>, tensor<5xi16>, tensor<5xi32>, tensor<5xbf16>, tensor<5xf64>
}

// Elementwise ops on quantized operands (operands and result of different
// quantization), a quantized result of a float computation, compare and
// select, clamp with scalar bounds.
func.func @elementwise() -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xi8>, tensor<4xf32>, tensor<4xi8>) {
  %x = stablehlo.constant dense<[1.0, -2.0, 0.5, 3.0]> : tensor<4xf32>
  %y = stablehlo.constant dense<[0.25, 4.0, -1.5, -3.0]> : tensor<4xf32>
  %qx = stablehlo.uniform_quantize %x : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.1:-30>>
  %qy = stablehlo.uniform_quantize %y : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-20>>
  %add = stablehlo.add %qx, %qy : (tensor<4x!quant.uniform<i8:f32, 0.1:-30>>, tensor<4x!quant.uniform<i8:f32, 0.5:-20>>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-20>>
  %0 = stablehlo.bitcast_convert %add : (tensor<4x!quant.uniform<i8:f32, 0.5:-20>>) -> tensor<4xi8>
  // 1 + 0 (0.25 quantized at 0.5 is 0), -2 + 4, 0.5 - 1.5 (-1.5 -> -2), 3 - 3
  check.expect_eq_const %0, dense<[-18, -16, -22, -20]> : tensor<4xi8>
  %mul = stablehlo.multiply %qx, %qx : (tensor<4x!quant.uniform<i8:f32, 0.1:-30>>, tensor<4x!quant.uniform<i8:f32, 0.1:-30>>) -> tensor<4x!quant.uniform<i8:f32, 0.1:-30>>
  %1 = stablehlo.bitcast_convert %mul : (tensor<4x!quant.uniform<i8:f32, 0.1:-30>>) -> tensor<4xi8>
  check.expect_eq_const %1, dense<[-20, 10, -28, 60]> : tensor<4xi8>
  %lt = stablehlo.compare LT, %qx, %qy : (tensor<4x!quant.uniform<i8:f32, 0.1:-30>>, tensor<4x!quant.uniform<i8:f32, 0.5:-20>>) -> tensor<4xi1>
  check.expect_eq_const %lt, dense<[false, true, false, false]> : tensor<4xi1>
  %sel = stablehlo.select %lt, %qx, %mul : tensor<4xi1>, tensor<4x!quant.uniform<i8:f32, 0.1:-30>>
  %3 = stablehlo.bitcast_convert %sel : (tensor<4x!quant.uniform<i8:f32, 0.1:-30>>) -> tensor<4xi8>
  check.expect_eq_const %3, dense<[-20, -50, -28, 60]> : tensor<4xi8>
  %df = stablehlo.uniform_dequantize %add : (tensor<4x!quant.uniform<i8:f32, 0.5:-20>>) -> tensor<4xf32>
  check.expect_eq_const %df, dense<[1.0, 2.0, -1.0, 0.0]> : tensor<4xf32>
  %lo = stablehlo.constant dense<-1.0> : tensor<f32>
  %hi = stablehlo.constant dense<1.0> : tensor<f32>
  %qlo = stablehlo.uniform_quantize %lo : (tensor<f32>) -> tensor<!quant.uniform<i8:f32, 0.1:-30>>
  %qhi = stablehlo.uniform_quantize %hi : (tensor<f32>) -> tensor<!quant.uniform<i8:f32, 0.1:-30>>
  %cl = stablehlo.clamp %qlo, %qx, %qhi : (tensor<!quant.uniform<i8:f32, 0.1:-30>>, tensor<4x!quant.uniform<i8:f32, 0.1:-30>>, tensor<!quant.uniform<i8:f32, 0.1:-30>>) -> tensor<4x!quant.uniform<i8:f32, 0.1:-30>>
  %5 = stablehlo.bitcast_convert %cl : (tensor<4x!quant.uniform<i8:f32, 0.1:-30>>) -> tensor<4xi8>
  check.expect_eq_const %5, dense<[-20, -40, -25, -20]> : tensor<4xi8>
  return %0, %1, %lt, %3, %df, %5 : tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xi8>, tensor<4xf32>, tensor<4xi8>
}

// Transcendental ops through dequantize-op-quantize, per-axis operands of
// add, and a float result of a quantized op.
func.func @math_per_axis() -> (tensor<2x3xi8>, tensor<2x3xi8>, tensor<2x3xf32>, tensor<2x3xi8>, tensor<2x3xi8>) {
  %x = stablehlo.constant dense<[[0.5, -1.0, 2.0], [-0.25, 1.5, 0.0]]> : tensor<2x3xf32>
  %q = stablehlo.uniform_quantize %x : (tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8:f32, 0.02:5>>
  %t = stablehlo.tanh %q : (tensor<2x3x!quant.uniform<i8:f32, 0.02:5>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.0078125:0>>
  %0 = stablehlo.bitcast_convert %t : (tensor<2x3x!quant.uniform<i8:f32, 0.0078125:0>>) -> tensor<2x3xi8>
  %e = stablehlo.exponential %q : (tensor<2x3x!quant.uniform<i8:f32, 0.02:5>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.05:-100>>
  %1 = stablehlo.bitcast_convert %e : (tensor<2x3x!quant.uniform<i8:f32, 0.05:-100>>) -> tensor<2x3xi8>
  %s = stablehlo.sine %q : tensor<2x3x!quant.uniform<i8:f32, 0.02:5>>
  %2 = stablehlo.uniform_dequantize %s : (tensor<2x3x!quant.uniform<i8:f32, 0.02:5>>) -> tensor<2x3xf32>
  %r = stablehlo.reduce_precision %q, format = e2m1 : tensor<2x3x!quant.uniform<i8:f32, 0.02:5>>
  %3 = stablehlo.bitcast_convert %r : (tensor<2x3x!quant.uniform<i8:f32, 0.02:5>>) -> tensor<2x3xi8>
  %p = stablehlo.uniform_quantize %x : (tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8:f32:0, {0.01:0, 0.02:5}>>
  %a = stablehlo.add %p, %p : tensor<2x3x!quant.uniform<i8:f32:0, {0.01:0, 0.02:5}>>
  %4 = stablehlo.bitcast_convert %a : (tensor<2x3x!quant.uniform<i8:f32:0, {0.01:0, 0.02:5}>>) -> tensor<2x3xi8>
  // Row 0 (scale 0.01): 1.0 -> 100, -2.0 -> -128, 4.0 -> 127; row 1
  // (scale 0.02, zero point 5): -0.25 is stored as -7 (-12.5 rounds to even),
  // so the sum is -0.48 -> -19; 3.0 -> 127; 0 -> 5.
  check.expect_eq_const %4, dense<[[100, -128, 127], [-19, 127, 5]]> : tensor<2x3xi8>
  return %0, %1, %2, %3, %4 : tensor<2x3xi8>, tensor<2x3xi8>, tensor<2x3xf32>, tensor<2x3xi8>, tensor<2x3xi8>
}

// Quantized tensors move through data-movement ops as their stored
// integers, and chains of quantized ops fuse.
func.func @fused_chain() -> tensor<3x2xf32> {
  %x = stablehlo.constant dense<[[0.5, -1.0, 2.0], [-0.25, 1.5, 0.0]]> : tensor<2x3xf32>
  %q = stablehlo.uniform_quantize %x : (tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8:f32, 0.05:0>>
  %t = stablehlo.transpose %q, dims = [1, 0] : (tensor<2x3x!quant.uniform<i8:f32, 0.05:0>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.05:0>>
  %a = stablehlo.add %t, %t : tensor<3x2x!quant.uniform<i8:f32, 0.05:0>>
  %n = stablehlo.negate %a : tensor<3x2x!quant.uniform<i8:f32, 0.05:0>>
  %d = stablehlo.uniform_dequantize %n : (tensor<3x2x!quant.uniform<i8:f32, 0.05:0>>) -> tensor<3x2xf32>
  check.expect_almost_eq_const %d, dense<[[-1.0, 0.5], [2.0, -3.0], [-4.0, 0.0]]> : tensor<3x2xf32>
  return %d : tensor<3x2xf32>
}

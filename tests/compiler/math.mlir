// The vectorizable elementary functions (src/codegen/cg_math.c) compiled
// and compared with the interpreter (cxla check --mode=both): special values
// (signed zeros, infinities, NaN, overflow, underflow to subnormals, huge
// arguments of sine/cosine/tan) in every float type, a dense range of
// ordinary values, and exact results checked as compiled code.

func.func @unary_f32() -> (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) {
  %x = stablehlo.constant dense<[0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 10.0, -10.0, 88.5, -103.5, 1.0e30, -3.0e38, 1.0e-40, 0x7F800000, 0xFF800000, 0x7FC00000]> : tensor<16xf32>
  %0 = stablehlo.exponential %x : tensor<16xf32>
  %1 = stablehlo.exponential_minus_one %x : tensor<16xf32>
  %2 = stablehlo.log %x : tensor<16xf32>
  %3 = stablehlo.log_plus_one %x : tensor<16xf32>
  %4 = stablehlo.tanh %x : tensor<16xf32>
  %5 = stablehlo.logistic %x : tensor<16xf32>
  %6 = stablehlo.sine %x : tensor<16xf32>
  %7 = stablehlo.cosine %x : tensor<16xf32>
  %8 = stablehlo.tan %x : tensor<16xf32>
  %9 = stablehlo.cbrt %x : tensor<16xf32>
  %10 = stablehlo.sqrt %x : tensor<16xf32>
  %11 = stablehlo.rsqrt %x : tensor<16xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>
}

func.func @binary_f32() -> (tensor<11x11xf32>, tensor<11x11xf32>) {
  %v = stablehlo.constant dense<[0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.0, 0x7F800000, 0xFF800000, 0x7FC00000]> : tensor<11xf32>
  %x = stablehlo.broadcast_in_dim %v, dims = [0] : (tensor<11xf32>) -> tensor<11x11xf32>
  %y = stablehlo.broadcast_in_dim %v, dims = [1] : (tensor<11xf32>) -> tensor<11x11xf32>
  %a = stablehlo.atan2 %x, %y : tensor<11x11xf32>
  %p = stablehlo.power %x, %y : tensor<11x11xf32>
  return %a, %p : tensor<11x11xf32>, tensor<11x11xf32>
}

func.func @range_f32() -> (tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>) {
  %i = stablehlo.iota dim = 0 : tensor<4096xf32>
  %s = stablehlo.constant dense<0.0078125> : tensor<4096xf32>
  %c = stablehlo.constant dense<-16.0> : tensor<4096xf32>
  %m = stablehlo.multiply %i, %s : tensor<4096xf32>
  %x = stablehlo.add %m, %c : tensor<4096xf32>
  %0 = stablehlo.exponential %x : tensor<4096xf32>
  %1 = stablehlo.exponential_minus_one %x : tensor<4096xf32>
  %2 = stablehlo.log %x : tensor<4096xf32>
  %3 = stablehlo.log_plus_one %x : tensor<4096xf32>
  %4 = stablehlo.tanh %x : tensor<4096xf32>
  %5 = stablehlo.logistic %x : tensor<4096xf32>
  %6 = stablehlo.sine %x : tensor<4096xf32>
  %7 = stablehlo.cosine %x : tensor<4096xf32>
  %8 = stablehlo.tan %x : tensor<4096xf32>
  %9 = stablehlo.cbrt %x : tensor<4096xf32>
  %10 = stablehlo.sqrt %x : tensor<4096xf32>
  %11 = stablehlo.rsqrt %x : tensor<4096xf32>
  %h = stablehlo.constant dense<0.75> : tensor<4096xf32>
  %a = stablehlo.atan2 %x, %h : tensor<4096xf32>
  %b = stablehlo.atan2 %h, %x : tensor<4096xf32>
  %p = stablehlo.power %h, %x : tensor<4096xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %a, %b, %p : tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>, tensor<4096xf32>
}

func.func @unary_f64() -> (tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>) {
  %x = stablehlo.constant dense<[0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 10.0, -10.0, 709.5, -745.0, 1.0e300, -1.7e308, 4.9e-324, 0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000]> : tensor<16xf64>
  %0 = stablehlo.exponential %x : tensor<16xf64>
  %1 = stablehlo.exponential_minus_one %x : tensor<16xf64>
  %2 = stablehlo.log %x : tensor<16xf64>
  %3 = stablehlo.log_plus_one %x : tensor<16xf64>
  %4 = stablehlo.tanh %x : tensor<16xf64>
  %5 = stablehlo.logistic %x : tensor<16xf64>
  %6 = stablehlo.sine %x : tensor<16xf64>
  %7 = stablehlo.cosine %x : tensor<16xf64>
  %8 = stablehlo.tan %x : tensor<16xf64>
  %9 = stablehlo.cbrt %x : tensor<16xf64>
  %10 = stablehlo.sqrt %x : tensor<16xf64>
  %11 = stablehlo.rsqrt %x : tensor<16xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>, tensor<16xf64>
}

func.func @binary_f64() -> (tensor<11x11xf64>, tensor<11x11xf64>) {
  %v = stablehlo.constant dense<[0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.0, 0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000]> : tensor<11xf64>
  %x = stablehlo.broadcast_in_dim %v, dims = [0] : (tensor<11xf64>) -> tensor<11x11xf64>
  %y = stablehlo.broadcast_in_dim %v, dims = [1] : (tensor<11xf64>) -> tensor<11x11xf64>
  %a = stablehlo.atan2 %x, %y : tensor<11x11xf64>
  %p = stablehlo.power %x, %y : tensor<11x11xf64>
  return %a, %p : tensor<11x11xf64>, tensor<11x11xf64>
}

func.func @range_f64() -> (tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>) {
  %i = stablehlo.iota dim = 0 : tensor<4096xf64>
  %s = stablehlo.constant dense<0.0078125> : tensor<4096xf64>
  %c = stablehlo.constant dense<-16.0> : tensor<4096xf64>
  %m = stablehlo.multiply %i, %s : tensor<4096xf64>
  %x = stablehlo.add %m, %c : tensor<4096xf64>
  %0 = stablehlo.exponential %x : tensor<4096xf64>
  %1 = stablehlo.exponential_minus_one %x : tensor<4096xf64>
  %2 = stablehlo.log %x : tensor<4096xf64>
  %3 = stablehlo.log_plus_one %x : tensor<4096xf64>
  %4 = stablehlo.tanh %x : tensor<4096xf64>
  %5 = stablehlo.logistic %x : tensor<4096xf64>
  %6 = stablehlo.sine %x : tensor<4096xf64>
  %7 = stablehlo.cosine %x : tensor<4096xf64>
  %8 = stablehlo.tan %x : tensor<4096xf64>
  %9 = stablehlo.cbrt %x : tensor<4096xf64>
  %10 = stablehlo.sqrt %x : tensor<4096xf64>
  %11 = stablehlo.rsqrt %x : tensor<4096xf64>
  %h = stablehlo.constant dense<0.75> : tensor<4096xf64>
  %a = stablehlo.atan2 %x, %h : tensor<4096xf64>
  %b = stablehlo.atan2 %h, %x : tensor<4096xf64>
  %p = stablehlo.power %h, %x : tensor<4096xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %a, %b, %p : tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>, tensor<4096xf64>
}

func.func @unary_f16() -> (tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>) {
  %x = stablehlo.constant dense<[0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 10.0, -10.0, 11.0, -17.0, 6.0e4, -6.5e4, 6.0e-8, 0x7C00, 0xFC00, 0x7E00]> : tensor<16xf16>
  %0 = stablehlo.exponential %x : tensor<16xf16>
  %1 = stablehlo.exponential_minus_one %x : tensor<16xf16>
  %2 = stablehlo.log %x : tensor<16xf16>
  %3 = stablehlo.log_plus_one %x : tensor<16xf16>
  %4 = stablehlo.tanh %x : tensor<16xf16>
  %5 = stablehlo.logistic %x : tensor<16xf16>
  %6 = stablehlo.sine %x : tensor<16xf16>
  %7 = stablehlo.cosine %x : tensor<16xf16>
  %8 = stablehlo.tan %x : tensor<16xf16>
  %9 = stablehlo.cbrt %x : tensor<16xf16>
  %10 = stablehlo.sqrt %x : tensor<16xf16>
  %11 = stablehlo.rsqrt %x : tensor<16xf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>, tensor<16xf16>
}

func.func @binary_f16() -> (tensor<11x11xf16>, tensor<11x11xf16>) {
  %v = stablehlo.constant dense<[0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.0, 0x7C00, 0xFC00, 0x7E00]> : tensor<11xf16>
  %x = stablehlo.broadcast_in_dim %v, dims = [0] : (tensor<11xf16>) -> tensor<11x11xf16>
  %y = stablehlo.broadcast_in_dim %v, dims = [1] : (tensor<11xf16>) -> tensor<11x11xf16>
  %a = stablehlo.atan2 %x, %y : tensor<11x11xf16>
  %p = stablehlo.power %x, %y : tensor<11x11xf16>
  return %a, %p : tensor<11x11xf16>, tensor<11x11xf16>
}

func.func @range_f16() -> (tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>) {
  %i = stablehlo.iota dim = 0 : tensor<4096xf16>
  %s = stablehlo.constant dense<0.0078125> : tensor<4096xf16>
  %c = stablehlo.constant dense<-16.0> : tensor<4096xf16>
  %m = stablehlo.multiply %i, %s : tensor<4096xf16>
  %x = stablehlo.add %m, %c : tensor<4096xf16>
  %0 = stablehlo.exponential %x : tensor<4096xf16>
  %1 = stablehlo.exponential_minus_one %x : tensor<4096xf16>
  %2 = stablehlo.log %x : tensor<4096xf16>
  %3 = stablehlo.log_plus_one %x : tensor<4096xf16>
  %4 = stablehlo.tanh %x : tensor<4096xf16>
  %5 = stablehlo.logistic %x : tensor<4096xf16>
  %6 = stablehlo.sine %x : tensor<4096xf16>
  %7 = stablehlo.cosine %x : tensor<4096xf16>
  %8 = stablehlo.tan %x : tensor<4096xf16>
  %9 = stablehlo.cbrt %x : tensor<4096xf16>
  %10 = stablehlo.sqrt %x : tensor<4096xf16>
  %11 = stablehlo.rsqrt %x : tensor<4096xf16>
  %h = stablehlo.constant dense<0.75> : tensor<4096xf16>
  %a = stablehlo.atan2 %x, %h : tensor<4096xf16>
  %b = stablehlo.atan2 %h, %x : tensor<4096xf16>
  %p = stablehlo.power %h, %x : tensor<4096xf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %a, %b, %p : tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>, tensor<4096xf16>
}

func.func @unary_bf16() -> (tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>) {
  %x = stablehlo.constant dense<[0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 10.0, -10.0, 88.5, -103.5, 1.0e30, -3.0e38, 1.0e-40, 0x7F80, 0xFF80, 0x7FC0]> : tensor<16xbf16>
  %0 = stablehlo.exponential %x : tensor<16xbf16>
  %1 = stablehlo.exponential_minus_one %x : tensor<16xbf16>
  %2 = stablehlo.log %x : tensor<16xbf16>
  %3 = stablehlo.log_plus_one %x : tensor<16xbf16>
  %4 = stablehlo.tanh %x : tensor<16xbf16>
  %5 = stablehlo.logistic %x : tensor<16xbf16>
  %6 = stablehlo.sine %x : tensor<16xbf16>
  %7 = stablehlo.cosine %x : tensor<16xbf16>
  %8 = stablehlo.tan %x : tensor<16xbf16>
  %9 = stablehlo.cbrt %x : tensor<16xbf16>
  %10 = stablehlo.sqrt %x : tensor<16xbf16>
  %11 = stablehlo.rsqrt %x : tensor<16xbf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>, tensor<16xbf16>
}

func.func @binary_bf16() -> (tensor<11x11xbf16>, tensor<11x11xbf16>) {
  %v = stablehlo.constant dense<[0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.0, 0x7F80, 0xFF80, 0x7FC0]> : tensor<11xbf16>
  %x = stablehlo.broadcast_in_dim %v, dims = [0] : (tensor<11xbf16>) -> tensor<11x11xbf16>
  %y = stablehlo.broadcast_in_dim %v, dims = [1] : (tensor<11xbf16>) -> tensor<11x11xbf16>
  %a = stablehlo.atan2 %x, %y : tensor<11x11xbf16>
  %p = stablehlo.power %x, %y : tensor<11x11xbf16>
  return %a, %p : tensor<11x11xbf16>, tensor<11x11xbf16>
}

func.func @range_bf16() -> (tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>) {
  %i = stablehlo.iota dim = 0 : tensor<4096xbf16>
  %s = stablehlo.constant dense<0.0078125> : tensor<4096xbf16>
  %c = stablehlo.constant dense<-16.0> : tensor<4096xbf16>
  %m = stablehlo.multiply %i, %s : tensor<4096xbf16>
  %x = stablehlo.add %m, %c : tensor<4096xbf16>
  %0 = stablehlo.exponential %x : tensor<4096xbf16>
  %1 = stablehlo.exponential_minus_one %x : tensor<4096xbf16>
  %2 = stablehlo.log %x : tensor<4096xbf16>
  %3 = stablehlo.log_plus_one %x : tensor<4096xbf16>
  %4 = stablehlo.tanh %x : tensor<4096xbf16>
  %5 = stablehlo.logistic %x : tensor<4096xbf16>
  %6 = stablehlo.sine %x : tensor<4096xbf16>
  %7 = stablehlo.cosine %x : tensor<4096xbf16>
  %8 = stablehlo.tan %x : tensor<4096xbf16>
  %9 = stablehlo.cbrt %x : tensor<4096xbf16>
  %10 = stablehlo.sqrt %x : tensor<4096xbf16>
  %11 = stablehlo.rsqrt %x : tensor<4096xbf16>
  %h = stablehlo.constant dense<0.75> : tensor<4096xbf16>
  %a = stablehlo.atan2 %x, %h : tensor<4096xbf16>
  %b = stablehlo.atan2 %h, %x : tensor<4096xbf16>
  %p = stablehlo.power %h, %x : tensor<4096xbf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %a, %b, %p : tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>, tensor<4096xbf16>
}

// Exact results, checked in compiled code.
func.func @exact_f32() -> tensor<8xf32> {
  %x = stablehlo.constant dense<[0.0, 1.0, -8.0, 27.0, 2.0, -2.0, 0.0, 64.0]> : tensor<8xf32>
  %e = stablehlo.exponential %x : tensor<8xf32>
  %l = stablehlo.log %e : tensor<8xf32>
  %c = stablehlo.cbrt %x : tensor<8xf32>
  %p = stablehlo.power %x, %x : tensor<8xf32>
  %s = stablehlo.sine %x : tensor<8xf32>
  %k = stablehlo.cosine %x : tensor<8xf32>
  check.expect_eq_const %c, dense<[0.0, 1.0, -2.0, 3.0, 1.25992107, -1.25992107, 0.0, 4.0]> : tensor<8xf32>
  check.expect_eq_const %p, dense<[1.0, 1.0, 5.96046448e-08, 4.43426488e+38, 4.0, 0.25, 1.0, 0x7F800000]> : tensor<8xf32>
  check.expect_almost_eq_const %l, dense<[0.0, 1.0, -8.0, 27.0, 2.0, -2.0, 0.0, 64.0]> : tensor<8xf32>
  check.expect_almost_eq_const %k, dense<[1.0, 0.540302277, -0.145500034, -0.292138809, -0.416146845, -0.416146845, 1.0, 0.39185723]> : tensor<8xf32>
  return %s : tensor<8xf32>
}

func.func @exact_f64() -> tensor<6xf64> {
  %x = stablehlo.constant dense<[0.0, 1.0, -8.0, 27.0, 2.0, -3.0]> : tensor<6xf64>
  %y = stablehlo.constant dense<[5.0, 0.5, 3.0, 0.0, 10.0, -3.0]> : tensor<6xf64>
  %p = stablehlo.power %x, %y : tensor<6xf64>
  %e = stablehlo.exponential_minus_one %x : tensor<6xf64>
  %t = stablehlo.tanh %x : tensor<6xf64>
  check.expect_eq_const %p, dense<[0.0, 1.0, -512.0, 1.0, 1024.0, -0.037037037037037035]> : tensor<6xf64>
  return %t : tensor<6xf64>
}

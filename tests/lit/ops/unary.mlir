// Elementwise unary ops: the pretty form prints `op %x : T` when operand and
// result types agree and the functional type otherwise; every unary op once.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @unary(%arg0: tensor<4xf32>, %arg1: tensor<4xi32>, %arg2: tensor<4xcomplex<f32>>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.abs %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.cbrt %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %2 = stablehlo.ceil %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %3 = stablehlo.cosine %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %4 = stablehlo.count_leading_zeros %arg1 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.exponential %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %6 = stablehlo.exponential_minus_one %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %7 = stablehlo.floor %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %8 = stablehlo.imag %arg2 : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %9 = stablehlo.is_finite %arg0 : (tensor<4xf32>) -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %10 = stablehlo.log %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %11 = stablehlo.log_plus_one %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %12 = stablehlo.logistic %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %13 = stablehlo.negate %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %14 = stablehlo.not %arg1 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %15 = stablehlo.popcnt %arg1 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %16 = stablehlo.real %arg2 : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %17 = stablehlo.round_nearest_afz %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %18 = stablehlo.round_nearest_even %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %19 = stablehlo.rsqrt %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %20 = stablehlo.sign %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %21 = stablehlo.sine %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %22 = stablehlo.sqrt %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %23 = stablehlo.tan %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %24 = stablehlo.tanh %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %25 = stablehlo.exponential %arg0 {result_accuracy = #stablehlo.result_accuracy<atol = 1.000000e-05, rtol = 0.000000e+00, ulps = 1, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>} : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %26 = stablehlo.abs %arg2 : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: return %0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %0 = "stablehlo.abs"(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %8 = "stablehlo.imag"(%arg2) : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
// GENERIC{LITERAL}: %9 = "stablehlo.is_finite"(%arg0) : (tensor<4xf32>) -> tensor<4xi1>
// GENERIC{LITERAL}: %25 = "stablehlo.exponential"(%arg0) <{result_accuracy = #stablehlo.result_accuracy<atol = 1.000000e-05, rtol = 0.000000e+00, ulps = 1, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>}> : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %26 = "stablehlo.abs"(%arg2) : (tensor<4xcomplex<f32>>) -> tensor<4xf32>

func.func @unary(%f: tensor<4xf32>, %i: tensor<4xi32>, %c: tensor<4xcomplex<f32>>) -> tensor<4xf32> {
  %0 = stablehlo.abs %f : tensor<4xf32>
  %1 = stablehlo.cbrt %f : tensor<4xf32>
  %2 = stablehlo.ceil %f : tensor<4xf32>
  %3 = stablehlo.cosine %f : tensor<4xf32>
  %4 = stablehlo.count_leading_zeros %i : tensor<4xi32>
  %5 = stablehlo.exponential %f : tensor<4xf32>
  %6 = stablehlo.exponential_minus_one %f : tensor<4xf32>
  %7 = stablehlo.floor %f : tensor<4xf32>
  %8 = stablehlo.imag %c : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  %9 = stablehlo.is_finite %f : (tensor<4xf32>) -> tensor<4xi1>
  %10 = stablehlo.log %f : tensor<4xf32>
  %11 = stablehlo.log_plus_one %f : tensor<4xf32>
  %12 = stablehlo.logistic %f : tensor<4xf32>
  %13 = stablehlo.negate %f : tensor<4xf32>
  %14 = stablehlo.not %i : tensor<4xi32>
  %15 = stablehlo.popcnt %i : tensor<4xi32>
  %16 = stablehlo.real %c : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  %17 = stablehlo.round_nearest_afz %f : tensor<4xf32>
  %18 = stablehlo.round_nearest_even %f : tensor<4xf32>
  %19 = stablehlo.rsqrt %f : tensor<4xf32>
  %20 = stablehlo.sign %f : tensor<4xf32>
  %21 = stablehlo.sine %f : tensor<4xf32>
  %22 = stablehlo.sqrt %f : tensor<4xf32>
  %23 = stablehlo.tan %f : tensor<4xf32>
  %24 = stablehlo.tanh %f : tensor<4xf32>
  %25 = "stablehlo.exponential"(%f) {result_accuracy = #stablehlo.result_accuracy<atol = 1.000000e-05, rtol = 0.000000e+00, ulps = 1, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>} : (tensor<4xf32>) -> tensor<4xf32>
  %26 = "stablehlo.abs"(%c) : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHLO: every unary and binary op, the broadcast_* ops (with and without
// broadcast_dimensions), broadcast_compare/constant_like (generic form),
// constant, top_k, ragged_dot and scan.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @chlo_unary(%arg0: tensor<4xf32>, %arg1: tensor<4xcomplex<f32>>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = chlo.acos %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %1 = chlo.acosh %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %2 = chlo.asin %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %3 = chlo.asinh %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %4 = chlo.atan %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %5 = chlo.atanh %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %6 = chlo.bessel_i1e %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %7 = chlo.cosh %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %8 = chlo.digamma %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %9 = chlo.erf %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %10 = chlo.erf_inv %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %11 = chlo.erfc %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %12 = chlo.lgamma %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %13 = chlo.sinh %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %14 = chlo.tan %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %15 = chlo.square %arg0 : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %16 = chlo.conj %arg1 : tensor<4xcomplex<f32>> -> tensor<4xcomplex<f32>>
// CHECK-NEXT{LITERAL}: %17 = chlo.is_inf %arg0 : tensor<4xf32> -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %18 = chlo.is_neg_inf %arg0 : tensor<4xf32> -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %19 = chlo.is_pos_inf %arg0 : tensor<4xf32> -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: return %0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func @chlo_binary(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xi32>, %arg3: tensor<f32>, %arg4: tensor<4xi1>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = chlo.next_after %arg0, %arg1 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %1 = chlo.polygamma %arg0, %arg1 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %2 = chlo.zeta %arg0, %arg1 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %3 = chlo.mulhi %arg2, %arg2 : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
// CHECK-NEXT{LITERAL}: %4 = chlo.broadcast_add %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %5 = chlo.broadcast_atan2 %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %6 = chlo.broadcast_divide %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %7 = chlo.broadcast_maximum %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %8 = chlo.broadcast_minimum %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %9 = chlo.broadcast_multiply %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %10 = chlo.broadcast_next_after %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %11 = chlo.broadcast_polygamma %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %12 = chlo.broadcast_power %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %13 = chlo.broadcast_remainder %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %14 = chlo.broadcast_subtract %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %15 = chlo.broadcast_zeta %arg0, %arg3 {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %16 = chlo.broadcast_and %arg2, %arg2 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT{LITERAL}: %17 = chlo.broadcast_or %arg2, %arg2 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT{LITERAL}: %18 = chlo.broadcast_xor %arg2, %arg2 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT{LITERAL}: %19 = chlo.broadcast_shift_left %arg2, %arg2 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT{LITERAL}: %20 = chlo.broadcast_shift_right_arithmetic %arg2, %arg2 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT{LITERAL}: %21 = chlo.broadcast_shift_right_logical %arg2, %arg2 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT{LITERAL}: %22 = chlo.broadcast_complex %arg0, %arg1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xcomplex<f32>>
// CHECK-NEXT{LITERAL}: %23 = chlo.broadcast_select %arg4, %arg0, %arg1 : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %24 = "chlo.broadcast_compare"(%arg0, %arg1) <{compare_type = #chlo<comparison_type FLOAT>, comparison_direction = #chlo<comparison_direction LT>}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %25 = chlo.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %26 = "chlo.constant_like"(%arg0) <{value = 2.000000e+00 : f32}> : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: return %0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func @chlo_structured(%arg0: tensor<5x3xf32>, %arg1: tensor<11x5xf32>, %arg2: tensor<3x5x7xf32>, %arg3: tensor<3xi64>, %arg4: tensor<4xi32>, %arg5: tensor<i32>) -> tensor<11x7xf32> {
// CHECK-NEXT{LITERAL}: %values, %indices = chlo.top_k(%arg0, k = 2) : tensor<5x3xf32> -> (tensor<5x2xf32>, tensor<5x2xi32>)
// CHECK-NEXT{LITERAL}: %0 = "chlo.ragged_dot"(%arg1, %arg2, %arg3) <{precision_config = [#chlo<precision DEFAULT>, #chlo<precision HIGHEST>], ragged_dot_dimension_numbers = #chlo.ragged_dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1], lhs_ragged_dimensions = [0], rhs_group_dimensions = [0]>}> : (tensor<11x5xf32>, tensor<3x5x7xf32>, tensor<3xi64>) -> tensor<11x7xf32>
// CHECK-NEXT{LITERAL}: %1:2 = chlo.scan(%arg4) inits(%arg5) dimension = 0 attributes {is_reverse = true} {
// CHECK-NEXT{LITERAL}: ^bb0(%arg6: tensor<i32>, %arg7: tensor<i32>):
// CHECK-NEXT{LITERAL}: %2 = stablehlo.add %arg6, %arg7 : tensor<i32>
// CHECK-NEXT{LITERAL}: stablehlo.return %2, %2 : tensor<i32>, tensor<i32>
// CHECK-NEXT{LITERAL}: } : (tensor<4xi32>, tensor<i32>) -> (tensor<4xi32>, tensor<i32>)
// CHECK-NEXT{LITERAL}: return %0 : tensor<11x7xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %0 = "chlo.acos"(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %3 = "chlo.mulhi"(%arg2, %arg2) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// GENERIC{LITERAL}: %4 = "chlo.broadcast_add"(%arg0, %arg3) <{broadcast_dimensions = array<i64>}> : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %24 = "chlo.broadcast_compare"(%arg0, %arg1) <{compare_type = #chlo<comparison_type FLOAT>, comparison_direction = #chlo<comparison_direction LT>}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
// GENERIC{LITERAL}: %25 = "chlo.constant"() <{value = dense<1.000000e+00> : tensor<4xf32>}> : () -> tensor<4xf32>
// GENERIC{LITERAL}: %values, %indices = "chlo.top_k"(%arg0) <{k = 2 : i64}> : (tensor<5x3xf32>) -> (tensor<5x2xf32>, tensor<5x2xi32>)
// GENERIC{LITERAL}: %1:2 = "chlo.scan"(%arg4, %arg5) <{dimension = 0 : i64, is_reverse = true, operandSegmentSizes = array<i32: 1, 1>, resultSegmentSizes = array<i32: 1, 1>}> ({

func.func @chlo_unary(%f: tensor<4xf32>, %c: tensor<4xcomplex<f32>>) -> tensor<4xf32> {
  %0 = chlo.acos %f : tensor<4xf32> -> tensor<4xf32>
  %1 = chlo.acosh %f : tensor<4xf32> -> tensor<4xf32>
  %2 = chlo.asin %f : tensor<4xf32> -> tensor<4xf32>
  %3 = chlo.asinh %f : tensor<4xf32> -> tensor<4xf32>
  %4 = chlo.atan %f : tensor<4xf32> -> tensor<4xf32>
  %5 = chlo.atanh %f : tensor<4xf32> -> tensor<4xf32>
  %6 = chlo.bessel_i1e %f : tensor<4xf32> -> tensor<4xf32>
  %7 = chlo.cosh %f : tensor<4xf32> -> tensor<4xf32>
  %8 = chlo.digamma %f : tensor<4xf32> -> tensor<4xf32>
  %9 = chlo.erf %f : tensor<4xf32> -> tensor<4xf32>
  %10 = chlo.erf_inv %f : tensor<4xf32> -> tensor<4xf32>
  %11 = chlo.erfc %f : tensor<4xf32> -> tensor<4xf32>
  %12 = chlo.lgamma %f : tensor<4xf32> -> tensor<4xf32>
  %13 = chlo.sinh %f : tensor<4xf32> -> tensor<4xf32>
  %14 = chlo.tan %f : tensor<4xf32> -> tensor<4xf32>
  %15 = chlo.square %f : tensor<4xf32> -> tensor<4xf32>
  %16 = chlo.conj %c : tensor<4xcomplex<f32>> -> tensor<4xcomplex<f32>>
  %17 = chlo.is_inf %f : tensor<4xf32> -> tensor<4xi1>
  %18 = chlo.is_neg_inf %f : tensor<4xf32> -> tensor<4xi1>
  %19 = chlo.is_pos_inf %f : tensor<4xf32> -> tensor<4xi1>
  return %0 : tensor<4xf32>
}

func.func @chlo_binary(%f: tensor<4xf32>, %g: tensor<4xf32>, %i: tensor<4xi32>, %s: tensor<f32>, %b: tensor<4xi1>) -> tensor<4xf32> {
  %0 = chlo.next_after %f, %g : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %1 = chlo.polygamma %f, %g : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %2 = chlo.zeta %f, %g : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %3 = chlo.mulhi %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  %4 = chlo.broadcast_add %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %5 = chlo.broadcast_atan2 %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %6 = chlo.broadcast_divide %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %7 = chlo.broadcast_maximum %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %8 = chlo.broadcast_minimum %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %9 = chlo.broadcast_multiply %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %10 = chlo.broadcast_next_after %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %11 = chlo.broadcast_polygamma %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %12 = chlo.broadcast_power %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %13 = chlo.broadcast_remainder %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %14 = chlo.broadcast_subtract %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %15 = chlo.broadcast_zeta %f, %s {broadcast_dimensions = array<i64>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %16 = chlo.broadcast_and %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %17 = chlo.broadcast_or %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %18 = chlo.broadcast_xor %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %19 = chlo.broadcast_shift_left %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %20 = chlo.broadcast_shift_right_arithmetic %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %21 = chlo.broadcast_shift_right_logical %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %22 = chlo.broadcast_complex %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xcomplex<f32>>
  %23 = chlo.broadcast_select %b, %f, %g : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %24 = "chlo.broadcast_compare"(%f, %g) {comparison_direction = #chlo<comparison_direction LT>, compare_type = #chlo<comparison_type FLOAT>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %25 = chlo.constant dense<1.0> : tensor<4xf32>
  %26 = "chlo.constant_like"(%f) {value = 2.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @chlo_structured(%x: tensor<5x3xf32>, %lhs: tensor<11x5xf32>, %rhs: tensor<3x5x7xf32>, %gs: tensor<3xi64>, %v: tensor<4xi32>, %init: tensor<i32>) -> tensor<11x7xf32> {
  %values, %indices = chlo.top_k(%x, k = 2) : tensor<5x3xf32> -> (tensor<5x2xf32>, tensor<5x2xi32>)
  %0 = "chlo.ragged_dot"(%lhs, %rhs, %gs) {ragged_dot_dimension_numbers = #chlo.ragged_dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1], lhs_ragged_dimensions = [0], rhs_group_dimensions = [0]>, precision_config = [#chlo<precision DEFAULT>, #chlo<precision HIGHEST>]} : (tensor<11x5xf32>, tensor<3x5x7xf32>, tensor<3xi64>) -> tensor<11x7xf32>
  %1:2 = chlo.scan(%v) inits(%init) dimension=0 attributes {is_reverse = true} {
  ^bb0(%a: tensor<i32>, %b: tensor<i32>):
    %s = stablehlo.add %a, %b : tensor<i32>
    stablehlo.return %s, %s : tensor<i32>, tensor<i32>
  } : (tensor<4xi32>, tensor<i32>) -> (tensor<4xi32>, tensor<i32>)
  return %0 : tensor<11x7xf32>
}

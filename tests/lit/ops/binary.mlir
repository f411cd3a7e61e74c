// Elementwise binary ops, select, clamp and compare (every comparison
// direction and type); the pretty forms as stablehlo-opt prints them.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @binary(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xi32>, %arg3: tensor<4xi32>, %arg4: tensor<4xi1>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.add %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.and %arg2, %arg3 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %2 = stablehlo.atan2 %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %3 = stablehlo.complex %arg0, %arg1 : tensor<4xcomplex<f32>>
// CHECK-NEXT{LITERAL}: %4 = stablehlo.divide %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.maximum %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %6 = stablehlo.minimum %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %7 = stablehlo.multiply %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %8 = stablehlo.or %arg4, %arg4 : tensor<4xi1>
// CHECK-NEXT{LITERAL}: %9 = stablehlo.power %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %10 = stablehlo.remainder %arg2, %arg3 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %11 = stablehlo.shift_left %arg2, %arg3 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %12 = stablehlo.shift_right_arithmetic %arg2, %arg3 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %13 = stablehlo.shift_right_logical %arg2, %arg3 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %14 = stablehlo.subtract %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %15 = stablehlo.xor %arg2, %arg3 : tensor<4xi32>
// CHECK-NEXT{LITERAL}: %16 = stablehlo.select %arg4, %arg0, %arg1 : tensor<4xi1>, tensor<4xf32>
// CHECK-NEXT{LITERAL}: %c = stablehlo.constant dense<true> : tensor<i1>
// CHECK-NEXT{LITERAL}: %17 = stablehlo.select %c, %arg0, %arg1 : tensor<i1>, tensor<4xf32>
// CHECK-NEXT{LITERAL}: %18 = stablehlo.clamp %arg0, %arg1, %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %cst = stablehlo.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT{LITERAL}: %19 = stablehlo.clamp %cst, %arg0, %cst : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %20 = stablehlo.compare  EQ, %arg0, %arg1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %21 = stablehlo.compare  LT, %arg2, %arg3,  SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %22 = stablehlo.compare  GE, %arg0, %arg1,  TOTALORDER : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %23 = stablehlo.compare  NE, %arg2, %arg3,  UNSIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %24 = stablehlo.compare  GT, %arg0, %arg1,  FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %25 = stablehlo.compare  LE, %arg0, %arg1,  NOTYPE : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
// CHECK-NEXT{LITERAL}: %26 = stablehlo.add %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: return %0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %3 = "stablehlo.complex"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xcomplex<f32>>
// GENERIC{LITERAL}: %16 = "stablehlo.select"(%arg4, %arg0, %arg1) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %17 = "stablehlo.select"(%c, %arg0, %arg1) : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %18 = "stablehlo.clamp"(%arg0, %arg1, %arg0) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %19 = "stablehlo.clamp"(%cst, %arg0, %cst) : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %23 = "stablehlo.compare"(%arg2, %arg3) <{compare_type = #stablehlo<comparison_type UNSIGNED>, comparison_direction = #stablehlo<comparison_direction NE>}> : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>

func.func @binary(%f: tensor<4xf32>, %g: tensor<4xf32>, %i: tensor<4xi32>, %j: tensor<4xi32>, %b: tensor<4xi1>) -> tensor<4xf32> {
  %0 = stablehlo.add %f, %g : tensor<4xf32>
  %1 = stablehlo.and %i, %j : tensor<4xi32>
  %2 = stablehlo.atan2 %f, %g : tensor<4xf32>
  %3 = stablehlo.complex %f, %g : tensor<4xcomplex<f32>>
  %4 = stablehlo.divide %f, %g : tensor<4xf32>
  %5 = stablehlo.maximum %f, %g : tensor<4xf32>
  %6 = stablehlo.minimum %f, %g : tensor<4xf32>
  %7 = stablehlo.multiply %f, %g : tensor<4xf32>
  %8 = stablehlo.or %b, %b : tensor<4xi1>
  %9 = stablehlo.power %f, %g : tensor<4xf32>
  %10 = stablehlo.remainder %i, %j : tensor<4xi32>
  %11 = stablehlo.shift_left %i, %j : tensor<4xi32>
  %12 = stablehlo.shift_right_arithmetic %i, %j : tensor<4xi32>
  %13 = stablehlo.shift_right_logical %i, %j : tensor<4xi32>
  %14 = stablehlo.subtract %f, %g : tensor<4xf32>
  %15 = stablehlo.xor %i, %j : tensor<4xi32>
  %16 = stablehlo.select %b, %f, %g : tensor<4xi1>, tensor<4xf32>
  %p = stablehlo.constant dense<true> : tensor<i1>
  %17 = stablehlo.select %p, %f, %g : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %18 = stablehlo.clamp %f, %g, %f : tensor<4xf32>
  %lo = stablehlo.constant dense<0.0> : tensor<f32>
  %19 = stablehlo.clamp %lo, %f, %lo : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %20 = stablehlo.compare EQ, %f, %g : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %21 = stablehlo.compare LT, %i, %j, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %22 = stablehlo.compare GE, %f, %g, TOTALORDER : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %23 = "stablehlo.compare"(%i, %j) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %24 = stablehlo.compare  GT, %f, %g,  FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %25 = stablehlo.compare LE, %f, %g, NOTYPE : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %26 = "stablehlo.add"(%f, %g) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

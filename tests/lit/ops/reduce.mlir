// Reductions and sorting: reduce ('applies' form, reducer form for several
// operands, and a generic input that prints in 'applies' form),
// reduce_window, select_and_scatter, map and sort (generic form).
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @reduce(%arg0: tensor<4x6xf32>, %arg1: tensor<4x6xi32>, %arg2: tensor<f32>, %arg3: tensor<i32>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.reduce(%arg0 init: %arg2) applies stablehlo.add across dimensions = [1] : (tensor<4x6xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.reduce(%arg0 init: %arg2) applies stablehlo.maximum across dimensions = [0, 1] : (tensor<4x6xf32>, tensor<f32>) -> tensor<f32>
// CHECK-NEXT{LITERAL}: %2:2 = stablehlo.reduce(%arg0 init: %arg2), (%arg1 init: %arg3) across dimensions = [1] : (tensor<4x6xf32>, tensor<4x6xi32>, tensor<f32>, tensor<i32>) -> (tensor<4xf32>, tensor<4xi32>)
// CHECK-NEXT{LITERAL}: reducer(%arg4: tensor<f32>, %arg6: tensor<f32>) (%arg5: tensor<i32>, %arg7: tensor<i32>)  {
// CHECK-NEXT{LITERAL}: %9 = stablehlo.maximum %arg4, %arg6 : tensor<f32>
// CHECK-NEXT{LITERAL}: %10 = stablehlo.minimum %arg5, %arg7 : tensor<i32>
// CHECK-NEXT{LITERAL}: stablehlo.return %9, %10 : tensor<f32>, tensor<i32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: %3 = stablehlo.reduce(%arg0 init: %arg2) applies stablehlo.multiply across dimensions = [0] : (tensor<4x6xf32>, tensor<f32>) -> tensor<6xf32>
// CHECK-NEXT{LITERAL}: %4 = "stablehlo.reduce_window"(%arg0, %arg2) <{base_dilations = array<i64: 1, 1>, padding = dense<[[0, 0], [1, 1]]> : tensor<2x2xi64>, window_dilations = array<i64: 1, 1>, window_dimensions = array<i64: 2, 2>, window_strides = array<i64: 2, 2>}> ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg4: tensor<f32>, %arg5: tensor<f32>):
// CHECK-NEXT{LITERAL}: %9 = stablehlo.add %arg4, %arg5 : tensor<f32>
// CHECK-NEXT{LITERAL}: stablehlo.return %9 : tensor<f32>
// CHECK-NEXT{LITERAL}: }) : (tensor<4x6xf32>, tensor<f32>) -> tensor<2x4xf32>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.reshape %0 : (tensor<4xf32>) -> tensor<4x1xf32>
// CHECK-NEXT{LITERAL}: %6 = "stablehlo.select_and_scatter"(%arg0, %5, %arg2) <{window_dimensions = array<i64: 1, 6>, window_strides = array<i64: 1, 6>}> ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg4: tensor<f32>, %arg5: tensor<f32>):
// CHECK-NEXT{LITERAL}: %9 = stablehlo.compare  GE, %arg4, %arg5 : (tensor<f32>, tensor<f32>) -> tensor<i1>
// CHECK-NEXT{LITERAL}: stablehlo.return %9 : tensor<i1>
// CHECK-NEXT{LITERAL}: }, {
// CHECK-NEXT{LITERAL}: ^bb0(%arg4: tensor<f32>, %arg5: tensor<f32>):
// CHECK-NEXT{LITERAL}: %9 = stablehlo.add %arg4, %arg5 : tensor<f32>
// CHECK-NEXT{LITERAL}: stablehlo.return %9 : tensor<f32>
// CHECK-NEXT{LITERAL}: }) : (tensor<4x6xf32>, tensor<4x1xf32>, tensor<f32>) -> tensor<4x6xf32>
// CHECK-NEXT{LITERAL}: %7 = "stablehlo.map"(%arg0, %arg0) <{dimensions = array<i64: 0, 1>}> ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg4: tensor<f32>, %arg5: tensor<f32>):
// CHECK-NEXT{LITERAL}: %9 = stablehlo.subtract %arg4, %arg5 : tensor<f32>
// CHECK-NEXT{LITERAL}: stablehlo.return %9 : tensor<f32>
// CHECK-NEXT{LITERAL}: }) : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
// CHECK-NEXT{LITERAL}: %8:2 = "stablehlo.sort"(%arg0, %arg1) <{dimension = 1 : i64, is_stable = true}> ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg4: tensor<f32>, %arg5: tensor<f32>, %arg6: tensor<i32>, %arg7: tensor<i32>):
// CHECK-NEXT{LITERAL}: %9 = stablehlo.compare  GT, %arg4, %arg5,  TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
// CHECK-NEXT{LITERAL}: stablehlo.return %9 : tensor<i1>
// CHECK-NEXT{LITERAL}: }) : (tensor<4x6xf32>, tensor<4x6xi32>) -> (tensor<4x6xf32>, tensor<4x6xi32>)
// CHECK-NEXT{LITERAL}: return %0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<4x6xf32>, tensor<4x6xi32>, tensor<f32>, tensor<i32>) -> tensor<4xf32>, sym_name = "reduce"}> ({
// GENERIC{LITERAL}: %0 = "stablehlo.reduce"(%arg0, %arg2) <{dimensions = array<i64: 1>}> ({
// GENERIC{LITERAL}: %1 = "stablehlo.reduce"(%arg0, %arg2) <{dimensions = array<i64: 0, 1>}> ({
// GENERIC{LITERAL}: %2:2 = "stablehlo.reduce"(%arg0, %arg1, %arg2, %arg3) <{dimensions = array<i64: 1>}> ({
// GENERIC{LITERAL}: %3 = "stablehlo.reduce"(%arg0, %arg2) <{dimensions = array<i64: 0>}> ({
// GENERIC{LITERAL}: %4 = "stablehlo.reduce_window"(%arg0, %arg2) <{base_dilations = array<i64: 1, 1>, padding = dense<[[0, 0], [1, 1]]> : tensor<2x2xi64>, window_dilations = array<i64: 1, 1>, window_dimensions = array<i64: 2, 2>, window_strides = array<i64: 2, 2>}> ({
// GENERIC{LITERAL}: %6 = "stablehlo.select_and_scatter"(%arg0, %5, %arg2) <{window_dimensions = array<i64: 1, 6>, window_strides = array<i64: 1, 6>}> ({
// GENERIC{LITERAL}: %7 = "stablehlo.map"(%arg0, %arg0) <{dimensions = array<i64: 0, 1>}> ({
// GENERIC{LITERAL}: %8:2 = "stablehlo.sort"(%arg0, %arg1) <{dimension = 1 : i64, is_stable = true}> ({

func.func @reduce(%x: tensor<4x6xf32>, %y: tensor<4x6xi32>, %z: tensor<f32>, %w: tensor<i32>) -> tensor<4xf32> {
  %0 = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [1] : (tensor<4x6xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = stablehlo.reduce(%x init: %z) applies stablehlo.maximum across dimensions = [0, 1] : (tensor<4x6xf32>, tensor<f32>) -> tensor<f32>
  %2:2 = stablehlo.reduce(%x init: %z), (%y init: %w) across dimensions = [1] : (tensor<4x6xf32>, tensor<4x6xi32>, tensor<f32>, tensor<i32>) -> (tensor<4xf32>, tensor<4xi32>)
    reducer(%a: tensor<f32>, %b: tensor<f32>) (%c: tensor<i32>, %d: tensor<i32>) {
      %m = stablehlo.maximum %a, %b : tensor<f32>
      %n = stablehlo.minimum %c, %d : tensor<i32>
      stablehlo.return %m, %n : tensor<f32>, tensor<i32>
    }
  %3 = "stablehlo.reduce"(%x, %z) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %s = stablehlo.multiply %a, %b : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) {dimensions = array<i64: 0>} : (tensor<4x6xf32>, tensor<f32>) -> tensor<6xf32>
  %4 = "stablehlo.reduce_window"(%x, %z) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %s = stablehlo.add %a, %b : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) {window_dimensions = array<i64: 2, 2>, window_strides = array<i64: 2, 2>, base_dilations = array<i64: 1, 1>, window_dilations = array<i64: 1, 1>, padding = dense<[[0, 0], [1, 1]]> : tensor<2x2xi64>} : (tensor<4x6xf32>, tensor<f32>) -> tensor<2x4xf32>
  %src = stablehlo.reshape %0 : (tensor<4xf32>) -> tensor<4x1xf32>
  %5 = "stablehlo.select_and_scatter"(%x, %src, %z) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %p = stablehlo.compare GE, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }, {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %s = stablehlo.add %a, %b : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) {window_dimensions = array<i64: 1, 6>, window_strides = array<i64: 1, 6>} : (tensor<4x6xf32>, tensor<4x1xf32>, tensor<f32>) -> tensor<4x6xf32>
  %6 = "stablehlo.map"(%x, %x) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %s = stablehlo.subtract %a, %b : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) {dimensions = array<i64: 0, 1>} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %7:2 = "stablehlo.sort"(%x, %y) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>, %c: tensor<i32>, %d: tensor<i32>):
    %p = stablehlo.compare GT, %a, %b, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }) {dimension = 1 : i64, is_stable = true} : (tensor<4x6xf32>, tensor<4x6xi32>) -> (tensor<4x6xf32>, tensor<4x6xi32>)
  return %0 : tensor<4xf32>
}

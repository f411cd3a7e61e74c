// canonicalize erases trivially dead ops (pure, no result used) and keeps
// every op with side effects, used or not.
// RUN: %cxla opt --canonicalize %s | FileCheck %s

// CHECK-LABEL: func.func @pure_chain
// CHECK-NEXT:    return %arg0
func.func @pure_chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = stablehlo.exponential %x : tensor<4xf32>
  %1 = stablehlo.multiply %0, %0 : tensor<4xf32>
  %2 = stablehlo.custom_call @pure_target(%1) : (tensor<4xf32>) -> tensor<4xf32>
  return %x : tensor<4xf32>
}

// CHECK-LABEL: func.func @effects_kept
// CHECK-NEXT:    stablehlo.custom_call @effect(%arg0) {has_side_effect = true}
// CHECK-NEXT:    stablehlo.custom_call @no_results(%arg0)
// CHECK-NEXT:    "stablehlo.outfeed"(%arg0, %arg1)
// CHECK-NEXT:    stablehlo.rng %
// CHECK-NEXT:    "stablehlo.all_reduce"
// CHECK:         return %arg0
func.func @effects_kept(%x: tensor<4xf32>, %t: !stablehlo.token, %lo: tensor<f32>, %shape: tensor<1xi64>) -> tensor<4xf32> {
  %0 = stablehlo.custom_call @effect(%x) {has_side_effect = true} : (tensor<4xf32>) -> tensor<4xf32>
  stablehlo.custom_call @no_results(%x) : (tensor<4xf32>) -> ()
  %1 = "stablehlo.outfeed"(%x, %t) : (tensor<4xf32>, !stablehlo.token) -> !stablehlo.token
  %2 = stablehlo.rng %lo, %lo, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<1xi64>) -> tensor<4xf32>
  %3 = "stablehlo.all_reduce"(%x) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %s = stablehlo.add %a, %b : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) {replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<4xf32>) -> tensor<4xf32>
  return %x : tensor<4xf32>
}

// A loop is dead when its result is unused and its body is pure; a side
// effect in the body keeps it.
// CHECK-LABEL: func.func @loops
// CHECK:         stablehlo.while
// CHECK-NOT:     stablehlo.while
// CHECK:         return
func.func @loops(%n: tensor<i32>) -> tensor<i32> {
  %one = stablehlo.constant dense<1> : tensor<i32>
  %0 = stablehlo.while(%i = %n) : tensor<i32>
   cond {
    %c = stablehlo.compare GT, %i, %one : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %c : tensor<i1>
  } do {
    %d = stablehlo.subtract %i, %one : tensor<i32>
    stablehlo.return %d : tensor<i32>
  }
  %1 = stablehlo.while(%i = %n) : tensor<i32>
   cond {
    %c = stablehlo.compare GT, %i, %one : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %c : tensor<i1>
  } do {
    %d = stablehlo.subtract %i, %one : tensor<i32>
    %e = stablehlo.custom_call @log(%d) {has_side_effect = true} : (tensor<i32>) -> tensor<i32>
    stablehlo.return %d : tensor<i32>
  }
  return %n : tensor<i32>
}

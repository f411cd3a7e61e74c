// canonicalize: broadcast_in_dim of a splat constant -> a splat constant of
// the result type (in any element type).
// RUN: %cxla opt --canonicalize %s | FileCheck %s

// CHECK-LABEL: func.func @splat
// CHECK-NEXT:    %[[C:.*]] = stablehlo.constant dense<1.500000e+00> : tensor<2x3xbf16>
// CHECK-NEXT:    %[[I:.*]] = stablehlo.constant dense<-3> : tensor<4x2xi4>
// CHECK-NEXT:    return %[[C]], %[[I]]
func.func @splat() -> (tensor<2x3xbf16>, tensor<4x2xi4>) {
  %c = stablehlo.constant dense<1.5> : tensor<bf16>
  %0 = stablehlo.broadcast_in_dim %c, dims = [] : (tensor<bf16>) -> tensor<2x3xbf16>
  %i = stablehlo.constant dense<-3> : tensor<2xi4>
  %1 = stablehlo.broadcast_in_dim %i, dims = [1] : (tensor<2xi4>) -> tensor<4x2xi4>
  return %0, %1 : tensor<2x3xbf16>, tensor<4x2xi4>
}

// A constant with different elements is not a splat: the broadcast stays.
// CHECK-LABEL: func.func @not_splat
// CHECK:         stablehlo.broadcast_in_dim
func.func @not_splat() -> tensor<3x2xf32> {
  %c = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = stablehlo.broadcast_in_dim %c, dims = [1] : (tensor<2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// The operand constant keeps its other users.
// CHECK-LABEL: func.func @shared
// CHECK-DAG:     %[[S:.*]] = stablehlo.constant dense<7> : tensor<i32>
// CHECK-DAG:     %[[B:.*]] = stablehlo.constant dense<7> : tensor<5xi32>
// CHECK:         return %[[B]], %[[S]]
func.func @shared() -> (tensor<5xi32>, tensor<i32>) {
  %c = stablehlo.constant dense<7> : tensor<i32>
  %0 = stablehlo.broadcast_in_dim %c, dims = [] : (tensor<i32>) -> tensor<5xi32>
  return %0, %c : tensor<5xi32>, tensor<i32>
}

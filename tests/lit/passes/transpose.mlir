// canonicalize: transpose(transpose(x, p), q) -> transpose(x, p[q[i]]), or x
// when that is the identity; transpose(x, identity) -> x.
// RUN: %cxla opt --canonicalize %s | FileCheck %s

// CHECK-LABEL: func.func @back_and_forth
// CHECK-NEXT:    return %arg0 : tensor<2x3x4xf32>
func.func @back_and_forth(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = stablehlo.transpose %x, dims = [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %1 = stablehlo.transpose %0, dims = [2, 0, 1] : (tensor<3x4x2xf32>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// [1, 0, 2] then [0, 2, 1]: one transpose with [1, 2, 0].
// CHECK-LABEL: func.func @composed
// CHECK-NEXT:    %[[T:.*]] = stablehlo.transpose %arg0, dims = [1, 2, 0] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
// CHECK-NEXT:    return %[[T]]
func.func @composed(%x: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %0 = stablehlo.transpose %x, dims = [1, 0, 2] : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %1 = stablehlo.transpose %0, dims = [0, 2, 1] : (tensor<3x2x4xf32>) -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// The inner transpose has another user: it stays, the outer one still folds.
// CHECK-LABEL: func.func @shared_inner
// CHECK-NEXT:    %[[T:.*]] = stablehlo.transpose %arg0, dims = [1, 0]
// CHECK-NEXT:    return %arg0, %[[T]]
func.func @shared_inner(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>) {
  %0 = stablehlo.transpose %x, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = stablehlo.transpose %0, dims = [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  return %1, %0 : tensor<2x3xf32>, tensor<3x2xf32>
}

// CHECK-LABEL: func.func @identity
// CHECK-NEXT:    return %arg0 : tensor<2x3xf32>
func.func @identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = stablehlo.transpose %x, dims = [0, 1] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

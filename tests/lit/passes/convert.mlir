// canonicalize: convert to the operand's own type -> the operand.
// RUN: %cxla opt --canonicalize %s | FileCheck %s

// CHECK-LABEL: func.func @same
// CHECK-NEXT:    return %arg0 : tensor<4xf32>
func.func @same(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = stablehlo.convert %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @kept
// CHECK-NEXT:    %[[C:.*]] = stablehlo.convert %arg0 : (tensor<4xf32>) -> tensor<4xf16>
// CHECK-NEXT:    return %[[C]]
func.func @kept(%x: tensor<4xf32>) -> tensor<4xf16> {
  %0 = stablehlo.convert %x : (tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

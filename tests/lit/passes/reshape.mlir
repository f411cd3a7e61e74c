// canonicalize: reshape(reshape(x)) -> reshape(x); a reshape to the
// operand's own type -> x.
// RUN: %cxla opt --canonicalize %s | FileCheck %s

// CHECK-LABEL: func.func @chain
// CHECK-NEXT:    %[[R:.*]] = stablehlo.reshape %arg0 : (tensor<2x6xf32>) -> tensor<12xf32>
// CHECK-NEXT:    return %[[R]]
func.func @chain(%x: tensor<2x6xf32>) -> tensor<12xf32> {
  %0 = stablehlo.reshape %x : (tensor<2x6xf32>) -> tensor<3x4xf32>
  %1 = stablehlo.reshape %0 : (tensor<3x4xf32>) -> tensor<12xf32>
  return %1 : tensor<12xf32>
}

// CHECK-LABEL: func.func @round_trip
// CHECK-NEXT:    return %arg0 : tensor<2x6xf32>
func.func @round_trip(%x: tensor<2x6xf32>) -> tensor<2x6xf32> {
  %0 = stablehlo.reshape %x : (tensor<2x6xf32>) -> tensor<12xf32>
  %1 = stablehlo.reshape %0 : (tensor<12xf32>) -> tensor<2x6xf32>
  return %1 : tensor<2x6xf32>
}

// CHECK-LABEL: func.func @same_type
// CHECK-NEXT:    return %arg0 : tensor<3x4xi8>
func.func @same_type(%x: tensor<3x4xi8>) -> tensor<3x4xi8> {
  %0 = stablehlo.reshape %x : (tensor<3x4xi8>) -> tensor<3x4xi8>
  return %0 : tensor<3x4xi8>
}

// A reshape that changes the shape stays.
// CHECK-LABEL: func.func @kept
// CHECK-NEXT:    stablehlo.reshape %arg0 : (tensor<3x4xi8>) -> tensor<4x3xi8>
func.func @kept(%x: tensor<3x4xi8>) -> tensor<4x3xi8> {
  %0 = stablehlo.reshape %x : (tensor<3x4xi8>) -> tensor<4x3xi8>
  return %0 : tensor<4x3xi8>
}

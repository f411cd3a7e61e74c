// Dynamic-shape ops: get/set_dimension_size, dynamic_iota, dynamic_reshape,
// dynamic_broadcast_in_dim (with known_*_dimensions), dynamic_pad,
// real_dynamic_slice; a bounded result type.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @dynamic_shape(%arg0: tensor<?x4xf32>, %arg1: tensor<f32>, %arg2: tensor<2xi32>, %arg3: tensor<2xi32>, %arg4: tensor<i32>) -> tensor<?x4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.get_dimension_size %arg0, dim = 0 : (tensor<?x4xf32>) -> tensor<i32>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.set_dimension_size %arg0, %arg4, dim = 0 : (tensor<?x4xf32>, tensor<i32>) -> tensor<?x4xf32, #stablehlo.bounds<8, ?>>
// CHECK-NEXT{LITERAL}: %2 = stablehlo.dynamic_iota %arg2, dim = 1 : (tensor<2xi32>) -> tensor<?x4xi32>
// CHECK-NEXT{LITERAL}: %3 = stablehlo.dynamic_reshape %arg0, %arg2 : (tensor<?x4xf32>, tensor<2xi32>) -> tensor<?x?xf32>
// CHECK-NEXT{LITERAL}: %4 = stablehlo.dynamic_broadcast_in_dim %arg1, %arg2, dims = [] : (tensor<f32>, tensor<2xi32>) -> tensor<?x4xf32>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.dynamic_broadcast_in_dim %arg0, %arg2, dims = [0, 1] {known_expanding_dimensions = array<i64: 0>, known_nonexpanding_dimensions = array<i64: 1>} : (tensor<?x4xf32>, tensor<2xi32>) -> tensor<?x4xf32>
// CHECK-NEXT{LITERAL}: %6 = stablehlo.dynamic_pad %arg0, %arg1, %arg3, %arg3, %arg3 : (tensor<?x4xf32>, tensor<f32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<?x?xf32>
// CHECK-NEXT{LITERAL}: %7 = stablehlo.real_dynamic_slice %arg0, %arg3, %arg2, %arg3 : (tensor<?x4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<?x?xf32>
// CHECK-NEXT{LITERAL}: %8 = stablehlo.get_dimension_size %arg0, dim = 1 : (tensor<?x4xf32>) -> tensor<i32>
// CHECK-NEXT{LITERAL}: return %4 : tensor<?x4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %0 = "stablehlo.get_dimension_size"(%arg0) <{dimension = 0 : i64}> : (tensor<?x4xf32>) -> tensor<i32>
// GENERIC{LITERAL}: %1 = "stablehlo.set_dimension_size"(%arg0, %arg4) <{dimension = 0 : i64}> : (tensor<?x4xf32>, tensor<i32>) -> tensor<?x4xf32, #stablehlo.bounds<8, ?>>
// GENERIC{LITERAL}: %5 = "stablehlo.dynamic_broadcast_in_dim"(%arg0, %arg2) <{broadcast_dimensions = array<i64: 0, 1>, known_expanding_dimensions = array<i64: 0>, known_nonexpanding_dimensions = array<i64: 1>}> : (tensor<?x4xf32>, tensor<2xi32>) -> tensor<?x4xf32>
// GENERIC{LITERAL}: %8 = "stablehlo.get_dimension_size"(%arg0) <{dimension = 1 : i64}> : (tensor<?x4xf32>) -> tensor<i32>

func.func @dynamic_shape(%x: tensor<?x4xf32>, %s: tensor<f32>, %shape: tensor<2xi32>, %lo: tensor<2xi32>, %n: tensor<i32>) -> tensor<?x4xf32> {
  %0 = stablehlo.get_dimension_size %x, dim = 0 : (tensor<?x4xf32>) -> tensor<i32>
  %1 = stablehlo.set_dimension_size %x, %n, dim = 0 : (tensor<?x4xf32>, tensor<i32>) -> tensor<?x4xf32, #stablehlo.bounds<8, ?>>
  %2 = stablehlo.dynamic_iota %shape, dim = 1 : (tensor<2xi32>) -> tensor<?x4xi32>
  %3 = stablehlo.dynamic_reshape %x, %shape : (tensor<?x4xf32>, tensor<2xi32>) -> tensor<?x?xf32>
  %4 = stablehlo.dynamic_broadcast_in_dim %s, %shape, dims = [] : (tensor<f32>, tensor<2xi32>) -> tensor<?x4xf32>
  %5 = stablehlo.dynamic_broadcast_in_dim %x, %shape, dims = [0, 1] {known_expanding_dimensions = array<i64: 0>, known_nonexpanding_dimensions = array<i64: 1>} : (tensor<?x4xf32>, tensor<2xi32>) -> tensor<?x4xf32>
  %6 = stablehlo.dynamic_pad %x, %s, %lo, %lo, %lo : (tensor<?x4xf32>, tensor<f32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<?x?xf32>
  %7 = stablehlo.real_dynamic_slice %x, %lo, %shape, %lo : (tensor<?x4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<?x?xf32>
  %8 = "stablehlo.get_dimension_size"(%x) {dimension = 1 : i64} : (tensor<?x4xf32>) -> tensor<i32>
  return %4 : tensor<?x4xf32>
}

// canonicalize: add(x, 0) -> x. For floats only -0.0 is the identity:
// x + (+0.0) turns x = -0.0 into +0.0, so add(x, +0.0) must stay.
// RUN: %cxla opt --canonicalize %s | FileCheck %s

// CHECK-LABEL: func.func @int_zero
// CHECK-NEXT:    return %arg0, %arg0 : tensor<4xi32>, tensor<4xi32>
func.func @int_zero(%x: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %c = stablehlo.constant dense<0> : tensor<4xi32>
  %0 = stablehlo.add %x, %c : tensor<4xi32>
  %1 = stablehlo.add %c, %x : tensor<4xi32>
  return %0, %1 : tensor<4xi32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @float_minus_zero
// CHECK-NEXT:    return %arg0, %arg1 : tensor<4xf32>, tensor<bf16>
func.func @float_minus_zero(%x: tensor<4xf32>, %y: tensor<bf16>) -> (tensor<4xf32>, tensor<bf16>) {
  %c = stablehlo.constant dense<-0.0> : tensor<4xf32>
  %0 = stablehlo.add %x, %c : tensor<4xf32>
  %d = stablehlo.constant dense<-0.0> : tensor<bf16>
  %1 = stablehlo.add %d, %y : tensor<bf16>
  return %0, %1 : tensor<4xf32>, tensor<bf16>
}

// CHECK-LABEL: func.func @float_plus_zero_kept
// CHECK-NEXT:    %[[C:.*]] = stablehlo.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-NEXT:    %[[A:.*]] = stablehlo.add %arg0, %[[C]] : tensor<4xf32>
// CHECK-NEXT:    return %[[A]]
func.func @float_plus_zero_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = stablehlo.constant dense<0.0> : tensor<4xf32>
  %0 = stablehlo.add %x, %c : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// A zero that is not a splat of the identity (one element differs) stays.
// CHECK-LABEL: func.func @not_all_zero_kept
// CHECK:         stablehlo.add
func.func @not_all_zero_kept(%x: tensor<2xi32>) -> tensor<2xi32> {
  %c = stablehlo.constant dense<[0, 1]> : tensor<2xi32>
  %0 = stablehlo.add %x, %c : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// Complex: -0.0 in both parts is the identity, (+0.0, +0.0) is not.
// CHECK-LABEL: func.func @complex
// CHECK-NEXT:    %[[C:.*]] = stablehlo.constant dense<(0.000000e+00,0.000000e+00)> : tensor<2xcomplex<f32>>
// CHECK-NEXT:    %[[A:.*]] = stablehlo.add %arg0, %[[C]] : tensor<2xcomplex<f32>>
// CHECK-NEXT:    return %arg0, %[[A]]
func.func @complex(%x: tensor<2xcomplex<f32>>) -> (tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>) {
  %m = stablehlo.constant dense<(-0.0, -0.0)> : tensor<2xcomplex<f32>>
  %0 = stablehlo.add %x, %m : tensor<2xcomplex<f32>>
  %p = stablehlo.constant dense<(0.0, 0.0)> : tensor<2xcomplex<f32>>
  %1 = stablehlo.add %x, %p : tensor<2xcomplex<f32>>
  return %0, %1 : tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>
}

// i1: add is `or`, false is its identity.
// CHECK-LABEL: func.func @bool_false
// CHECK-NEXT:    return %arg0 : tensor<3xi1>
func.func @bool_false(%x: tensor<3xi1>) -> tensor<3xi1> {
  %c = stablehlo.constant dense<false> : tensor<3xi1>
  %0 = stablehlo.add %c, %x : tensor<3xi1>
  return %0 : tensor<3xi1>
}

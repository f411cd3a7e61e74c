// canonicalize: mul(x, 1) -> x for integers (i1: and with true) and floats
// (x * 1.0 is exact, -0.0, infinities and NaN included). Not for complex:
// (a + bi)(1 + 0i) computes b * 0, NaN for an infinite b.
// RUN: %cxla opt --canonicalize %s | FileCheck %s

// CHECK-LABEL: func.func @int_and_float
// CHECK-NEXT:    return %arg0, %arg1, %arg2 : tensor<4xi32>, tensor<2xf16>, tensor<2xi1>
func.func @int_and_float(%x: tensor<4xi32>, %y: tensor<2xf16>, %b: tensor<2xi1>)
    -> (tensor<4xi32>, tensor<2xf16>, tensor<2xi1>) {
  %c = stablehlo.constant dense<1> : tensor<4xi32>
  %0 = stablehlo.multiply %c, %x : tensor<4xi32>
  %d = stablehlo.constant dense<1.0> : tensor<2xf16>
  %1 = stablehlo.multiply %y, %d : tensor<2xf16>
  %t = stablehlo.constant dense<true> : tensor<2xi1>
  %2 = stablehlo.multiply %b, %t : tensor<2xi1>
  return %0, %1, %2 : tensor<4xi32>, tensor<2xf16>, tensor<2xi1>
}

// CHECK-LABEL: func.func @kept
// CHECK-COUNT-2: stablehlo.multiply
func.func @kept(%x: tensor<2xf32>, %z: tensor<2xcomplex<f64>>) -> (tensor<2xf32>, tensor<2xcomplex<f64>>) {
  %c = stablehlo.constant dense<2.0> : tensor<2xf32>
  %0 = stablehlo.multiply %x, %c : tensor<2xf32>
  %one = stablehlo.constant dense<(1.0, 0.0)> : tensor<2xcomplex<f64>>
  %1 = stablehlo.multiply %z, %one : tensor<2xcomplex<f64>>
  return %0, %1 : tensor<2xf32>, tensor<2xcomplex<f64>>
}

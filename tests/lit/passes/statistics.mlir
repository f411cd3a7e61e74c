// --pass-statistics reports, per pattern, the times it applied, then the
// dead ops erased and the sweeps run, on stderr.
// RUN: %cxla opt --canonicalize --pass-statistics %s 2>&1 >/dev/null | FileCheck %s
// RUN: %cxla opt --canonicalize --pass-statistics %s 2>/dev/null | FileCheck --check-prefix=IR %s

// CHECK:      Pass statistics report
// CHECK:      Canonicalizer
// CHECK-NEXT:   (add_zero) 2 - add(x, 0) -> x (floats: only -0.0)
// CHECK-NEXT:   (mul_one) 1 - mul(x, 1) -> x
// CHECK-NEXT:   (transpose_identity) 0
// CHECK-NEXT:   (transpose_transpose) 0
// CHECK-NEXT:   (reshape_same_type) 0
// CHECK-NEXT:   (reshape_reshape) 0
// CHECK-NEXT:   (broadcast_splat) 0
// CHECK-NEXT:   (convert_same_type) 0
// CHECK-NEXT:   (num-dce'd) 3 - trivially dead ops erased
// CHECK-NEXT:   (num-iterations) 2 - sweeps until nothing changed

// IR:      func.func @main(%arg0: tensor<4xi32>) -> tensor<4xi32> {
// IR-NEXT:   return %arg0 : tensor<4xi32>
func.func @main(%x: tensor<4xi32>) -> tensor<4xi32> {
  %z = stablehlo.constant dense<0> : tensor<4xi32>
  %o = stablehlo.constant dense<1> : tensor<4xi32>
  %0 = stablehlo.add %x, %z : tensor<4xi32>
  %1 = stablehlo.multiply %0, %o : tensor<4xi32>
  %2 = stablehlo.add %z, %1 : tensor<4xi32>
  %3 = stablehlo.negate %2 : tensor<4xi32>
  return %2 : tensor<4xi32>
}

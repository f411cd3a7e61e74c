// A complex element without the ',' between its parts.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_bad_complex.mlir:5:38: error: expected ','
func.func @f() {
  %0 = stablehlo.constant dense<(1.0 2.0)> : tensor<complex<f32>>
  return
}

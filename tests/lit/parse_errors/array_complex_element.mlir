// array<> holds integers or floats only.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: array_complex_element.mlir:4:38: error: array<> element type must be an integer or float type
func.func @f() attributes {a = array<complex<f32>: 1>} {
  return
}

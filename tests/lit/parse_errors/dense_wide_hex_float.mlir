// A hex float bit pattern wider than the element type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_wide_hex_float.mlir:5:42: error: hexadecimal float constant out of range for type 'f16'
func.func @f() {
  %0 = stablehlo.constant dense<[0x7C00, 0x1FFFF]> : tensor<2xf16>
  return
}

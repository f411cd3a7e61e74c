// A hex float bit pattern with a minus sign.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_negative_hex_float.mlir:5:33: error: hexadecimal float literal should not have a leading minus sign
func.func @f() {
  %0 = stablehlo.constant dense<-0x7FC00000> : tensor<f32>
  return
}

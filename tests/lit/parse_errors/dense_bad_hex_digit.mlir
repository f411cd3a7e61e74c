// A non-hex digit inside a hex blob.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_bad_hex_digit.mlir:5:42: error: invalid hex digit
func.func @f() {
  %0 = stablehlo.constant dense<"0x0100000G"> : tensor<i32>
  return
}

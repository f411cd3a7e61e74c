// A hex blob whose size is neither the tensor's nor one element's.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_bad_hex_length.mlir:5:33: error: hex data has 3 bytes but the type needs 8 (or 4 for a splat)
func.func @f() {
  %0 = stablehlo.constant dense<"0x010203"> : tensor<2xi32>
  return
}

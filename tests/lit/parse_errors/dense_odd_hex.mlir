// A hex blob with an odd number of digits.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dense_odd_hex.mlir:5:33: error: hex string has an odd number of digits
func.func @f() {
  %0 = stablehlo.constant dense<"0x010"> : tensor<2xi8>
  return
}

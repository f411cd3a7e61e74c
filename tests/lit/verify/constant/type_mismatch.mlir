// constant_c1: type(value) = type(output).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: type_mismatch.mlir:5:3: error: 'stablehlo.constant' op value type 'tensor<2xf32>' does not match the result type 'tensor<2xf64>'
func.func @main() -> tensor<2xf64> {
  %0 = "stablehlo.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<2xf64>
  func.return %0 : tensor<2xf64>
}

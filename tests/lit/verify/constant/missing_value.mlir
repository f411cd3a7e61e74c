// The value attribute is required (never a crash when absent).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: missing_value.mlir:5:3: error: 'stablehlo.constant' op requires attribute 'value'
func.func @main() -> tensor<2xf32> {
  %0 = "stablehlo.constant"() : () -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

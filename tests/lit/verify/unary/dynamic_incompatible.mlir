// Dynamic dims are compatible with any size, but static sizes must agree.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: dynamic_incompatible.mlir:5:3: error: 'stablehlo.sine' op requires compatible types for all operands and results
func.func @main(%a: tensor<?x3xf32>) -> tensor<4x2xf32> {
  %0 = stablehlo.sine %a : (tensor<?x3xf32>) -> tensor<4x2xf32>
  func.return %0 : tensor<4x2xf32>
}

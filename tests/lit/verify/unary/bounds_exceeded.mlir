// A static size must not exceed the other side's bound.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bounds_exceeded.mlir:5:3: error: 'stablehlo.negate' op requires compatible types for all operands and results
func.func @main(%a: tensor<?xf32, #stablehlo.bounds<4>>) -> tensor<5xf32> {
  %0 = stablehlo.negate %a : (tensor<?xf32, #stablehlo.bounds<4>>) -> tensor<5xf32>
  func.return %0 : tensor<5xf32>
}

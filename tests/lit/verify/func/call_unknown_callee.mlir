// func.call must name a function of the module.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: call_unknown_callee.mlir:5:3: error: 'func.call' op 'missing' does not reference a valid function
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = func.call @missing(%a) : (tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

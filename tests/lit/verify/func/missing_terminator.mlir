// A function body ends with func.return.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: missing_terminator.mlir:4:1: error: 'func.func' op expects the body of @main to end with 'func.return', found 'stablehlo.abs'
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = stablehlo.abs %a : tensor<2xf32>
}

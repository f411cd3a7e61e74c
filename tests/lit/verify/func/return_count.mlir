// func.return returns as many values as the function declares.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: return_count.mlir:5:3: error: 'func.return' op has 1 operands, but enclosing function (@main) returns 2
func.func @main(%a: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  func.return %a : tensor<2xf32>
}

// func.return operand types must match the function's result types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: return_type_mismatch.mlir:5:3: error: 'func.return' op type of return operand 0 ('tensor<2xf32>') doesn't match function result type ('tensor<2xi32>') in function @main
func.func @main(%a: tensor<2xf32>) -> tensor<2xi32> {
  func.return %a : tensor<2xf32>
}

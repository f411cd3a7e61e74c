// func.call operands must have the callee's input types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: call_operand_type.mlir:8:3: error: 'func.call' op operand type mismatch: expected operand type 'tensor<2xi32>', but provided 'tensor<2xf32>' for operand number 0
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  func.return %a : tensor<2xi32>
}
func.func @main(%a: tensor<2xf32>) -> tensor<2xi32> {
  %0 = func.call @f(%a) : (tensor<2xf32>) -> tensor<2xi32>
  func.return %0 : tensor<2xi32>
}

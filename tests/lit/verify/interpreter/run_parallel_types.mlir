// run_parallel operands are the programs' inputs.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: run_parallel_types.mlir:8:3: error: 'interpreter.run_parallel' op operand #0 type 'tensor<2xf32>' differs from program [0][0] input type 'tensor<2xi32>'
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  func.return %a : tensor<2xi32>
}
func.func @main(%a: tensor<2xf32>) -> tensor<2xi32> {
  %0 = "interpreter.run_parallel"(%a) {programs = [[@f]]} : (tensor<2xf32>) -> tensor<2xi32>
  func.return %0 : tensor<2xi32>
}

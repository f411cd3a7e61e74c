// run_parallel programs name functions of the module.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: run_parallel_program.mlir:5:3: error: 'interpreter.run_parallel' op program [0][0] does not reference a valid function
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "interpreter.run_parallel"(%a) {programs = [[@missing]]} : (tensor<2xf32>) -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}

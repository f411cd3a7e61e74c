// A pretty op without its ': type'.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: missing_colon_type.mlir:6:3: error: expected ':'
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.abs %a
  return %0 : tensor<f32>
}

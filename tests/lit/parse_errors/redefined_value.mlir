// The same SSA name defined twice.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: redefined_value.mlir:6:4: error: redefinition of SSA value '%0'
func.func @f(%a: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.abs %a : tensor<f32>
  %0 = stablehlo.abs %a : tensor<f32>
  return %0 : tensor<f32>
}

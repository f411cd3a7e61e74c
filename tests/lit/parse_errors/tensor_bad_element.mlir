// A tensor of tensors.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: tensor_bad_element.mlir:4:27: error: invalid tensor element type
func.func @f(%a: tensor<4xtensor<f32>>) {
  return
}

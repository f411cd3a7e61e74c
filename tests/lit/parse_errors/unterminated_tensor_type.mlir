// A tensor type without its closing '>'.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: unterminated_tensor_type.mlir:4:30: error: expected '>'
func.func @f(%a: tensor<4xf32) {
  return
}

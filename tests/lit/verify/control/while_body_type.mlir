// while_c2: body returns the operand types.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: while_body_type.mlir:5:3: error: 'stablehlo.while' op expect operands to be compatible with body block return types but got 'tensor<i32>' vs 'tensor<f32>'
func.func @main(%a: tensor<i32>, %p: tensor<i1>) -> tensor<i32> {
  %0 = stablehlo.while(%it = %a) : tensor<i32>
  cond {
    stablehlo.return %p : tensor<i1>
  } do {
    %f = stablehlo.convert %it : (tensor<i32>) -> tensor<f32>
    stablehlo.return %f : tensor<f32>
  }
  func.return %0 : tensor<i32>
}

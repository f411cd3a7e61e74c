// while_c1: cond returns tensor<i1>.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: while_cond_type.mlir:5:3: error: 'stablehlo.while' op expect condition body returns a single value of type tensor<i1>
func.func @main(%a: tensor<i32>) -> tensor<i32> {
  %0 = stablehlo.while(%it = %a) : tensor<i32>
  cond {
    stablehlo.return %it : tensor<i32>
  } do {
    stablehlo.return %it : tensor<i32>
  }
  func.return %0 : tensor<i32>
}

// top_k needs k <= the last dimension.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: top_k_k.mlir:5:3: error: 'chlo.top_k' op operand's last dimension must be at least k = 5
func.func @main(%a: tensor<4xf32>) -> (tensor<5xf32>, tensor<5xi32>) {
  %0, %1 = chlo.top_k(%a, k = 5) : tensor<4xf32> -> (tensor<5xf32>, tensor<5xi32>)
  func.return %0, %1 : tensor<5xf32>, tensor<5xi32>
}

// A pretty while without its 'cond' region.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: while_missing_cond.mlir:6:3: error: expected 'cond'
func.func @f(%a: tensor<i32>) -> tensor<i32> {
  %0 = stablehlo.while(%x = %a) : tensor<i32>
  do {
    stablehlo.return %x : tensor<i32>
  }
  return %0 : tensor<i32>
}

// A dimension sharding's priority is p<number>, without leading zeros.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: error_priority.mlir:5:78: error: priorities with leading zeros are not allowed, got 'p01'
sdy.mesh @mesh = <["a"=2]>
func.func @main(%a: tensor<8xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"a"}p01]>}) -> tensor<8xf32> {
  return %a : tensor<8xf32>
}

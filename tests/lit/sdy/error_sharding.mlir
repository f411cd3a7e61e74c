// A malformed #sdy.sharding names the position of what is wrong.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: error_sharding.mlir:6:83: error: expected axis name (a string)
sdy.mesh @mesh = <["a"=2]>
func.func @main(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = sdy.sharding_constraint %a <@mesh, [{"a", ?}]> {x = #sdy.sharding<@mesh, [{a}]>} : tensor<8xf32>
  return %0 : tensor<8xf32>
}

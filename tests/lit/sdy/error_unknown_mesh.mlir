// The verifier: a sharding's mesh must exist, and it has one dimension
// sharding per dimension of the tensor.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: error_unknown_mesh.mlir:7:3: error: 'sdy.sharding_constraint' op sharding refers to an unknown mesh: @nomesh
sdy.mesh @mesh = <["a"=2]>
func.func @main(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = sdy.sharding_constraint %a <@nomesh, [{"a"}]> : tensor<8xf32>
  return %0 : tensor<8xf32>
}

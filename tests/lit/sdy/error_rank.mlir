// The verifier: one dimension sharding per dimension.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: error_rank.mlir:6:3: error: 'sdy.reshard' op sharding has 2 dimension shardings for a tensor of rank 1 (tensor<8xf32>)
sdy.mesh @mesh = <["a"=2]>
func.func @main(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = sdy.reshard %a <@mesh, [{"a"}, {}]> : tensor<8xf32>
  return %0 : tensor<8xf32>
}

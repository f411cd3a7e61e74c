// A module meant for several devices cannot give an op whose meaning
// depends on the process grid its one-device meaning (the interpreter's
// plain call runs such a program as the 1 x 1 grid anyway); ops that do not
// depend on the grid compile.
// RUN: not %cxla run --function=id %s 2>&1 | FileCheck %s --check-prefix=ID
// RUN: %cxla run --function=plain %s | FileCheck %s --check-prefix=PLAIN

module attributes {mhlo.num_partitions = 2 : i32, mhlo.num_replicas = 2 : i32} {
  // ID: error: 'stablehlo.replica_id' op needs 4 devices; compiled code runs on one (the module sets mhlo.num_replicas x mhlo.num_partitions)
  func.func @id() -> tensor<ui32> {
    %r = stablehlo.replica_id : tensor<ui32>
    return %r : tensor<ui32>
  }

  // PLAIN: ui32=3
  func.func @plain() -> tensor<ui32> {
    %r = stablehlo.constant dense<3> : tensor<ui32>
    return %r : tensor<ui32>
  }
}

// Shardy meshes at module level (JAX exports since 2025 carry
// `sdy.mesh @mesh = <["a"=1]>` beside #sdy.sharding attributes), in the
// generic form as in the custom one: kept, printed in the custom form, written
// to bytecode and read back, and skipped on one device; the function runs.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla translate --serialize %s -o %t.mlirbc
// RUN: %cxla opt %t.mlirbc | FileCheck %s
// RUN: %cxla run --interpret %s --input=2xf32=1,2 --input=2xf32=3,4 | FileCheck %s --check-prefix=RUN1

// CHECK: sdy.mesh @mesh = <["a"=1]>
// CHECK: func.func @main(%arg0: tensor<2xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"a"}]>}
// RUN1: 2xf32=4 6

module {
  "sdy.mesh"() <{mesh = #sdy.mesh<["a"=1]>, sym_name = "mesh"}> : () -> ()
  func.func @main(%a: tensor<2xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"a"}]>}, %b: tensor<2xf32>) -> tensor<2xf32> {
    %0 = stablehlo.add %a, %b : tensor<2xf32>
    return %0 : tensor<2xf32>
  }
}

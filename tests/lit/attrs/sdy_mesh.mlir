// Shardy meshes at module level (JAX exports since 2025 carry
// `sdy.mesh @mesh = <["a"=1]>` beside #sdy.sharding attributes): kept,
// printed back and skipped on one device; the function runs. (Writing them
// to bytecode is not supported yet; reading them is: jax_platforms'
// annotate_data_placement rocm shardy .mlirbc runs.)
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla run --interpret %s --input=2xf32=1,2 --input=2xf32=3,4 | FileCheck %s --check-prefix=RUN1

// CHECK: "sdy.mesh"() {{.*}}mesh = #sdy.mesh<["a"=1]>, sym_name = "mesh"{{.*}} : () -> ()
// CHECK: func.func @main(%arg0: tensor<2xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"a"}]>}
// RUN1: 2xf32=4 6

module {
  "sdy.mesh"() <{mesh = #sdy.mesh<["a"=1]>, sym_name = "mesh"}> : () -> ()
  func.func @main(%a: tensor<2xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"a"}]>}, %b: tensor<2xf32>) -> tensor<2xf32> {
    %0 = stablehlo.add %a, %b : tensor<2xf32>
    return %0 : tensor<2xf32>
  }
}

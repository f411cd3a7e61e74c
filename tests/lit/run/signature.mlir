// `cxla run --signature` lists a function's arguments and results (index,
// type, bytes, the name JAX gave each: jax.arg_info / jax.result_info, else a
// name location) and runs nothing; results printed after a run carry their
// jax.result_info name after IREE's header line; through bytecode too.
// RUN: %cxla run %s --signature | FileCheck %s --check-prefix=SIG
// RUN: %cxla translate --serialize %s -o %t.mlirbc
// RUN: %cxla run %t.mlirbc --signature | FileCheck %s --check-prefix=SIG
// RUN: %cxla run %s --interpret --input=2xf32=1,2 --input=2x3xi32=1,2,3,4,5,6 --input=f32=0.5 | FileCheck %s --check-prefix=EXEC
// RUN: %cxla run %s --signature --function=other | FileCheck %s --check-prefix=OTHER

// SIG: @main: 3 arguments (36 bytes), 2 results
// SIG-NEXT: arg[0]: tensor<2xf32>  8 bytes  params['w']
// SIG-NEXT: arg[1]: tensor<2x3xi32>  24 bytes  tokens
// SIG-NEXT: arg[2]: tensor<f32>  4 bytes{{$}}
// SIG-NEXT: result[0]: tensor<2xf32>  8 bytes  result[0]
// SIG-NEXT: result[1]: tensor<2x3xi32>  24 bytes{{$}}
// SIG-NOT: EXEC

// EXEC: EXEC @main
// EXEC-NEXT: result[0]: hal.buffer_view  // result[0]
// EXEC-NEXT: 2xf32=1.5 2.5
// EXEC-NEXT: result[1]: hal.buffer_view{{$}}
// EXEC-NEXT: 2x3xi32=[1 2 3][4 5 6]

// OTHER: @other: 1 arguments (0 bytes), 1 results
// OTHER-NEXT: arg[0]: tensor<?xf32>  dynamic  x
// OTHER-NEXT: result[0]: tensor<?xf32>  dynamic

func.func @main(%w: tensor<2xf32> {jax.arg_info = "params['w']"}, %t: tensor<2x3xi32> loc("tokens"), %s: tensor<f32>)
    -> (tensor<2xf32> {jax.result_info = "result[0]"}, tensor<2x3xi32>) {
  %0 = stablehlo.broadcast_in_dim %s, dims = [] : (tensor<f32>) -> tensor<2xf32>
  %1 = stablehlo.add %w, %0 : tensor<2xf32>
  return %1, %t : tensor<2xf32>, tensor<2x3xi32>
}

func.func @other(%x: tensor<?xf32> loc("x")) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}

// Argument binding (--bind): the bound arguments are compiled in as
// constants, so the GEMM's weight is a constant B (packed once) and the
// executable takes only the other arguments. Results equal those of passing
// every argument per call, and of the interpreter.
// RUN: %cxla run %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,1 --bind=2xf32=10,20 | FileCheck %s
// RUN: %cxla run %s --input=2x3xf32=1,2,3,4,5,6 --input=3x2xf32=1,0,0,1,1,1 --input=2xf32=10,20 | FileCheck %s
// RUN: %cxla run %s --interpret --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,1 --bind=2xf32=10,20 | FileCheck %s
// The order of --input and --bind is the order of the arguments.
// RUN: %cxla run %s --bind=2x3xf32=1,2,3,4,5,6 --input=3x2xf32=1,0,0,1,1,1 --bind=2xf32=10,20 | FileCheck %s
// An artifact compiled with bound weights takes the input alone.
// RUN: %cxla compile %s -o %t.cxla --input=2x3xf32 --bind=3x2xf32=1,0,0,1,1,1 --bind=2xf32=10,20 --quiet
// RUN: %cxla run %t.cxla --input=2x3xf32=1,2,3,4,5,6 | FileCheck %s
// RUN: not %cxla run %t.cxla --input=2x3xf32=1,2,3,4,5,6 --input=2xf32=1 2>&1 | FileCheck --check-prefix=EXTRA %s
// RUN: not %cxla run %t.cxla --input=2x3xf32=1,2,3,4,5,6 --bind=2xf32=1 2>&1 | FileCheck --check-prefix=ARTIFACT %s
// RUN: not %cxla run %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x3xf32=1 --bind=2xf32=10,20 2>&1 | FileCheck --check-prefix=SHAPE %s
// RUN: %cxla bench %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,1 --bind=2xf32=10,20 --iterations=3 --json | FileCheck --check-prefix=BENCH %s

// CHECK: 2x2xf32=[14 25][20 31]
// EXTRA: error: @main takes 1 input but 2 were given
// ARTIFACT: error: {{.*}}bind.mlir.tmp.cxla is a compiled artifact: arguments are bound when compiling (cxla compile --bind), not when running
// SHAPE: error: argument 1 (tensor<3x2xf32>) of @main: 3x3xf32=1 has shape [3x3]
// BENCH: "mode": "compiled"
func.func @main(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>, %b: tensor<2xf32>) -> tensor<2x2xf32> {
  %0 = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %1 = stablehlo.broadcast_in_dim %b, dims = [1] : (tensor<2xf32>) -> tensor<2x2xf32>
  %2 = stablehlo.add %0, %1 : tensor<2x2xf32>
  return %2 : tensor<2x2xf32>
}

// Binding every array of an .npz (--bind=@FILE.npz): each member becomes the
// constant of one argument, in archive order, whatever its dtype (numpy's
// stored, deflated and streamed archives; big-endian and Fortran-ordered
// members; an empty array). Compiled with the weights bound, compiled with
// them as arguments, and interpreted, the results are the same.
// RUN: %cxla run %s --input=3xf32=1,2,3 --bind=@%S/../../data/npy/deflated.npz | FileCheck %s
// RUN: %cxla run %s --input=3xf32=1,2,3 --bind=@%S/../../data/npy/stream.npz | FileCheck %s
// RUN: %cxla run %s --input=3xf32=1,2,3 --input=@%S/../../data/npy/stored.npz | FileCheck %s
// RUN: %cxla run %s --interpret --input=3xf32=1,2,3 --input=@%S/../../data/npy/deflated.npz | FileCheck %s
// RUN: %cxla run %s --interpret --input=3xf32=1,2,3 --bind=@%S/../../data/npy/stored.npz | FileCheck %s
// RUN: %cxla bench %s --input=3xf32=1,2,3 --bind=@%S/../../data/npy/deflated.npz --iterations=2 --json | FileCheck --check-prefix=BENCH %s

// CHECK: EXEC @main
// CHECK-NEXT: result[0]: hal.buffer_view
// CHECK-NEXT: 2x3xf32=[0 2 6][3 8 15]
// CHECK-NEXT: result[1]: hal.buffer_view
// CHECK-NEXT: 4xi32=2 -4 6 33818120
// CHECK-NEXT: result[2]: hal.buffer_view
// CHECK-NEXT: 2x3xf64=[0 2 4][6 8 10]
// CHECK-NEXT: result[3]: hal.buffer_view
// CHECK-NEXT: 3xf32=1 -2 3
// CHECK-NEXT: result[4]: hal.buffer_view
// CHECK-NEXT: 2xcf64=(-3,4) (12.1875,-1.75)
// CHECK-NEXT: result[5]: hal.buffer_view
// CHECK-NEXT: i64=1764
// CHECK-NEXT: result[6]: hal.buffer_view
// CHECK-NEXT: 2x3xf32=[0 1 2][3 4 5]
// BENCH: "mode": "compiled"
func.func @main(%x: tensor<3xf32>, %a: tensor<2x3xf32>, %b: tensor<4xi32>, %f: tensor<2x3xf64>,
                %m: tensor<3xi1>, %c: tensor<2xcomplex<f32>>, %s: tensor<i64>, %e: tensor<0x3xf32>)
    -> (tensor<2x3xf32>, tensor<4xi32>, tensor<2x3xf64>, tensor<3xf32>, tensor<2xcomplex<f32>>,
        tensor<i64>, tensor<2x3xf32>) {
  %xb = stablehlo.broadcast_in_dim %x, dims = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
  %r0 = stablehlo.multiply %a, %xb : tensor<2x3xf32>
  %r1 = stablehlo.add %b, %b : tensor<4xi32>
  %r2 = stablehlo.add %f, %f : tensor<2x3xf64>
  %nx = stablehlo.negate %x : tensor<3xf32>
  %r3 = stablehlo.select %m, %x, %nx : tensor<3xi1>, tensor<3xf32>
  %r4 = stablehlo.multiply %c, %c : tensor<2xcomplex<f32>>
  %r5 = stablehlo.multiply %s, %s : tensor<i64>
  %r6 = stablehlo.concatenate %e, %a, dim = 0 : (tensor<0x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6 : tensor<2x3xf32>, tensor<4xi32>, tensor<2x3xf64>,
      tensor<3xf32>, tensor<2xcomplex<f32>>, tensor<i64>, tensor<2x3xf32>
}

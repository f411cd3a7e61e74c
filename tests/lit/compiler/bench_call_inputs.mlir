// cxla bench reads the large inputs the calls pass (not --bind) again after
// the compile, which needs only their shapes: each argument gets its own
// file's data back (the checks compare it with what the files hold), with
// bound and literal arguments between them; a wrong value still fails; an
// input from a pipe, which cannot be read twice, is read once as before.
// RUN: %python -c "import struct; open('%t.a.bin','wb').write(struct.pack('<32768f', *range(32768)))"
// RUN: %python -c "import struct; open('%t.b.bin','wb').write(struct.pack('<16384i', *[3*i for i in range(16384)]))"
// RUN: %cxla bench %s --input=32768xf32=@%t.a.bin --bind=4xf32=1,2,3,4 --input=16384xi32=@%t.b.bin --input=i32=3 --iterations=2 --warmup=1 --threads=1 --json | FileCheck %s
// RUN: %cxla bench %s --input=32768xf32=@%t.a.bin --bind=4xf32=1,2,3,4 --input=16384xi32=@%t.b.bin --input=i32=3 --iterations=2 --warmup=1 --threads=2 --json | FileCheck %s
// RUN: %cxla bench %s --input=32768xf32=@%t.a.bin --input=4xf32=1,2,3,4 --input=16384xi32=@%t.b.bin --input=i32=3 --iterations=2 --warmup=1 --json | FileCheck %s
// RUN: not %cxla bench %s --input=32768xf32=@%t.a.bin --bind=4xf32=1,2,3,4 --input=16384xi32=@%t.b.bin --input=i32=2 --iterations=2 --warmup=1 2>&1 | FileCheck --check-prefix=WRONG %s
// RUN: cat %t.a.bin | %cxla bench %s --input=32768xf32=@/dev/stdin --bind=4xf32=1,2,3,4 --input=16384xi32=@%t.b.bin --input=i32=3 --iterations=2 --warmup=1 --json | FileCheck %s

// CHECK: "mode": "compiled"
// WRONG: check.expect_eq_const failed at index []: got 16383 expected 0
func.func @main(%a: tensor<32768xf32>, %w: tensor<4xf32>, %b: tensor<16384xi32>, %s: tensor<i32>) -> tensor<4xf32> {
  %ia = stablehlo.iota dim = 0 : tensor<32768xf32>
  %da = stablehlo.subtract %a, %ia : tensor<32768xf32>
  %aa = stablehlo.abs %da : tensor<32768xf32>
  %z = stablehlo.constant dense<0.0> : tensor<f32>
  %ma = stablehlo.reduce(%aa init: %z) applies stablehlo.maximum across dimensions = [0]
      : (tensor<32768xf32>, tensor<f32>) -> tensor<f32>
  check.expect_eq_const %ma, dense<0.0> : tensor<f32>
  %ib = stablehlo.iota dim = 0 : tensor<16384xi32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [] : (tensor<i32>) -> tensor<16384xi32>
  %ib3 = stablehlo.multiply %ib, %sb : tensor<16384xi32>
  %db = stablehlo.subtract %b, %ib3 : tensor<16384xi32>
  %ab = stablehlo.abs %db : tensor<16384xi32>
  %zi = stablehlo.constant dense<0> : tensor<i32>
  %mb = stablehlo.reduce(%ab init: %zi) applies stablehlo.maximum across dimensions = [0]
      : (tensor<16384xi32>, tensor<i32>) -> tensor<i32>
  check.expect_eq_const %mb, dense<0> : tensor<i32>
  %r = stablehlo.add %w, %w : tensor<4xf32>
  return %r : tensor<4xf32>
}

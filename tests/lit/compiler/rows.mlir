// Row fusions: a softmax and a layer-norm over the last axis are one kernel
// each, one work item per row, reading the input once from memory and
// writing the output once (src/compiler/fusion_rows.c); a reduction over
// another axis takes the generic path.
// RUN: %cxla opt --compile-to=lower --function=softmax %s | FileCheck %s --check-prefix=SOFTMAX
// RUN: %cxla opt --compile-to=fuse --function=softmax %s | FileCheck %s --check-prefix=FUSE
// RUN: %cxla opt --compile-to=lower --function=layer_norm %s | FileCheck %s --check-prefix=LN
// RUN: %cxla opt --compile-to=lower --function=columns %s | FileCheck %s --check-prefix=COLS
// RUN: %cxla opt --compile-to=lower --function=pytorch_softmax %s | FileCheck %s --check-prefix=PT
// RUN: %cxla opt --compile-to=llvm --function=softmax_79 %s | FileCheck %s --check-prefix=SHORT
// RUN: %cxla opt --compile-to=llvm --function=softmax_300 %s | FileCheck %s --check-prefix=LONG

// SOFTMAX: program:
// SOFTMAX-NEXT: kernel 0 [48 items] (arg0, result0) {{.*}}stablehlo.divide
// SOFTMAX-NOT: kernel 1
func.func @softmax(%x: tensor<4x12x16xf32>) -> tensor<4x12x16xf32> {
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [2] : (tensor<4x12x16xf32>, tensor<f32>) -> tensor<4x12xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0, 1] : (tensor<4x12xf32>) -> tensor<4x12x16xf32>
  %d = stablehlo.subtract %x, %mb : tensor<4x12x16xf32>
  %e = stablehlo.exponential %d : tensor<4x12x16xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [2] : (tensor<4x12x16xf32>, tensor<f32>) -> tensor<4x12xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0, 1] : (tensor<4x12xf32>) -> tensor<4x12x16xf32>
  %y = stablehlo.divide %e, %sb : tensor<4x12x16xf32>
  return %y : tensor<4x12x16xf32>
}
// FUSE-LABEL: func.func @softmax
// FUSE: stablehlo.reduce{{.*}}cxla.fusion = "in kernel 0"
// FUSE: stablehlo.exponential {{.*}}cxla.fusion = "in kernel 0"
// FUSE: stablehlo.reduce{{.*}}cxla.fusion = "in kernel 0"
// FUSE: stablehlo.divide {{.*}}cxla.fusion = "kernel 0, by rows"

// LN: program:
// LN-NEXT: kernel 0 [8 items] (arg0, arg1, arg2, result0) {{.*}}stablehlo.add
// LN-NOT: kernel 1
func.func @layer_norm(%x: tensor<8x32xf32>, %gamma: tensor<32xf32>, %beta: tensor<32xf32>) -> tensor<8x32xf32> {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %n = stablehlo.constant dense<32.0> : tensor<8xf32>
  %eps = stablehlo.constant dense<1.0e-5> : tensor<8xf32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<8x32xf32>, tensor<f32>) -> tensor<8xf32>
  %mean = stablehlo.divide %s, %n : tensor<8xf32>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [0] : (tensor<8xf32>) -> tensor<8x32xf32>
  %c = stablehlo.subtract %x, %mb : tensor<8x32xf32>
  %sq = stablehlo.multiply %c, %c : tensor<8x32xf32>
  %vs = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<8x32xf32>, tensor<f32>) -> tensor<8xf32>
  %var = stablehlo.divide %vs, %n : tensor<8xf32>
  %ve = stablehlo.add %var, %eps : tensor<8xf32>
  %r = stablehlo.rsqrt %ve : tensor<8xf32>
  %rb = stablehlo.broadcast_in_dim %r, dims = [0] : (tensor<8xf32>) -> tensor<8x32xf32>
  %nrm = stablehlo.multiply %c, %rb : tensor<8x32xf32>
  %gb = stablehlo.broadcast_in_dim %gamma, dims = [1] : (tensor<32xf32>) -> tensor<8x32xf32>
  %bb = stablehlo.broadcast_in_dim %beta, dims = [1] : (tensor<32xf32>) -> tensor<8x32xf32>
  %sc = stablehlo.multiply %nrm, %gb : tensor<8x32xf32>
  %y = stablehlo.add %sc, %bb : tensor<8x32xf32>
  return %y : tensor<8x32xf32>
}

// COLS: program:
// COLS-NEXT: kernel 0 {{.*}}stablehlo.reduce
// COLS-NEXT: kernel 1 {{.*}}stablehlo.divide
func.func @columns(%x: tensor<6x5xf32>) -> tensor<6x5xf32> {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [0] : (tensor<6x5xf32>, tensor<f32>) -> tensor<5xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [1] : (tensor<5xf32>) -> tensor<6x5xf32>
  %y = stablehlo.divide %x, %sb : tensor<6x5xf32>
  return %y : tensor<6x5xf32>
}

// PyTorch's export of a masked attention softmax: keepdims as broadcasts
// to [.., 1], an additive mask broadcast over the heads, a per-row "all
// masked" flag selected in, and a reshape to [heads, S, S] last: one kernel.
// PT: program:
// PT-NEXT: kernel 0 [24 items] (arg0, arg1, result0) {{.*}}stablehlo.reshape
// PT-NOT: kernel 1
func.func @pytorch_softmax(%x0: tensor<1x3x8x8xf32>, %mask: tensor<1x1x8x8xf32>) -> tensor<3x8x8xf32> {
  %maskb = stablehlo.broadcast_in_dim %mask, dims = [0, 1, 2, 3] : (tensor<1x1x8x8xf32>) -> tensor<1x3x8x8xf32>
  %x = stablehlo.add %x0, %maskb : tensor<1x3x8x8xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %false = stablehlo.constant dense<false> : tensor<i1>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [3] : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x8xf32>
  %m1 = stablehlo.broadcast_in_dim %m, dims = [0, 1, 2] : (tensor<1x3x8xf32>) -> tensor<1x3x8x1xf32>
  %mb = stablehlo.broadcast_in_dim %m1, dims = [0, 1, 2, 3] : (tensor<1x3x8x1xf32>) -> tensor<1x3x8x8xf32>
  %d = stablehlo.subtract %x, %mb : tensor<1x3x8x8xf32>
  %e = stablehlo.exponential %d : tensor<1x3x8x8xf32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [3] : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x8xf32>
  %s1 = stablehlo.broadcast_in_dim %s, dims = [0, 1, 2] : (tensor<1x3x8xf32>) -> tensor<1x3x8x1xf32>
  %sb = stablehlo.broadcast_in_dim %s1, dims = [0, 1, 2, 3] : (tensor<1x3x8x1xf32>) -> tensor<1x3x8x8xf32>
  %p = stablehlo.divide %e, %sb : tensor<1x3x8x8xf32>
  %ninfb = stablehlo.broadcast_in_dim %ninf, dims = [] : (tensor<f32>) -> tensor<1x3x8x8xf32>
  %eq = stablehlo.compare EQ, %x, %ninfb, FLOAT : (tensor<1x3x8x8xf32>, tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xi1>
  %ne = stablehlo.not %eq : tensor<1x3x8x8xi1>
  %any = stablehlo.reduce(%ne init: %false) applies stablehlo.or across dimensions = [3] : (tensor<1x3x8x8xi1>, tensor<i1>) -> tensor<1x3x8xi1>
  %any1 = stablehlo.broadcast_in_dim %any, dims = [0, 1, 2] : (tensor<1x3x8xi1>) -> tensor<1x3x8x1xi1>
  %none = stablehlo.not %any1 : tensor<1x3x8x1xi1>
  %noneb = stablehlo.broadcast_in_dim %none, dims = [0, 1, 2, 3] : (tensor<1x3x8x1xi1>) -> tensor<1x3x8x8xi1>
  %zb = stablehlo.broadcast_in_dim %zero, dims = [] : (tensor<f32>) -> tensor<1x3x8x8xf32>
  %y = stablehlo.select %noneb, %zb, %p : tensor<1x3x8x8xi1>, tensor<1x3x8x8xf32>
  %r = stablehlo.reshape %y : (tensor<1x3x8x8xf32>) -> tensor<3x8x8xf32>
  return %r : tensor<3x8x8xf32>
}

// Passes over short rows (up to 80 elements) are unrolled completely once
// vectorized: the only loop left is the one over rows (a row waits on the
// previous pass's reduction, and the loops' own instructions limited how
// far the core overlapped rows: attention's softmax over rows of 79 went
// 1.84 -> 1.43 ms). Longer rows keep their vector loops.
// SHORT-LABEL: define internal {{.*}}@k0_divide
// SHORT: br i1 {{.*}}, !llvm.loop !
// SHORT-NOT: , !llvm.loop !
// SHORT: define {{.*}}@cx_kernel_library_query
// LONG-LABEL: define internal {{.*}}@k0_divide
// LONG-COUNT-4: , !llvm.loop !
func.func @softmax_79(%x: tensor<6x79xf32>) -> tensor<6x79xf32> {
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<6x79xf32>, tensor<f32>) -> tensor<6xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<6xf32>) -> tensor<6x79xf32>
  %d = stablehlo.subtract %x, %mb : tensor<6x79xf32>
  %e = stablehlo.exponential %d : tensor<6x79xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<6x79xf32>, tensor<f32>) -> tensor<6xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<6xf32>) -> tensor<6x79xf32>
  %y = stablehlo.divide %e, %sb : tensor<6x79xf32>
  return %y : tensor<6x79xf32>
}

func.func @softmax_300(%x: tensor<6x300xf32>) -> tensor<6x300xf32> {
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<6x300xf32>, tensor<f32>) -> tensor<6xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<6xf32>) -> tensor<6x300xf32>
  %d = stablehlo.subtract %x, %mb : tensor<6x300xf32>
  %e = stablehlo.exponential %d : tensor<6x300xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<6x300xf32>, tensor<f32>) -> tensor<6xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<6xf32>) -> tensor<6x300xf32>
  %y = stablehlo.divide %e, %sb : tensor<6x300xf32>
  return %y : tensor<6x300xf32>
}

// Row fusions: a softmax and a layer-norm over the last axis are one kernel
// each, one work item per row, reading the input once from memory and
// writing the output once (src/compiler/fusion_rows.c); a reduction over
// another axis takes the generic path.
// RUN: %cxla opt --compile-to=lower --function=softmax %s | FileCheck %s --check-prefix=SOFTMAX
// RUN: %cxla opt --compile-to=fuse --function=softmax %s | FileCheck %s --check-prefix=FUSE
// RUN: %cxla opt --compile-to=lower --function=layer_norm %s | FileCheck %s --check-prefix=LN
// RUN: %cxla opt --compile-to=lower --function=columns %s | FileCheck %s --check-prefix=COLS

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

// Convolutions in the step program (compiler/lower_conv.c): an NHWC x HWIO
// convolution is one CONV routine call on its operands, with no
// kernel; batch norm and ReLU after it run as the call's epilogue (the
// per-channel scale gamma * rsqrt(var + eps) is a kernel on [C] vectors
// before it); a constant kernel read through a transpose costs no copy; a
// residual added in the epilogue gives the output its buffer when the add is
// its last use (the output is written over what the epilogue just read), and
// keeps its own when it is read again later.
// RUN: %cxla opt --compile-to=lower --function=plain %s | FileCheck %s --check-prefix=PLAIN
// RUN: %cxla opt --compile-to=lower --function=bn_relu %s | FileCheck %s --check-prefix=BN
// RUN: %cxla opt --compile-to=fuse --function=bn_relu %s | FileCheck %s --check-prefix=PLAN
// RUN: %cxla opt --compile-to=lower --function=const_oihw %s | FileCheck %s --check-prefix=CONST
// RUN: %cxla opt --compile-to=lower --function=tiny %s | FileCheck %s --check-prefix=TINY
// RUN: %cxla opt --compile-to=lower --function=residual_dies %s | FileCheck %s --check-prefix=DIES
// RUN: %cxla opt --compile-to=lower --function=residual_lives %s | FileCheck %s --check-prefix=LIVES

// PLAIN: program:
// PLAIN-NEXT: call routine {{[0-9]+}} (arg0, arg1, result0) {{.*}}stablehlo.convolution
// PLAIN-NOT: kernel
func.func @plain(%x: tensor<1x14x14x32xf32>, %w: tensor<3x3x32x64xf32>) -> tensor<1x7x7x64xf32> {
  %r = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [2, 2], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x14x14x32xf32>, tensor<3x3x32x64xf32>) -> tensor<1x7x7x64xf32>
  return %r : tensor<1x7x7x64xf32>
}

// BN: program:
// BN-NEXT: kernel {{[0-9]+}} {{.*}}(arg4, arg5, [[S:arena@[0-9]+]])
// BN-NEXT: call routine {{[0-9]+}} (arg0, arg1, result0, arg2, [[S]], arg3) {{.*}}stablehlo.convolution
// BN-NOT: kernel

// PLAN: stablehlo.convolution{{.*}}cxla.fusion = "GEMM with an epilogue"
// PLAN: stablehlo.maximum {{.*}}cxla.fusion = "GEMM epilogue end, else kernel
func.func @bn_relu(%x: tensor<1x8x8x16xf32>, %w: tensor<1x1x16x32xf32>, %mean: tensor<32xf32>,
                   %beta: tensor<32xf32>, %gamma: tensor<32xf32>, %var: tensor<32xf32>)
    -> tensor<1x8x8x32xf32> {
  %r = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>) -> tensor<1x8x8x32xf32>
  %eps = stablehlo.constant dense<1.0e-05> : tensor<32xf32>
  %ve = stablehlo.add %var, %eps : tensor<32xf32>
  %rs = stablehlo.rsqrt %ve : tensor<32xf32>
  %sc = stablehlo.multiply %gamma, %rs : tensor<32xf32>
  %bm = stablehlo.broadcast_in_dim %mean, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %bs = stablehlo.broadcast_in_dim %sc, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %bb = stablehlo.broadcast_in_dim %beta, dims = [3] : (tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %d = stablehlo.subtract %r, %bm : tensor<1x8x8x32xf32>
  %p = stablehlo.multiply %d, %bs : tensor<1x8x8x32xf32>
  %y = stablehlo.add %p, %bb : tensor<1x8x8x32xf32>
  %z = stablehlo.constant dense<0.0> : tensor<1x8x8x32xf32>
  %o = stablehlo.maximum %y, %z : tensor<1x8x8x32xf32>
  return %o : tensor<1x8x8x32xf32>
}

// CONST: program:
// CONST-NEXT: call routine {{[0-9]+}} (arg0, const@{{[0-9]+}}, result0) {{.*}}stablehlo.convolution
// CONST-NOT: kernel
func.func @const_oihw(%x: tensor<1x8x8x4xf32>) -> tensor<1x8x8x8xf32> {
  %w = stablehlo.constant dense<[[[[0.5, -0.25, 1.0]], [[0.75, 0.0, -1.5]], [[1.25, -0.5, 0.25]], [[-0.75, 1.5, 0.5]]],
    [[[0.5, 0.25, -1.0]], [[0.75, 1.0, -1.5]], [[1.25, 0.5, 0.25]], [[-0.75, -1.5, 0.5]]],
    [[[1.5, -0.25, 1.0]], [[0.25, 0.0, -1.5]], [[1.25, -0.5, 2.25]], [[-0.75, 1.5, 0.0]]],
    [[[0.5, -0.25, 1.0]], [[0.75, 0.5, -1.5]], [[1.25, -0.5, 0.25]], [[-0.75, 1.5, 0.5]]],
    [[[2.5, -0.25, 1.0]], [[0.75, 0.0, -1.5]], [[1.25, -0.5, 0.25]], [[-0.25, 1.5, 0.5]]],
    [[[0.5, -1.25, 1.0]], [[0.75, 0.0, -1.5]], [[1.25, -0.5, 0.75]], [[-0.75, 1.5, 0.5]]],
    [[[0.5, -0.25, 1.0]], [[0.75, 0.0, -0.5]], [[1.25, -0.5, 0.25]], [[-0.75, 1.0, 0.5]]],
    [[[0.5, -0.25, 0.0]], [[0.75, 0.0, -1.5]], [[1.75, -0.5, 0.25]], [[-0.75, 1.5, 0.5]]]]> : tensor<8x4x1x3xf32>
  %wt = stablehlo.transpose %w, dims = [2, 3, 1, 0] : (tensor<8x4x1x3xf32>) -> tensor<1x3x4x8xf32>
  %r = stablehlo.convolution(%x, %wt) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1], pad = [[0, 0], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x4xf32>, tensor<1x3x4x8xf32>) -> tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}

// A convolution of fewer than 4096 multiply-adds stays a loop kernel.
// TINY: program:
// TINY-NEXT: kernel {{[0-9]+}} {{.*}}(arg0, arg1, result0)
// TINY-NOT: routine
func.func @tiny(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x2x2xf32>) -> tensor<1x4x4x2xf32> {
  %r = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x4x4x2xf32>, tensor<3x3x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}

// DIES: program:
// DIES-NEXT: call routine {{[0-9]+}} (arg0, arg1, [[A:arena@[0-9]+]])
// DIES-NEXT: call routine {{[0-9]+}} (arg0, arg2, [[A]], [[A]])
// DIES-NEXT: call routine {{[0-9]+}} ([[A]], arg3, result0)
func.func @residual_dies(%x: tensor<1x8x8x16xf32>, %w1: tensor<1x1x16x32xf32>,
                         %w2: tensor<1x1x16x32xf32>, %w3: tensor<1x1x32x32xf32>)
    -> tensor<1x8x8x32xf32> {
  %a = stablehlo.convolution(%x, %w1) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>) -> tensor<1x8x8x32xf32>
  %c = stablehlo.convolution(%x, %w2) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>) -> tensor<1x8x8x32xf32>
  %b = stablehlo.add %c, %a : tensor<1x8x8x32xf32>
  %r = stablehlo.convolution(%b, %w3) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x32xf32>, tensor<1x1x32x32xf32>) -> tensor<1x8x8x32xf32>
  return %r : tensor<1x8x8x32xf32>
}

// LIVES: program:
// LIVES-NEXT: call routine {{[0-9]+}} (arg0, arg1, [[A:arena@[0-9]+]])
// LIVES-NOT: , [[A]], [[A]])
// LIVES-NEXT: call routine {{[0-9]+}} (arg0, arg2, [[B:arena@[0-9]+]], [[A]])
// LIVES-NEXT: call routine {{[0-9]+}} ([[B]], arg3, result0, [[A]])
func.func @residual_lives(%x: tensor<1x8x8x16xf32>, %w1: tensor<1x1x16x32xf32>,
                          %w2: tensor<1x1x16x32xf32>, %w3: tensor<1x1x32x32xf32>)
    -> tensor<1x8x8x32xf32> {
  %a = stablehlo.convolution(%x, %w1) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>) -> tensor<1x8x8x32xf32>
  %c = stablehlo.convolution(%x, %w2) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x16xf32>, tensor<1x1x16x32xf32>) -> tensor<1x8x8x32xf32>
  %b = stablehlo.add %c, %a : tensor<1x8x8x32xf32>
  %d = stablehlo.convolution(%b, %w3) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x8x8x32xf32>, tensor<1x1x32x32xf32>) -> tensor<1x8x8x32xf32>
  %r = stablehlo.add %d, %a : tensor<1x8x8x32xf32>
  return %r : tensor<1x8x8x32xf32>
}

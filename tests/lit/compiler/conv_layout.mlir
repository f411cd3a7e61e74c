// Convolutions made channels-last (passes/conv_layout.c): an NCHW block
// computes NHWC between one transpose of its input and its pooling, the
// batch norm and ReLU stay the first convolution's epilogue and the
// residual add the second's (the residual is the input, taken through the
// first convolution's input transpose); a reduction that channels-last would
// reorder keeps its transpose; a function without convolutions keeps its
// transposes where they are. An NCHW argument is copied channels-last for a
// 7x7 convolution (its kernels would gather it element by element, ~4x
// slower), and read in place by a 1x1 convolution (one GEMM, any layout),
// which writes the NCHW result through its strides.
// RUN: %cxla opt --compile-to=simplify --function=block %s | FileCheck %s --check-prefix=BLOCK
// RUN: %cxla opt --compile-to=lower --function=block %s | FileCheck %s --check-prefix=LOWER
// RUN: %cxla opt --compile-to=simplify --function=reorders %s | FileCheck %s --check-prefix=KEEP
// RUN: %cxla opt --compile-to=simplify --function=no_conv %s | FileCheck %s --check-prefix=NOCONV
// RUN: %cxla opt --compile-to=lower --function=stem %s | FileCheck %s --check-prefix=STEM
// RUN: %cxla opt --compile-to=lower --function=pointwise %s | FileCheck %s --check-prefix=POINT

// BLOCK-LABEL: func.func @block
// BLOCK: [[T:%[0-9]+]] = stablehlo.transpose %arg0, dims = [0, 2, 3, 1] : (tensor<1x16x8x8xf32>) -> tensor<1x8x8x16xf32>
// BLOCK-NOT: transpose
// BLOCK: stablehlo.convolution([[T]], %arg1) dim_numbers = [b, 0, 1, f]x[o, i, 0, 1]->[b, 0, 1, f]
// BLOCK: stablehlo.broadcast_in_dim %arg3, dims = [3] : (tensor<16xf32>) -> tensor<1x8x8x16xf32>
// BLOCK: [[C2:%[0-9]+]] = stablehlo.convolution({{.*}}) dim_numbers = [b, 0, 1, f]x[o, i, 0, 1]->[b, 0, 1, f], window = {stride = [1, 1], pad = {{\[\[}}1, 1], [1, 1]]}
// BLOCK-NEXT: [[S:%[0-9]+]] = stablehlo.add [[C2]], [[T]] : tensor<1x8x8x16xf32>
// BLOCK: stablehlo.reduce([[S]] init: {{.*}}) applies stablehlo.add across dimensions = [1, 2] : (tensor<1x8x8x16xf32>, tensor<f32>) -> tensor<1x16xf32>
// BLOCK-NOT: transpose
// BLOCK: return

// LOWER: program:
// LOWER-NEXT: kernel {{.*}} stablehlo.transpose
// LOWER-NEXT: call routine {{.*}} [convolution+subtract+multiply+maximum]
// LOWER-NEXT: call routine {{.*}} [convolution+add]
// LOWER-NEXT: kernel {{.*}} [reduce]
func.func @block(%x: tensor<1x16x8x8xf32>, %w1: tensor<16x16x1x1xf32>, %w2: tensor<16x16x3x3xf32>,
                 %mean: tensor<16xf32>, %scale: tensor<16xf32>) -> tensor<1x16xf32> {
  %c1 = stablehlo.convolution(%x, %w1) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %m = stablehlo.broadcast_in_dim %mean, dims = [1] : (tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %s = stablehlo.broadcast_in_dim %scale, dims = [1] : (tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %a = stablehlo.subtract %c1, %m : tensor<1x16x8x8xf32>
  %b = stablehlo.multiply %a, %s : tensor<1x16x8x8xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<1x16x8x8xf32>
  %r = stablehlo.maximum %b, %zero : tensor<1x16x8x8xf32>
  %c2 = stablehlo.convolution(%r, %w2) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  %sum = stablehlo.add %c2, %x : tensor<1x16x8x8xf32>
  %init = stablehlo.constant dense<0.0> : tensor<f32>
  %pool = stablehlo.reduce(%sum init: %init) applies stablehlo.add across dimensions = [2, 3]
    : (tensor<1x16x8x8xf32>, tensor<f32>) -> tensor<1x16xf32>
  return %pool : tensor<1x16xf32>
}

// KEEP-LABEL: func.func @reorders
// KEEP: stablehlo.convolution{{.*}}->[b, 0, 1, f]
// KEEP-NEXT: [[T:%[0-9]+]] = stablehlo.transpose {{.*}}, dims = [0, 3, 1, 2] : (tensor<1x8x8x4xf32>) -> tensor<1x4x8x8xf32>
// KEEP: stablehlo.reduce([[T]] init: {{.*}}) applies stablehlo.add across dimensions = [3]
func.func @reorders(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x4x8xf32> {
  %c = stablehlo.convolution(%x, %w) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x2x8x8xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x8x8xf32>
  %init = stablehlo.constant dense<0.0> : tensor<f32>
  %r = stablehlo.reduce(%c init: %init) applies stablehlo.add across dimensions = [3]
    : (tensor<1x4x8x8xf32>, tensor<f32>) -> tensor<1x4x8xf32>
  return %r : tensor<1x4x8xf32>
}

// NOCONV-LABEL: func.func @no_conv
// NOCONV-NEXT: stablehlo.transpose %arg0, dims = [1, 0]
// NOCONV-NEXT: stablehlo.exponential
func.func @no_conv(%x: tensor<3x5xf32>) -> tensor<5x3xf32> {
  %t = stablehlo.transpose %x, dims = [1, 0] : (tensor<3x5xf32>) -> tensor<5x3xf32>
  %e = stablehlo.exponential %t : tensor<5x3xf32>
  return %e : tensor<5x3xf32>
}

// STEM: program:
// STEM-NEXT: kernel {{[0-9]+}} {{.*}}(arg0, [[T:arena@[0-9]+]]) {{.*}}stablehlo.transpose
// STEM-NEXT: call routine {{[0-9]+}} ([[T]], arg1, result0) {{.*}}stablehlo.convolution
func.func @stem(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x7x7xf32>) -> tensor<1x16x16x16xf32> {
  %c = stablehlo.convolution(%x, %w) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [2, 2], pad = [[3, 3], [3, 3]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x3x32x32xf32>, tensor<16x3x7x7xf32>) -> tensor<1x16x16x16xf32>
  return %c : tensor<1x16x16x16xf32>
}

// POINT: program:
// POINT-NEXT: call routine {{[0-9]+}} (arg0, arg1, result0) {{.*}}stablehlo.convolution {{.*}}[convolution+transpose]
// POINT-NOT: kernel
func.func @pointwise(%x: tensor<1x32x8x8xf32>, %w: tensor<16x32x1x1xf32>) -> tensor<1x16x8x8xf32> {
  %c = stablehlo.convolution(%x, %w) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1],
    window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
    : (tensor<1x32x8x8xf32>, tensor<16x32x1x1xf32>) -> tensor<1x16x8x8xf32>
  return %c : tensor<1x16x8x8xf32>
}

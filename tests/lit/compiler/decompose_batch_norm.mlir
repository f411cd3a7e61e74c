// Batch norms become elementwise ops and reductions before lowering
// (passes/decompose_batch_norm.c): inference in the element type, so an f32
// convolution's batch norm and ReLU run as the convolution's epilogue (the
// per-feature factor scale / sqrt(variance + epsilon) is one small kernel);
// training in f64, its statistics summed in f64 and rounded once.
// RUN: %cxla opt --compile-to=lower --function=conv_bn_relu %s | FileCheck %s --check-prefix=CONV
// RUN: %cxla opt --compile-to=simplify --function=training %s | FileCheck %s --check-prefix=TRAIN

// CONV: program:
// CONV-NEXT: kernel {{[0-9]+}} {{.*}}[add+sqrt+divide]
// CONV-NEXT: call routine {{[0-9]+}} {{.*}}stablehlo.convolution {{.*}}[convolution+subtract+multiply+add+maximum]
// CONV-NOT: kernel
func.func @conv_bn_relu(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16x32xf32>, %s: tensor<32xf32>, %o: tensor<32xf32>, %m: tensor<32xf32>, %v: tensor<32xf32>) -> tensor<1x8x8x32xf32> {
  %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f], window = {stride = [1, 1], pad = [[1, 1], [1, 1]]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x8x8x16xf32>, tensor<3x3x16x32xf32>) -> tensor<1x8x8x32xf32>
  %y = "stablehlo.batch_norm_inference"(%c, %s, %o, %m, %v) {epsilon = 1.0e-3 : f32, feature_index = 3 : i64} : (tensor<1x8x8x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x8x8x32xf32>
  %z = stablehlo.constant dense<0.0> : tensor<1x8x8x32xf32>
  %r = stablehlo.maximum %y, %z : tensor<1x8x8x32xf32>
  return %r : tensor<1x8x8x32xf32>
}

// TRAIN-LABEL: func.func @training
// TRAIN-NOT: batch_norm
// TRAIN: stablehlo.convert %arg0 : (tensor<4x3xf32>) -> tensor<4x3xf64>
// TRAIN: stablehlo.reduce({{.*}}) applies stablehlo.add across dimensions = [0] : (tensor<4x3xf64>, tensor<f64>) -> tensor<3xf64>
// TRAIN: stablehlo.sqrt {{.*}} : tensor<3xf64>
// TRAIN: stablehlo.convert {{.*}} : (tensor<4x3xf64>) -> tensor<4x3xf32>
// TRAIN: return
func.func @training(%x: tensor<4x3xf32>, %s: tensor<3xf32>, %o: tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %t:3 = "stablehlo.batch_norm_training"(%x, %s, %o) {epsilon = 1.0e-3 : f32, feature_index = 1 : i64} : (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %t#0, %t#1, %t#2 : tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>
}

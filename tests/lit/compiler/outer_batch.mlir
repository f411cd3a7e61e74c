// A GEMM whose batch or M dims do not fold into one stride runs with the
// GEMM routine's outer batch instead of copying its operands: attention's
// scores over (batch, head) with the heads inside each token's row read Q
// and K where they lie, and so does an output projection reading the
// context through a transpose (M = (batch, token)). Tiny GEMMs keep the
// copy (a routine call per outer index would cost more).
// RUN: %cxla opt --compile-to=lower --function=scores %s | FileCheck %s --check-prefix=SCORES
// RUN: %cxla opt --compile-to=lower --function=projection %s | FileCheck %s --check-prefix=PROJ
// RUN: %cxla opt --compile-to=lower --function=tiny %s | FileCheck %s --check-prefix=TINY

// SCORES: program:
// SCORES-NEXT: call routine {{[0-9]+}} (arg0, arg1, result0) {{.*}}stablehlo.dot_general
// SCORES-NOT: kernel
func.func @scores(%q: tensor<3x40x4x16xf32>, %k: tensor<3x40x4x16xf32>) -> tensor<3x4x40x40xf32> {
  %s = stablehlo.dot_general %q, %k, batching_dims = [0, 2] x [0, 2], contracting_dims = [3] x [3]
    : (tensor<3x40x4x16xf32>, tensor<3x40x4x16xf32>) -> tensor<3x4x40x40xf32>
  return %s : tensor<3x4x40x40xf32>
}

// PROJ: program:
// PROJ-NEXT: call routine {{[0-9]+}} (arg0, arg1, result0) {{.*}}stablehlo.dot_general
// PROJ-NOT: kernel
func.func @projection(%ctx: tensor<3x4x16x40xf32>, %w: tensor<64x64xf32>) -> tensor<3x40x64xf32> {
  %t = stablehlo.transpose %ctx, dims = [0, 3, 1, 2] : (tensor<3x4x16x40xf32>) -> tensor<3x40x4x16xf32>
  %r = stablehlo.reshape %t : (tensor<3x40x4x16xf32>) -> tensor<3x40x64xf32>
  %o = stablehlo.dot_general %r, %w, contracting_dims = [2] x [0]
    : (tensor<3x40x64xf32>, tensor<64x64xf32>) -> tensor<3x40x64xf32>
  return %o : tensor<3x40x64xf32>
}

// TINY: program:
// TINY-NEXT: kernel
// TINY-NEXT: kernel
// TINY-NEXT: call routine
func.func @tiny(%q: tensor<3x5x2x4xf32>, %k: tensor<3x5x2x4xf32>) -> tensor<3x2x5x5xf32> {
  %s = stablehlo.dot_general %q, %k, batching_dims = [0, 2] x [0, 2], contracting_dims = [3] x [3]
    : (tensor<3x5x2x4xf32>, tensor<3x5x2x4xf32>) -> tensor<3x2x5x5xf32>
  return %s : tensor<3x2x5x5xf32>
}

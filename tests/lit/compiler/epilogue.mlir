// GEMM epilogues and operand views (compiler/epilogue.h) in the step
// program: a linear layer as PyTorch exports it (weight transposed, bias,
// residual, GELU) is one GEMM call reading the weight through strides, with
// no kernel; when the bias sum is also used elsewhere the epilogue ends
// there and the GELU is a kernel reading the GEMM's output.
// RUN: %cxla opt --compile-to=lower --function=fused %s | FileCheck %s --check-prefix=FUSED
// RUN: %cxla opt --compile-to=lower --function=shared %s | FileCheck %s --check-prefix=SHARED
// RUN: %cxla opt --compile-to=fuse --function=fused %s | FileCheck %s --check-prefix=PLAN

// FUSED: program:
// FUSED-NEXT: call routine {{[0-9]+}} (arg0, arg1, result0, arg2, arg3)
// FUSED-NOT: kernel

// PLAN: stablehlo.transpose {{.*}}cxla.fusion = "read through strides by its GEMMs"
// PLAN: stablehlo.dot_general {{.*}}cxla.fusion = "GEMM with an epilogue"
// PLAN: stablehlo.multiply {{.*}}cxla.fusion = "GEMM epilogue end, else kernel 0"
func.func @fused(%x: tensor<8x16xf32>, %w: tensor<12x16xf32>, %b: tensor<12xf32>,
                 %res: tensor<8x12xf32>) -> tensor<8x12xf32> {
  %wt = stablehlo.transpose %w, dims = [1, 0] : (tensor<12x16xf32>) -> tensor<16x12xf32>
  %r = stablehlo.dot_general %x, %wt, contracting_dims = [1] x [0] : (tensor<8x16xf32>, tensor<16x12xf32>) -> tensor<8x12xf32>
  %bb = stablehlo.broadcast_in_dim %b, dims = [1] : (tensor<12xf32>) -> tensor<8x12xf32>
  %y = stablehlo.add %r, %bb : tensor<8x12xf32>
  %z = stablehlo.add %res, %y : tensor<8x12xf32>
  %half = stablehlo.constant dense<0.5> : tensor<8x12xf32>
  %h = stablehlo.multiply %z, %half : tensor<8x12xf32>
  %is2 = stablehlo.constant dense<0.707106769> : tensor<8x12xf32>
  %s = stablehlo.multiply %z, %is2 : tensor<8x12xf32>
  %e = chlo.erf %s : tensor<8x12xf32> -> tensor<8x12xf32>
  %one = stablehlo.constant dense<1.0> : tensor<8x12xf32>
  %p = stablehlo.add %e, %one : tensor<8x12xf32>
  %g = stablehlo.multiply %h, %p : tensor<8x12xf32>
  return %g : tensor<8x12xf32>
}

// SHARED: program:
// SHARED-NEXT: call routine {{[0-9]+}} (arg0, arg1, [[Y:arena@[0-9]+]], arg2)
// SHARED-NEXT: kernel {{[0-9]+}} {{.*}}([[Y]], result0)
// SHARED-NEXT: kernel {{[0-9]+}} {{.*}}([[Y]], result1)
func.func @shared(%x: tensor<8x16xf32>, %w: tensor<16x12xf32>, %b: tensor<12xf32>)
    -> (tensor<8x12xf32>, tensor<8x12xf32>) {
  %r = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<8x16xf32>, tensor<16x12xf32>) -> tensor<8x12xf32>
  %bb = stablehlo.broadcast_in_dim %b, dims = [1] : (tensor<12xf32>) -> tensor<8x12xf32>
  %y = stablehlo.add %r, %bb : tensor<8x12xf32>
  %t = stablehlo.tanh %y : tensor<8x12xf32>
  %u = stablehlo.multiply %y, %y : tensor<8x12xf32>
  return %t, %u : tensor<8x12xf32>, tensor<8x12xf32>
}

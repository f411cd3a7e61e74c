// The fuse phase: an elementwise chain is one kernel; a reduction-free
// chain's broadcasts of scalars are computed in it; a value used by two
// kernels that is not cheap to recompute gets its own kernel.
// RUN: %cxla opt --compile-to=fuse --function=chain %s | FileCheck %s --check-prefix=CHAIN
// RUN: %cxla opt --compile-to=fuse --function=shared %s | FileCheck %s --check-prefix=SHARED

// CHAIN-LABEL: func.func @chain
// CHAIN: stablehlo.broadcast_in_dim {{.*}}cxla.fusion = "in kernel 0"
// CHAIN: stablehlo.multiply {{.*}}cxla.fusion = "in kernel 0"
// CHAIN: stablehlo.add {{.*}}cxla.fusion = "in kernel 0"
// CHAIN: stablehlo.tanh {{.*}}cxla.fusion = "kernel 0"
func.func @chain(%x: tensor<8xf32>, %a: tensor<f32>) -> tensor<8xf32> {
  %ab = stablehlo.broadcast_in_dim %a, dims = [] : (tensor<f32>) -> tensor<8xf32>
  %0 = stablehlo.multiply %ab, %x : tensor<8xf32>
  %1 = stablehlo.add %0, %x : tensor<8xf32>
  %2 = stablehlo.tanh %1 : tensor<8xf32>
  return %2 : tensor<8xf32>
}

// SHARED-LABEL: func.func @shared
// SHARED: stablehlo.exponential {{.*}}cxla.fusion = "kernel 0"
// SHARED: stablehlo.add {{.*}}cxla.fusion = "kernel 1"
// SHARED: stablehlo.multiply {{.*}}cxla.fusion = "kernel 2"
func.func @shared(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = stablehlo.exponential %x : tensor<8xf32>
  %0 = stablehlo.add %e, %x : tensor<8xf32>
  %1 = stablehlo.multiply %e, %x : tensor<8xf32>
  return %0, %1 : tensor<8xf32>, tensor<8xf32>
}

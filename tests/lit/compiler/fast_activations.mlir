// f32 tanh and logistic in a fused loop: no exact division, no float/integer
// conversion in the loop (src/codegen/cg_math.c). logistic divides with a
// reciprocal estimate (fdiv with arcp and ninf, which LLVM lowers to
// vrcp14ps on AVX-512, with the one Newton step the function attribute asks
// for) and takes n and 2^n from the bits of a shifted FMA. tanh is the same
// kind of formula, or, where kernels run on 512-bit vectors (AVX-512 hosts),
// a polynomial per interval whose coefficients come from 32-entry tables:
// the vectorized table reads become permutes of vector constants, no gathers
// stay.
// RUN: %cxla opt --compile-to=llvm %s | FileCheck %s --implicit-check-not=fptosi --implicit-check-not=sitofp --implicit-check-not="fdiv <" --implicit-check-not="fdiv float" --implicit-check-not=llvm.masked.gather
// CHECK: {{fdiv ninf arcp contract <[0-9]+ x float> <float 1.0|call <16 x float> @llvm.x86.avx512.vpermi2var.ps.512}}
// CHECK: fdiv ninf arcp contract <{{[0-9]+}} x float> <float 1.0
// CHECK: "reciprocal-estimates"="vec-divf:1"
func.func @main(%x: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = stablehlo.tanh %x : tensor<1024xf32>
  %1 = stablehlo.logistic %x : tensor<1024xf32>
  %2 = stablehlo.multiply %0, %1 : tensor<1024xf32>
  return %2 : tensor<1024xf32>
}

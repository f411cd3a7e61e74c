// f32 tanh and logistic in a fused loop divide with a reciprocal estimate
// (fdiv with arcp and ninf, which LLVM lowers to vrcp14ps on AVX-512, with the
// one Newton step the function attribute asks for)
// and take n and 2^n from the bits of a shifted FMA: no exact division, no
// float/integer conversion in the loop (src/codegen/cg_math.c).
// RUN: %cxla opt --compile-to=llvm %s | FileCheck %s --implicit-check-not=fptosi --implicit-check-not=sitofp --implicit-check-not="fdiv <" --implicit-check-not="fdiv float"
// CHECK: fdiv ninf arcp contract <{{[0-9]+}} x float> <float 1.0
// CHECK: fdiv ninf arcp contract <{{[0-9]+}} x float> <float 1.0
// CHECK: "reciprocal-estimates"="vec-divf:1"
func.func @main(%x: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = stablehlo.tanh %x : tensor<1024xf32>
  %1 = stablehlo.logistic %x : tensor<1024xf32>
  %2 = stablehlo.multiply %0, %1 : tensor<1024xf32>
  return %2 : tensor<1024xf32>
}

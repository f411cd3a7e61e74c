// The compiler's phases print with --compile-to: calls inlined, shapes
// refined for the given input, the step program and buffer plan, the LLVM IR.
// RUN: %cxla opt --compile-to=input %s | FileCheck %s --check-prefix=INPUT
// RUN: %cxla opt --compile-to=refine --input=3xf32=1,2,3 %s | FileCheck %s --check-prefix=REFINE
// RUN: %cxla opt --compile-to=lower --input=3xf32=1,2,3 %s | FileCheck %s --check-prefix=LOWER
// RUN: %cxla opt --compile-to=llvm --input=3xf32=1,2,3 %s | FileCheck %s --check-prefix=LLVM
// RUN: %cxla opt --print-ir-after-all --input=3xf32=1,2,3 %s | FileCheck %s --check-prefix=ALL
// RUN: not %cxla opt --compile-to=nonsense %s 2>&1 | FileCheck %s --check-prefix=BAD

// INPUT-LABEL: func.func @main
// INPUT-NOT: call
// INPUT: stablehlo.multiply
// REFINE: func.func @main(%arg0: tensor<3xf32>) -> tensor<3xf32>
// REFINE: stablehlo.multiply {{.*}} : tensor<3xf32>
// LOWER: executable @main: 1 args, 1 results
// LOWER: kernel 0 [1 items] (arg0, result0)
// LLVM: define {{.*}} @cx_kernel_library_query
// ALL: IR after input
// ALL: IR after refine
// ALL: IR after simplify
// ALL: IR after fuse
// ALL: IR after lower
// ALL: IR after llvm
// BAD: unknown compiler phase 'nonsense'

func.func private @square(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = stablehlo.multiply %x, %x : tensor<?xf32>
  return %0 : tensor<?xf32>
}

func.func @main(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = func.call @square(%x) : (tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

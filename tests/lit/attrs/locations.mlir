// Locations are kept whole (ir/location.h): loc(...) on ops, function and
// block arguments, functions and the module; #loc aliases (defined after use
// too); names with and without a child, call sites, fused locations with and
// without metadata, file ranges (`to :col`, `to line:col`), a line alone, and
// unknown. The printer drops them unless asked (--print-locations), prints
// them back as given, and bytecode carries them too. Errors report an op's
// first file position, MLIR-style.
// RUN: %cxla opt %s | FileCheck %s --check-prefix=PLAIN
// RUN: %cxla opt --print-locations %s | FileCheck %s
// RUN: %cxla opt --print-locations %s | %cxla opt --print-locations - | FileCheck %s
// RUN: %cxla translate --serialize %s -o %t.mlirbc
// RUN: %cxla opt --print-locations %t.mlirbc | FileCheck %s --check-prefix=BC
// RUN: %cxla opt --generic --print-locations %s | FileCheck %s --check-prefix=GENERIC
// RUN: not %cxla opt %S/Inputs/bad_add_at_loc.mlir 2>&1 | FileCheck %s --check-prefix=ERROR
// RUN: not %cxla opt %S/Inputs/bad_loc_range.mlir 2>&1 | FileCheck %s --check-prefix=RANGE

// PLAIN-NOT: loc(
// CHECK: func.func @locations(%arg0: tensor<4xf32> loc("x"), %arg1: tensor<4xf32> loc("y"("model.py":9:1))) -> tensor<f32> {
// CHECK: %0 = stablehlo.add %arg0, %arg1 : tensor<4xf32> loc("model.py":11:5)
// CHECK: %1 = stablehlo.negate %0 : tensor<4xf32> loc("model.py":10:3)
// CHECK: %2 = stablehlo.abs %1 : tensor<4xf32> loc(callsite("foo"("a.py":1:2) at "b.py":3:4))
// CHECK: %3 = stablehlo.sine %2 : tensor<4xf32> loc("name"("c.py":5:6))
// CHECK: %4 = stablehlo.cosine %3 : tensor<4xf32> loc(fused["model.py":10:3, "model.py":11:5])
// CHECK: %5 = stablehlo.tanh %4 : tensor<4xf32> loc(unknown)
// Ops without a location get their position in the input.
// CHECK: %6 = stablehlo.floor %5 : tensor<4xf32> loc("{{.*}}locations.mlir":[[@LINE+34]]:5)
// CHECK: %7 = stablehlo.exponential %6 : tensor<4xf32> loc("<string>":16:15 to :106)
// CHECK: %8 = stablehlo.log %7 : tensor<4xf32> loc("a.py":1:2 to 3:4)
// CHECK: %9 = stablehlo.sqrt %8 : tensor<4xf32> loc(fused<"jax">["a.py":7, "f"])
// CHECK: %10 = "stablehlo.reduce"(%9, %cst) <{dimensions = array<i64: 0>}> ({
// CHECK-NEXT: ^bb0(%arg2: tensor<f32> loc("acc"), %arg3: tensor<f32> loc(unknown)):
// CHECK: return %10 : tensor<f32> loc("model.py":11:5)
// CHECK-NEXT: } loc("model.py":10:3)
// CHECK-NEXT: } loc("mod")

// Through bytecode (MLIR's FileLineColLoc, FileLineColRange, NameLoc,
// CallSiteLoc, FusedLoc with and without metadata, block argument locations).
// BC: func.func @locations(%arg0: tensor<4xf32> loc("x"), %arg1: tensor<4xf32> loc("y"("model.py":9:1))) -> tensor<f32> {
// BC: loc(callsite("foo"("a.py":1:2) at "b.py":3:4))
// BC: %7 = stablehlo.exponential %6 : tensor<4xf32> loc("<string>":16:15 to :106)
// BC: %8 = stablehlo.log %7 : tensor<4xf32> loc("a.py":1:2 to 3:4)
// BC: %9 = stablehlo.sqrt %8 : tensor<4xf32> loc(fused<"jax">["a.py":7, "f"])
// BC: ^bb0(%arg2: tensor<f32> loc("acc"), %arg3: tensor<f32>):
// BC: } loc("mod")

// GENERIC: %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("model.py":11:5)

// ERROR: model.py:42:7: error: 'stablehlo.add' op
// RANGE: range.py:16:15: error: 'stablehlo.add' op

#loc0 = loc("model.py":10:3)
module {
  func.func @locations(%x: tensor<4xf32> loc("x"), %y: tensor<4xf32> loc("y"("model.py":9:1))) -> tensor<f32> {
    %0 = stablehlo.add %x, %y : tensor<4xf32> loc(#loc1)
    %1 = stablehlo.negate %0 : tensor<4xf32> loc(#loc0)
    %2 = stablehlo.abs %1 : tensor<4xf32> loc(callsite("foo"("a.py":1:2) at "b.py":3:4))
    %3 = stablehlo.sine %2 : tensor<4xf32> loc("name"("c.py":5:6))
    %4 = stablehlo.cosine %3 : tensor<4xf32> loc(#loc2)
    %5 = stablehlo.tanh %4 : tensor<4xf32> loc(unknown)
    %6 = stablehlo.floor %5 : tensor<4xf32>
    %7 = stablehlo.exponential %6 : tensor<4xf32> loc("<string>":16:15 to :106)
    %8 = stablehlo.log %7 : tensor<4xf32> loc("a.py":1:2 to 3:4)
    %9 = stablehlo.sqrt %8 : tensor<4xf32> loc(fused<"jax">["a.py":7, "f"(unknown)])
    %z = stablehlo.constant dense<0.0> : tensor<f32>
    %10 = "stablehlo.reduce"(%9, %z) ({
    ^bb0(%a: tensor<f32> loc("acc"), %b: tensor<f32> loc(unknown)):
      %s = stablehlo.add %a, %b : tensor<f32>
      stablehlo.return %s : tensor<f32>
    }) {dimensions = array<i64: 0>} : (tensor<4xf32>, tensor<f32>) -> tensor<f32>
    return %10 : tensor<f32> loc(#loc1)
  } loc(#loc0)
} loc("mod")
#loc1 = loc("model.py":11:5)
#loc2 = loc(fused[#loc0, #loc1])

// Locations: loc(...) on ops, #loc aliases (defined after use too), fused,
// named, callsite and unknown locations. The printer drops them unless asked
// (--print-locations); errors report them, MLIR-style.
// RUN: %cxla opt %s | FileCheck %s --check-prefix=PLAIN
// RUN: %cxla opt --print-locations %s | FileCheck %s
// RUN: %cxla opt --print-locations %s | %cxla opt --print-locations - | FileCheck %s --check-prefix=AGAIN
// RUN: %cxla opt --generic --print-locations %s | FileCheck %s --check-prefix=GENERIC
// RUN: not %cxla opt %S/Inputs/bad_add_at_loc.mlir 2>&1 | FileCheck %s --check-prefix=ERROR

// PLAIN-NOT: loc(
// CHECK: %0 = stablehlo.add %arg0, %arg0 : tensor<4xf32> loc("model.py":11:5)
// CHECK: %1 = stablehlo.negate %0 : tensor<4xf32> loc("model.py":10:3)
// CHECK: %2 = stablehlo.abs %1 : tensor<4xf32> loc("a.py":1:2)
// CHECK: %3 = stablehlo.sine %2 : tensor<4xf32> loc("c.py":5:6)
// The fused location keeps its first file location.
// CHECK: %4 = stablehlo.cosine %3 : tensor<4xf32> loc("model.py":10:3)
// Ops without a file location (or with loc(unknown)) get their position in
// the input.
// CHECK: %5 = stablehlo.tanh %4 : tensor<4xf32> loc("{{.*}}locations.mlir":[[@LINE+21]]:5)
// CHECK: %6 = stablehlo.floor %5 : tensor<4xf32> loc("{{.*}}locations.mlir":[[@LINE+21]]:5)
// CHECK: return %6 : tensor<4xf32> loc("model.py":11:5)

// Printed locations read back as themselves.
// AGAIN: %0 = stablehlo.add %arg0, %arg0 : tensor<4xf32> loc("model.py":11:5)
// AGAIN: %4 = stablehlo.cosine %3 : tensor<4xf32> loc("model.py":10:3)
// AGAIN: %5 = stablehlo.tanh %4 : tensor<4xf32> loc("{{.*}}locations.mlir":{{[0-9]+}}:5)

// GENERIC: %0 = "stablehlo.add"(%arg0, %arg0) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc("model.py":11:5)

// ERROR: model.py:42:7: error: 'stablehlo.add' op

#loc0 = loc("model.py":10:3)
module {
  func.func @locations(%x: tensor<4xf32>) -> tensor<4xf32> {
    %0 = stablehlo.add %x, %x : tensor<4xf32> loc(#loc1)
    %1 = stablehlo.negate %0 : tensor<4xf32> loc(#loc0)
    %2 = stablehlo.abs %1 : tensor<4xf32> loc(callsite("foo"("a.py":1:2) at "b.py":3:4))
    %3 = stablehlo.sine %2 : tensor<4xf32> loc("name"("c.py":5:6))
    %4 = stablehlo.cosine %3 : tensor<4xf32> loc(#loc2)
    %5 = stablehlo.tanh %4 : tensor<4xf32> loc(unknown)
    %6 = stablehlo.floor %5 : tensor<4xf32>
    return %6 : tensor<4xf32> loc(#loc1)
  } loc(#loc0)
} loc(unknown)
#loc1 = loc("model.py":11:5)
#loc2 = loc(fused[#loc0, #loc1])

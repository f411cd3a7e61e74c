// The persistent compilation cache (--cache-dir, $CXLA_CACHE_DIR): the
// first compilation is a miss and stores an entry, the next one of the same
// program, options and bound values is a hit with the same results; another
// bound value is another entry; --no-cache turns it off. `cxla check
// --mode=both` compares cached executables with the interpreter.
// RUN: rm -rf %t.dir
// RUN: %cxla bench %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,1 --iterations=2 --json --cache-dir=%t.dir/c | FileCheck --check-prefix=MISS %s
// RUN: %cxla bench %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,1 --iterations=2 --json --cache-dir=%t.dir/c | FileCheck --check-prefix=HIT %s
// RUN: %cxla run %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,1 --cache-dir=%t.dir/c | FileCheck %s
// RUN: %cxla bench %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,2 --iterations=2 --json --cache-dir=%t.dir/c | FileCheck --check-prefix=MISS %s
// RUN: env CXLA_CACHE_DIR=%t.dir/c %cxla bench %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,2 --iterations=2 --json | FileCheck --check-prefix=HIT %s
// RUN: env CXLA_CACHE_DIR=%t.dir/c %cxla bench %s --input=2x3xf32=1,2,3,4,5,6 --bind=3x2xf32=1,0,0,1,1,2 --iterations=2 --json --no-cache | FileCheck --check-prefix=OFF %s
// A second `cxla compile` takes the artifact from the cache, byte for byte the first.
// RUN: %cxla compile %s -o %t.a.cxla --input=2x3xf32 --bind=3x2xf32=1,0,0,1,1,1 --quiet --cache-dir=%t.dir/c
// RUN: %cxla compile %s -o %t.b.cxla --input=2x3xf32 --bind=3x2xf32=1,0,0,1,1,1 --quiet --cache-dir=%t.dir/c
// RUN: cmp %t.a.cxla %t.b.cxla
// RUN: %cxla run %t.b.cxla --input=2x3xf32=1,2,3,4,5,6 | FileCheck %s
// RUN: %cxla check --mode=both --cache-dir=%t.dir/check %S/../../compiler/control.mlir %S/../../compiler/elementwise.mlir | FileCheck --check-prefix=CHECKED %s
// RUN: %cxla check --mode=both --cache-dir=%t.dir/check %S/../../compiler/control.mlir %S/../../compiler/elementwise.mlir | FileCheck --check-prefix=CHECKED %s

// CHECK: 2x2xf32=[4 5][10 11]
// MISS: "cache": "miss"
// HIT: "cache": "hit"
// OFF: "mode": "compiled"
// OFF-NOT: "cache"
// CHECKED: 2 passed, 0 failed

func.func @main(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %r = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

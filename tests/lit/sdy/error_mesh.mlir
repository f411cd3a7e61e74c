// A malformed sdy.mesh names the position of what is wrong.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: error_mesh.mlir:4:24: error: mesh axis size must be positive, got 0
sdy.mesh @mesh = <["a"=0]>

// Every op of ops.def has a printed-form test in this directory.
// RUN: %python %S/../tools/op_coverage.py %S/../../../src/ir/ops.def %S | FileCheck %s
// CHECK-NOT: not covered
// CHECK: ops covered

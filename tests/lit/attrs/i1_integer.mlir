// An integer attribute of type i1 prints as `1 : i1`, not `true`, which would
// read back as a bool attribute, a different kind (found by fuzz/mutations:
// composite's version mutated to `1 : i1`; chlo.constant_like needs the typed
// form).
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s

// CHECK: func.func @f() attributes {a = 1 : i1, b = 0 : i1, c = true}
func.func @f() attributes {a = 1 : i1, b = 0 : i1, c = true} {
  return
}

// String attributes: escapes, and typed strings ("..." : type), whose type is
// kept and printed back (MLIR's StringAttr with a type; VHLO cannot hold them,
// so serializing one is an error).
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s
// RUN: not %cxla translate --serialize %s -o %t.mlirbc 2>&1 | FileCheck %s --check-prefix=SERIALIZE

// CHECK: func.func @strings() attributes {escaped = "a\0A\22b\\", plain = "text", typed = "foo" : tensor<3xf32>, typed_int = "" : i32}
// SERIALIZE: strings.mlir:[[@LINE+1]]:1: error: 'func.func' op has a typed string attribute
func.func @strings() attributes {plain = "text", escaped = "a\n\"b\\", typed = "foo" : tensor<3xf32>, typed_int = "" : i32} {
  return
}

// A resource blob defined twice.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: redefined_resource.mlir:12:10: error: redefinition of resource blob 'b'
func.func @f() -> tensor<1xi32> {
  %0 = stablehlo.constant dense_resource<b> : tensor<1xi32>
  return %0 : tensor<1xi32>
}
{-#
  dialect_resources: {
    builtin: {
      b: "0x0400000001000000",
      b: "0x0400000002000000"
    }
  }
#-}

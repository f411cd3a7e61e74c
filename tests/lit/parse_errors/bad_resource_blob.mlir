// A resource blob too short for its tensor type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bad_resource_blob.mlir:5:41: error: dense_resource<b> holds 3 bytes but its type needs 1 elements of 4 bytes
func.func @f() -> tensor<1xi32> {
  %0 = stablehlo.constant dense_resource<b> : tensor<1xi32>
  return %0 : tensor<1xi32>
}
{-#
  dialect_resources: {
    builtin: {
      b: "0x04000000010000"
    }
  }
#-}

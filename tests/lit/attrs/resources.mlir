// dense_resource constants and the module's {-# dialect_resources #-} blobs
// (4-byte alignment prefix, then the data); blobs are printed after the
// module, and several uses of one blob share it.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @resources() -> (tensor<2xi32>, tensor<3xf32>, tensor<2xi32>) {
// CHECK-NEXT{LITERAL}: %c = stablehlo.constant dense_resource<blob_i32> : tensor<2xi32>
// CHECK-NEXT{LITERAL}: %cst = stablehlo.constant dense_resource<blob_f32> : tensor<3xf32>
// CHECK-NEXT{LITERAL}: %c_0 = stablehlo.constant dense_resource<blob_i32> : tensor<2xi32>
// CHECK-NEXT{LITERAL}: return %c, %cst, %c_0 : tensor<2xi32>, tensor<3xf32>, tensor<2xi32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }
// CHECK-EMPTY:
// CHECK-NEXT{LITERAL}: {-#
// CHECK-NEXT{LITERAL}: dialect_resources: {
// CHECK-NEXT{LITERAL}: builtin: {
// CHECK-NEXT{LITERAL}: blob_i32: "0x040000000100000002000000",
// CHECK-NEXT{LITERAL}: blob_f32: "0x080000000000803F0000004000004040"
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: #-}

// GENERIC{LITERAL}: %c = "stablehlo.constant"() <{value = dense_resource<blob_i32> : tensor<2xi32>}> : () -> tensor<2xi32>
// GENERIC{LITERAL}: %cst = "stablehlo.constant"() <{value = dense_resource<blob_f32> : tensor<3xf32>}> : () -> tensor<3xf32>
// GENERIC{LITERAL}: %c_0 = "stablehlo.constant"() <{value = dense_resource<blob_i32> : tensor<2xi32>}> : () -> tensor<2xi32>
// GENERIC{LITERAL}: blob_i32: "0x040000000100000002000000",

func.func @resources() -> (tensor<2xi32>, tensor<3xf32>, tensor<2xi32>) {
  %0 = stablehlo.constant dense_resource<blob_i32> : tensor<2xi32>
  %1 = stablehlo.constant dense_resource<blob_f32> : tensor<3xf32>
  %2 = stablehlo.constant dense_resource<blob_i32> : tensor<2xi32>
  return %0, %1, %2 : tensor<2xi32>, tensor<3xf32>, tensor<2xi32>
}

{-#
  dialect_resources: {
    builtin: {
      blob_i32: "0x040000000100000002000000",
      blob_f32: "0x080000000000803F0000004000004040"
    }
  }
#-}

// Elided blobs (models published without weights) are an error unless the
// caller asks for pseudo-random filling; the filled module prints the
// reference again, so it round-trips under the same flag.
// RUN: not %cxla opt %S/Inputs/elided.mlir 2>&1 | FileCheck %s --check-prefix=ELIDED
// RUN: %cxla opt --fill-elided %S/Inputs/elided.mlir | FileCheck %s --check-prefix=FILLED
// RUN: %cxla opt --fill-elided %S/Inputs/elided.mlir | %cxla opt --fill-elided - | FileCheck %s --check-prefix=FILLED
// ELIDED: elided.mlir:3:41: error: dense_resource<__elided__>: this constant's data was left out of the file
// FILLED: %cst = stablehlo.constant dense_resource<__elided__> : tensor<2x2xf32>

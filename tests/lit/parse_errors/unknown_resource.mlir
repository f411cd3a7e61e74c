// A dense_resource naming a blob the file does not define.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: unknown_resource.mlir:5:41: error: dense_resource<nope> names a blob that the file does not define
func.func @f() -> tensor<2xi32> {
  %0 = stablehlo.constant dense_resource<nope> : tensor<2xi32>
  return %0 : tensor<2xi32>
}

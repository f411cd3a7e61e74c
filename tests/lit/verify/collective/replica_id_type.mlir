// replica_id produces tensor<ui32>.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: replica_id_type.mlir:5:3: error: 'stablehlo.replica_id' op result must be a 0-dimensional tensor of ui32, but got 'tensor<i32>'
func.func @main() -> tensor<i32> {
  %0 = "stablehlo.replica_id"() : () -> tensor<i32>
  func.return %0 : tensor<i32>
}

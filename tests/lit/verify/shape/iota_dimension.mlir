// iota_c1: 0 <= iota_dimension < rank(output).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: iota_dimension.mlir:5:3: error: 'stablehlo.iota' op iota dimension 1 is out of bounds for rank 1
func.func @main() -> tensor<4xf32> {
  %0 = stablehlo.iota dim = 1 : tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

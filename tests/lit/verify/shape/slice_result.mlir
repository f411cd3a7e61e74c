// slice_c5: shape(result) = ceil((limit - start) / strides).
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: slice_result.mlir:5:3: error: 'stablehlo.slice' op inferred shape '[3]' is incompatible with result type 'tensor<4xf32>'
func.func @main(%a: tensor<8xf32>) -> tensor<4xf32> {
  %0 = stablehlo.slice %a [1:8:3] : (tensor<8xf32>) -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

// Bounds of static dimensions must be '?'.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: bounds_on_static_dim.mlir:5:3: error: 'stablehlo.abs' op result #0: 'tensor<3xf32, #stablehlo.bounds<4>>': bounds for static dimensions must be '?'
func.func @main(%a: tensor<3xf32>) -> tensor<3xf32, #stablehlo.bounds<4>> {
  %0 = stablehlo.abs %a : (tensor<3xf32>) -> tensor<3xf32, #stablehlo.bounds<4>>
  func.return %0 : tensor<3xf32, #stablehlo.bounds<4>>
}

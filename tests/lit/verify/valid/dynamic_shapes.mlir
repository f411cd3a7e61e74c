// Dynamic dims ('?') are compatible with any size and bounded dims with any
// size up to their bound: the verifier accepts these where the spec's
// constraints would hold for some runtime sizes.
// RUN: %cxla opt %s | FileCheck %s
// CHECK-LABEL: func.func @main
func.func @main(%a: tensor<?x4xf32>, %b: tensor<3x?xf32>, %c: tensor<?xf32, #stablehlo.bounds<8>>) -> tensor<3x4xf32> {
  // CHECK: stablehlo.add
  %0 = stablehlo.add %a, %b : (tensor<?x4xf32>, tensor<3x?xf32>) -> tensor<3x4xf32>
  %1 = stablehlo.negate %c : (tensor<?xf32, #stablehlo.bounds<8>>) -> tensor<8xf32>
  %2 = stablehlo.concatenate %a, %0, dim = 0 : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  %3 = stablehlo.dot_general %a, %b, contracting_dims = [1] x [1] : (tensor<?x4xf32>, tensor<3x?xf32>) -> tensor<?x3xf32>
  func.return %0 : tensor<3x4xf32>
}

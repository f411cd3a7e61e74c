// Operand layouts are permutations of the operand's dimensions.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: layout_permutation.mlir:5:3: error: 'stablehlo.custom_call' op incorrect layout [0, 0] for type 'tensor<2x3xf32>', layout must be a permutation of [0, 2)
func.func @main(%a: tensor<2x3xf32>) -> tensor<f32> {
  %0 = stablehlo.custom_call @foo(%a) {operand_layouts = [dense<[0, 0]> : tensor<2xindex>], result_layouts = [dense<> : tensor<0xindex>]} : (tensor<2x3xf32>) -> tensor<f32>
  func.return %0 : tensor<f32>
}

// add_c3: quantized operands share the storage type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: add_quant_storage.mlir:5:3: error: 'stablehlo.add' op expects the same storage type for all operands and results
func.func @main(%a: tensor<2x!quant.uniform<i8:f32, 1.0:0>>, %b: tensor<2x!quant.uniform<i16:f32, 1.0:0>>) -> tensor<2x!quant.uniform<i8:f32, 1.0:0>> {
  %0 = stablehlo.add %a, %b : (tensor<2x!quant.uniform<i8:f32, 1.0:0>>, tensor<2x!quant.uniform<i16:f32, 1.0:0>>) -> tensor<2x!quant.uniform<i8:f32, 1.0:0>>
  func.return %0 : tensor<2x!quant.uniform<i8:f32, 1.0:0>>
}

// A quantized type with a float storage type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: quant_bad_storage.mlir:4:42: error: expected quantized storage type (e.g. i8 or u8)
func.func @f(%a: tensor<2x!quant.uniform<f32:f32, 1.0>>) {
  return
}

// A quantized storage range wider than the storage type.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: quant_bad_range.mlir:4:42: error: illegal storage type range [-200, 127]
func.func @f(%a: tensor<2x!quant.uniform<i8<-200:127>:f32, 1.0>>) {
  return
}

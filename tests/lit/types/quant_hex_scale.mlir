// A quantization scale with no short exact decimal form prints as its f64 bit
// pattern (as MLIR prints it) and reads back from that form (it was refused:
// "illegal scale"; found by the mutation driver, fuzz/mutate.c).
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// CHECK: tensor<2x!quant.uniform<i8:f32, 0x41E0000000000000:-20>>
func.func @f(%arg0: tensor<2x!quant.uniform<i8:f32, 2147483648.0:-20>>) {
  return
}

// Quantized types: per-tensor (with and without zero point), storage
// ranges (i8<-127:127>), per-axis scales and zero points, other storage and
// expressed types.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @quant(%arg0: tensor<2x!quant.uniform<i8:f32, 1.000000e-01>>, %arg1: tensor<2x!quant.uniform<i8:f32, 0.0039215482917486456:-128>>, %arg2: tensor<2x!quant.uniform<i8<-127:127>:f32, 2.500000e-01:3>>, %arg3: tensor<2x3x!quant.uniform<i8:f32:1, {1.000000e-01:-30,5.000000e-01:-20,2.000000e+00}>>, %arg4: tensor<2x!quant.uniform<u8:f32, 5.000000e-01:128>>, %arg5: tensor<2x!quant.uniform<i32:f32, 1.537725862903607E-5>>, %arg6: tensor<2x!quant.uniform<i4:bf16, 1.000000e+00:-2>>, %arg7: tensor<2x!quant.uniform<i16:f16, 3.000000e+00>>, %arg8: tensor<2x2x!quant.uniform<i8<-8:7>:f32:0, {1.000000e+00,2.000000e+00}>>) {
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<2x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<2x!quant.uniform<i8:f32, 0.0039215482917486456:-128>>, tensor<2x!quant.uniform<i8<-127:127>:f32, 2.500000e-01:3>>, tensor<2x3x!quant.uniform<i8:f32:1, {1.000000e-01:-30,5.000000e-01:-20,2.000000e+00}>>, tensor<2x!quant.uniform<u8:f32, 5.000000e-01:128>>, tensor<2x!quant.uniform<i32:f32, 1.537725862903607E-5>>, tensor<2x!quant.uniform<i4:bf16, 1.000000e+00:-2>>, tensor<2x!quant.uniform<i16:f16, 3.000000e+00>>, tensor<2x2x!quant.uniform<i8<-8:7>:f32:0, {1.000000e+00,2.000000e+00}>>) -> (), sym_name = "quant"}> ({

func.func @quant(
    %a: tensor<2x!quant.uniform<i8:f32, 1.000000e-01>>,
    %b: tensor<2x!quant.uniform<i8:f32, 0.0039215482917486456:-128>>,
    %c: tensor<2x!quant.uniform<i8<-127:127>:f32, 2.500000e-01:3>>,
    %d: tensor<2x3x!quant.uniform<i8:f32:1, {1.000000e-01:-30,5.000000e-01:-20,2.000000e+00}>>,
    %e: tensor<2x!quant.uniform<u8:f32, 5.000000e-01:128>>,
    %f: tensor<2x!quant.uniform<i32:f32, 1.537725862903607E-5>>,
    %g: tensor<2x!quant.uniform<i4:bf16, 1.000000e+00:-2>>,
    %h: tensor<2x!quant.uniform<i16:f16, 3.000000e+00>>,
    %i: tensor<2x2x!quant.uniform<i8<-8:7>:f32:0, {1.000000e+00,2.000000e+00}>>) {
  return
}

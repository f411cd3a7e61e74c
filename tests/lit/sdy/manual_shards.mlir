// A manual computation whose body works on shards (a 2-device axis splits
// the operand) needs the devices of its mesh: it verifies and prints, and
// running it, interpreted or compiled, is an error naming the op.
// RUN: %cxla opt %s | FileCheck %s
// RUN: not %cxla run --interpret %s --input=16x4xf32=1 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not %cxla run %s --input=16x4xf32=1 2>&1 | FileCheck %s --check-prefix=ERR
// CHECK{LITERAL}: manual_axes={"a"} (%arg1: tensor<8x4xf32>) {
// ERR: manual_shards.mlir:12:3: error: {{.*}}'sdy.manual_computation' op works on shards across several devices (its operand #0 is tensor<16x4xf32>, the body's tensor<8x4xf32>): it needs the devices of its mesh, and cxla runs programs on one device

sdy.mesh @mesh = <["a"=2]>
func.func @main(%arg0: tensor<16x4xf32>) -> tensor<16x4xf32> {
  %0 = sdy.manual_computation(%arg0) in_shardings=[<@mesh, [{"a"}, {}]>] out_shardings=[<@mesh, [{"a"}, {}]>] manual_axes={"a"} (%x: tensor<8x4xf32>) {
    %1 = stablehlo.negate %x : tensor<8x4xf32>
    sdy.return %1 : tensor<8x4xf32>
  } : (tensor<16x4xf32>) -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}

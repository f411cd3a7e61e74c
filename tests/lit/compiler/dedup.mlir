// Structurally identical fusions share one kernel (compiled once): the two
// tanh(x * y + x) chains below run kernel 0 twice; the chain with another
// constant, and the one on f64, get kernels of their own.
// RUN: %cxla opt --compile-to=lower %s | FileCheck %s

// CHECK: program:
// CHECK-NEXT: kernel 0 {{.*}}(arg0, arg1,
// CHECK-NEXT: kernel 0 {{.*}}(arg2, arg3,
// CHECK-NEXT: kernel 1 {{.*}}(arg0, arg1,
// CHECK-NEXT: kernel 2 {{.*}}(arg4, arg5,
func.func @main(%a: tensor<8xf32>, %b: tensor<8xf32>, %c: tensor<8xf32>, %d: tensor<8xf32>,
                %e: tensor<8xf64>, %f: tensor<8xf64>)
    -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf64>) {
  %0 = stablehlo.multiply %a, %b : tensor<8xf32>
  %1 = stablehlo.add %0, %a : tensor<8xf32>
  %2 = stablehlo.tanh %1 : tensor<8xf32>
  %3 = stablehlo.multiply %c, %d : tensor<8xf32>
  %4 = stablehlo.add %3, %c : tensor<8xf32>
  %5 = stablehlo.tanh %4 : tensor<8xf32>
  %k = stablehlo.constant dense<2.0> : tensor<8xf32>
  %6 = stablehlo.multiply %a, %b : tensor<8xf32>
  %7 = stablehlo.add %6, %k : tensor<8xf32>
  %8 = stablehlo.tanh %7 : tensor<8xf32>
  %9 = stablehlo.multiply %e, %f : tensor<8xf64>
  %10 = stablehlo.add %9, %e : tensor<8xf64>
  %11 = stablehlo.tanh %10 : tensor<8xf64>
  return %2, %5, %8, %11 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf64>
}

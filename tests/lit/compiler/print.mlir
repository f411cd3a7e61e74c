// interpreter.print in compiled code writes what the interpreter writes
// (runtime/routine_print.c): the value's SSA prefix as the program spelled
// it (a result of a two-result op is "%0:2"), its type, and its elements.
// RUN: %cxla run --function=main %s | FileCheck %s
// RUN: %cxla run --interpret --function=main %s | FileCheck %s

// CHECK:      %0 = tensor<2x3xf32> {
// CHECK-NEXT:   [
// CHECK-NEXT:     [1.000000e+00, -0.000000e+00, 0x7FC00000],
// CHECK-NEXT:     [0x7F800000, 1.401300e-45, 3.14159274]
// CHECK-NEXT:   ]
// CHECK-NEXT: }
// CHECK-NEXT: %0 = tensor<i1> {true}
// CHECK-NEXT: %0:2 = tensor<2xui8> {
// CHECK-NEXT:   [255, 0]
// CHECK-NEXT: }
// CHECK-NEXT: %0 = tensor<2xcomplex<f64>> {
// CHECK-NEXT:   {{\[}}[1.000000e+00, -2.500000e+00], [0.000000e+00, 1.000000e-300]]
// CHECK-NEXT: }
// CHECK-NEXT: %0 = tensor<3x0xbf16> {
// CHECK-NEXT:   [
// CHECK-NEXT:     [],
// CHECK-NEXT:     [],
// CHECK-NEXT:     []
// CHECK-NEXT:   ]
// CHECK-NEXT: }
// CHECK-NEXT: tensor<2xf8E4M3FN> {
// CHECK-NEXT:   [4.480000e+02, -1.953130e-03]
// CHECK-NEXT: }
// CHECK-NEXT: %0 = !stablehlo.token
// CHECK-NEXT: result[0]: hal.buffer_view
// CHECK-NEXT: 2xf8E4M3FN=448 -0.00195312

func.func private @two(%x: tensor<2xui8>) -> (tensor<2xui8>, tensor<2xui8>) {
  return %x, %x : tensor<2xui8>, tensor<2xui8>
}

func.func private @show(%x: tensor<2xf8E4M3FN>) -> tensor<2xf8E4M3FN> {
  interpreter.print %x : tensor<2xf8E4M3FN>
  return %x : tensor<2xf8E4M3FN>
}

func.func @main() -> tensor<2xf8E4M3FN> {
  %f = stablehlo.constant dense<[[1.0, -0.0, 0x7FC00000], [0x7F800000, 1.0e-45, 3.14159274]]> : tensor<2x3xf32>
  interpreter.print %f : tensor<2x3xf32>
  %b = stablehlo.constant dense<true> : tensor<i1>
  interpreter.print %b : tensor<i1>
  %u = stablehlo.constant dense<[255, 0]> : tensor<2xui8>
  %p:2 = func.call @two(%u) : (tensor<2xui8>) -> (tensor<2xui8>, tensor<2xui8>)
  interpreter.print %p#1 : tensor<2xui8>
  %c = stablehlo.constant dense<[(1.0, -2.5), (0.0, 1.0e-300)]> : tensor<2xcomplex<f64>>
  interpreter.print %c : tensor<2xcomplex<f64>>
  %e = stablehlo.constant dense<> : tensor<3x0xbf16>
  interpreter.print %e : tensor<3x0xbf16>
  %g = stablehlo.constant dense<[448.0, -0.001953125]> : tensor<2xf8E4M3FN>
  %h = func.call @show(%g) : (tensor<2xf8E4M3FN>) -> tensor<2xf8E4M3FN>
  %t = stablehlo.after_all : !stablehlo.token
  interpreter.print %t : !stablehlo.token
  return %h : tensor<2xf8E4M3FN>
}

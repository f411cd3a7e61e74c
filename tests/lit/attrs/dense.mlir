// Dense literals: splats (all-equal lists and hex become splats, as in MLIR),
// nested lists, empty tensors, integer edge values of every width, booleans
// (words, hex, bit-packed hex), hex blobs, every float format with inf/NaN
// bit patterns, complex pairs and hex, quantized constants.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @dense_literals() {
// CHECK-NEXT{LITERAL}: %c = stablehlo.constant dense<1> : tensor<2x3xi32>
// CHECK-NEXT{LITERAL}: %c_0 = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
// CHECK-NEXT{LITERAL}: %cst = stablehlo.constant dense<> : tensor<0xf32>
// CHECK-NEXT{LITERAL}: %c_1 = stablehlo.constant dense<> : tensor<0xi32>
// CHECK-NEXT{LITERAL}: %c_2 = stablehlo.constant dense<> : tensor<1x0xi32>
// CHECK-NEXT{LITERAL}: %c_3 = stablehlo.constant dense<7> : tensor<i64>
// CHECK-NEXT{LITERAL}: %c_4 = stablehlo.constant dense<[-128, 127]> : tensor<2xi8>
// CHECK-NEXT{LITERAL}: %c_5 = stablehlo.constant dense<[0, 255]> : tensor<2xui8>
// CHECK-NEXT{LITERAL}: %c_6 = stablehlo.constant dense<[-9223372036854775808, 9223372036854775807]> : tensor<2xi64>
// CHECK-NEXT{LITERAL}: %c_7 = stablehlo.constant dense<[0, 18446744073709551615]> : tensor<2xui64>
// CHECK-NEXT{LITERAL}: %c_8 = stablehlo.constant dense<[-2, 1]> : tensor<2xi2>
// CHECK-NEXT{LITERAL}: %c_9 = stablehlo.constant dense<[-8, 7]> : tensor<2xi4>
// CHECK-NEXT{LITERAL}: %c_10 = stablehlo.constant dense<[0, 15]> : tensor<2xui4>
// CHECK-NEXT{LITERAL}: %c_11 = stablehlo.constant dense<[0, 3]> : tensor<2xui2>
// CHECK-NEXT{LITERAL}: %c_12 = stablehlo.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-NEXT{LITERAL}: %c_13 = stablehlo.constant dense<true> : tensor<3xi1>
// CHECK-NEXT{LITERAL}: %c_14 = stablehlo.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-NEXT{LITERAL}: %c_15 = stablehlo.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-NEXT{LITERAL}: %c_16 = stablehlo.constant dense<[1, 2]> : tensor<2xi32>
// CHECK-NEXT{LITERAL}: %cst_17 = stablehlo.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %cst_18 = stablehlo.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT{LITERAL}: %cst_19 = stablehlo.constant dense<[1.500000e+00, -2.000000e-03, 3.000000e+02, 0.000000e+00, -0.000000e+00]> : tensor<5xf32>
// CHECK-NEXT{LITERAL}: %cst_20 = stablehlo.constant dense<[0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001]> : tensor<5xf32>
// CHECK-NEXT{LITERAL}: %cst_21 = stablehlo.constant dense<[0x7FF0000000000000, 0x7FF8000000000000, 1.000000e-01]> : tensor<3xf64>
// CHECK-NEXT{LITERAL}: %cst_22 = stablehlo.constant dense<[1.000000e+00, 0x7C00, 0xFC00, 0x7E00, 6.550400e+04]> : tensor<5xf16>
// CHECK-NEXT{LITERAL}: %cst_23 = stablehlo.constant dense<[1.000000e+00, 0x7F80, 0x7FC0, 3.389530e+38]> : tensor<4xbf16>
// CHECK-NEXT{LITERAL}: %cst_24 = stablehlo.constant dense<[1.000000e+00, 0x7C, 0x7E, 0xFD]> : tensor<4xf8E5M2>
// CHECK-NEXT{LITERAL}: %cst_25 = stablehlo.constant dense<[1.000000e+00, 4.480000e+02, 0x7F]> : tensor<3xf8E4M3FN>
// CHECK-NEXT{LITERAL}: %cst_26 = stablehlo.constant dense<[1.000000e+00, 0x80]> : tensor<2xf8E4M3FNUZ>
// CHECK-NEXT{LITERAL}: %cst_27 = stablehlo.constant dense<[1.000000e+00, 0x80]> : tensor<2xf8E4M3B11FNUZ>
// CHECK-NEXT{LITERAL}: %cst_28 = stablehlo.constant dense<[1.000000e+00, 0x80]> : tensor<2xf8E5M2FNUZ>
// CHECK-NEXT{LITERAL}: %cst_29 = stablehlo.constant dense<[1.000000e+00, 0x78, 0x7F]> : tensor<3xf8E4M3>
// CHECK-NEXT{LITERAL}: %cst_30 = stablehlo.constant dense<[1.000000e+00, 0x70, 0x7F]> : tensor<3xf8E3M4>
// CHECK-NEXT{LITERAL}: %cst_31 = stablehlo.constant dense<[1.000000e+00, 0xFF, 2.000000e+00]> : tensor<3xf8E8M0FNU>
// CHECK-NEXT{LITERAL}: %cst_32 = stablehlo.constant dense<[1.000000e+00, 6.000000e+00, -5.000000e-01]> : tensor<3xf4E2M1FN>
// CHECK-NEXT{LITERAL}: %cst_33 = stablehlo.constant dense<[1.000000e+00, 7.500000e+00]> : tensor<2xf6E2M3FN>
// CHECK-NEXT{LITERAL}: %cst_34 = stablehlo.constant dense<[1.000000e+00, 2.800000e+01]> : tensor<2xf6E3M2FN>
// CHECK-NEXT{LITERAL}: %cst_35 = stablehlo.constant dense<[1.000000e+00, 3.000000e+00]> : tensor<2xtf32>
// CHECK-NEXT{LITERAL}: %cst_36 = stablehlo.constant dense<[(1.000000e+00,2.000000e+00), (-3.500000e+00,0.000000e+00)]> : tensor<2xcomplex<f32>>
// CHECK-NEXT{LITERAL}: %cst_37 = stablehlo.constant dense<(1.000000e+00,-1.000000e+00)> : tensor<2xcomplex<f64>>
// CHECK-NEXT{LITERAL}: %cst_38 = stablehlo.constant dense<[(1.000000e+00,2.000000e+00)]> : tensor<1xcomplex<f32>>
// CHECK-NEXT{LITERAL}: %c_39 = stablehlo.constant() <{value = dense<[1, -2]> : tensor<2xi8>}> : () -> tensor<2x!quant.uniform<i8:f32, 5.000000e-01>>
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %c_12 = "stablehlo.constant"() <{value = dense<[true, false, true]> : tensor<3xi1>}> : () -> tensor<3xi1>
// GENERIC{LITERAL}: %c_14 = "stablehlo.constant"() <{value = dense<[true, false, true]> : tensor<3xi1>}> : () -> tensor<3xi1>
// GENERIC{LITERAL}: %c_15 = "stablehlo.constant"() <{value = dense<[true, false, true]> : tensor<3xi1>}> : () -> tensor<3xi1>
// GENERIC{LITERAL}: %cst_20 = "stablehlo.constant"() <{value = dense<[0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001]> : tensor<5xf32>}> : () -> tensor<5xf32>
// GENERIC{LITERAL}: %cst_36 = "stablehlo.constant"() <{value = dense<[(1.000000e+00,2.000000e+00), (-3.500000e+00,0.000000e+00)]> : tensor<2xcomplex<f32>>}> : () -> tensor<2xcomplex<f32>>
// GENERIC{LITERAL}: %cst_38 = "stablehlo.constant"() <{value = dense<[(1.000000e+00,2.000000e+00)]> : tensor<1xcomplex<f32>>}> : () -> tensor<1xcomplex<f32>>

func.func @dense_literals() {
  // Splats, nested lists, empty tensors.
  %0 = stablehlo.constant dense<1> : tensor<2x3xi32>
  %1 = stablehlo.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %2 = stablehlo.constant dense<> : tensor<0xf32>
  %3 = stablehlo.constant dense<[]> : tensor<0xi32>
  %4 = stablehlo.constant dense<[[]]> : tensor<1x0xi32>
  %5 = stablehlo.constant dense<7> : tensor<i64>
  // Integers at the edges of their ranges, signed and unsigned.
  %6 = stablehlo.constant dense<[-128, 127]> : tensor<2xi8>
  %7 = stablehlo.constant dense<[0, 255]> : tensor<2xui8>
  %8 = stablehlo.constant dense<[-9223372036854775808, 9223372036854775807]> : tensor<2xi64>
  %9 = stablehlo.constant dense<[0, 18446744073709551615]> : tensor<2xui64>
  %10 = stablehlo.constant dense<[-2, 1]> : tensor<2xi2>
  %11 = stablehlo.constant dense<[-8, 7]> : tensor<2xi4>
  %12 = stablehlo.constant dense<[0, 15]> : tensor<2xui4>
  %13 = stablehlo.constant dense<[0, 3]> : tensor<2xui2>
  // Booleans: words, integers, hex, the bit-packed hex form.
  %14 = stablehlo.constant dense<[true, false, true]> : tensor<3xi1>
  %15 = stablehlo.constant dense<true> : tensor<3xi1>
  %16 = stablehlo.constant dense<"0x010001"> : tensor<3xi1>
  %17 = stablehlo.constant dense<"0x05"> : tensor<3xi1>
  // Hex blobs (little-endian storage), splat hex.
  %18 = stablehlo.constant dense<"0x0100000002000000"> : tensor<2xi32>
  %19 = stablehlo.constant dense<"0x0000803F"> : tensor<4xf32>
  %20 = stablehlo.constant dense<"0x0000803F00000040"> : tensor<2xf32>
  // Floats: decimal and exponent spellings, hex bit patterns, inf and NaN.
  %21 = stablehlo.constant dense<[1.5, -2.0e-3, 3.0E+2, 0.0, -0.0]> : tensor<5xf32>
  %22 = stablehlo.constant dense<[0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001]> : tensor<5xf32>
  %23 = stablehlo.constant dense<[0x7FF0000000000000, 0x7FF8000000000000, 0.1]> : tensor<3xf64>
  %24 = stablehlo.constant dense<[1.000000e+00, 0x7C00, 0xFC00, 0x7E00, 6.550400e+04]> : tensor<5xf16>
  %25 = stablehlo.constant dense<[1.000000e+00, 0x7F80, 0x7FC0, 3.389531e+38]> : tensor<4xbf16>
  %26 = stablehlo.constant dense<[1.000000e+00, 0x7C, 0x7E, 0xFD]> : tensor<4xf8E5M2>
  %27 = stablehlo.constant dense<[1.000000e+00, 4.480000e+02, 0x7F]> : tensor<3xf8E4M3FN>
  %28 = stablehlo.constant dense<[1.000000e+00, 0x80]> : tensor<2xf8E4M3FNUZ>
  %29 = stablehlo.constant dense<[1.000000e+00, 0x80]> : tensor<2xf8E4M3B11FNUZ>
  %30 = stablehlo.constant dense<[1.000000e+00, 0x80]> : tensor<2xf8E5M2FNUZ>
  %31 = stablehlo.constant dense<[1.000000e+00, 0x78, 0x7F]> : tensor<3xf8E4M3>
  %32 = stablehlo.constant dense<[1.000000e+00, 0x70, 0x7F]> : tensor<3xf8E3M4>
  %33 = stablehlo.constant dense<[1.000000e+00, 0xFF, 2.0]> : tensor<3xf8E8M0FNU>
  %34 = stablehlo.constant dense<[1.000000e+00, 6.000000e+00, -5.000000e-01]> : tensor<3xf4E2M1FN>
  %35 = stablehlo.constant dense<[1.000000e+00, 7.500000e+00]> : tensor<2xf6E2M3FN>
  %36 = stablehlo.constant dense<[1.000000e+00, 2.800000e+01]> : tensor<2xf6E3M2FN>
  %37 = stablehlo.constant dense<[1.000000e+00, 3.0]> : tensor<2xtf32>
  // Complex: pairs, splat, hex.
  %38 = stablehlo.constant dense<[(1.0, 2.0), (-3.5, 0.0)]> : tensor<2xcomplex<f32>>
  %39 = stablehlo.constant dense<(1.0, -1.0)> : tensor<2xcomplex<f64>>
  %40 = stablehlo.constant dense<"0x0000803F00000040"> : tensor<1xcomplex<f32>>
  // Quantized constants hold storage values.
  %41 = stablehlo.constant() {value = dense<[1, -2]> : tensor<2xi8>} : () -> tensor<2x!quant.uniform<i8:f32, 5.000000e-01>>
  return
}

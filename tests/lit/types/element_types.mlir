// Types: every element type of the spec (signless, signed and unsigned
// integers, every float format, complex), static/dynamic/empty shapes,
// bounds (#stablehlo.bounds and the type_extensions spelling, printed as
// bounds), tuples (nested, empty) and tokens.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @element_types(%arg0: tensor<2xi1>, %arg1: tensor<2xi2>, %arg2: tensor<2xi4>, %arg3: tensor<2xi8>, %arg4: tensor<2xi16>, %arg5: tensor<2xi32>, %arg6: tensor<2xi64>, %arg7: tensor<2xsi8>, %arg8: tensor<si32>, %arg9: tensor<2xui2>, %arg10: tensor<2xui4>, %arg11: tensor<2xui8>, %arg12: tensor<2xui16>, %arg13: tensor<2xui32>, %arg14: tensor<2xui64>, %arg15: tensor<2xf4E2M1FN>, %arg16: tensor<2xf6E2M3FN>, %arg17: tensor<2xf6E3M2FN>, %arg18: tensor<2xf8E3M4>, %arg19: tensor<2xf8E4M3>, %arg20: tensor<2xf8E4M3FN>, %arg21: tensor<2xf8E4M3FNUZ>, %arg22: tensor<2xf8E4M3B11FNUZ>, %arg23: tensor<2xf8E5M2>, %arg24: tensor<2xf8E5M2FNUZ>, %arg25: tensor<2xf8E8M0FNU>, %arg26: tensor<2xbf16>, %arg27: tensor<2xf16>, %arg28: tensor<2xtf32>, %arg29: tensor<2xf32>, %arg30: tensor<2xf64>, %arg31: tensor<2xcomplex<f32>>, %arg32: tensor<2xcomplex<f64>>) {
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func @shapes(%arg0: tensor<f32>, %arg1: tensor<0x3xf32>, %arg2: tensor<?x?xf32>, %arg3: tensor<2x?x4xi8>, %arg4: tensor<?x4xf32, #stablehlo.bounds<16, ?>>, %arg5: tensor<?xf32, #stablehlo.bounds<8>>, %arg6: tensor<1x2x3x4x5x6xf32>) {
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func @tuples_tokens(%arg0: tuple<tensor<f32>, tuple<tensor<2xi32>, !stablehlo.token>>, %arg1: tuple<>, %arg2: !stablehlo.token) -> (!stablehlo.token, tuple<>) {
// CHECK-NEXT{LITERAL}: return %arg2, %arg1 : !stablehlo.token, tuple<>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<2xi1>, tensor<2xi2>, tensor<2xi4>, tensor<2xi8>, tensor<2xi16>, tensor<2xi32>, tensor<2xi64>, tensor<2xsi8>, tensor<si32>, tensor<2xui2>, tensor<2xui4>, tensor<2xui8>, tensor<2xui16>, tensor<2xui32>, tensor<2xui64>, tensor<2xf4E2M1FN>, tensor<2xf6E2M3FN>, tensor<2xf6E3M2FN>, tensor<2xf8E3M4>, tensor<2xf8E4M3>, tensor<2xf8E4M3FN>, tensor<2xf8E4M3FNUZ>, tensor<2xf8E4M3B11FNUZ>, tensor<2xf8E5M2>, tensor<2xf8E5M2FNUZ>, tensor<2xf8E8M0FNU>, tensor<2xbf16>, tensor<2xf16>, tensor<2xtf32>, tensor<2xf32>, tensor<2xf64>, tensor<2xcomplex<f32>>, tensor<2xcomplex<f64>>) -> (), sym_name = "element_types"}> ({
// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<f32>, tensor<0x3xf32>, tensor<?x?xf32>, tensor<2x?x4xi8>, tensor<?x4xf32, #stablehlo.bounds<16, ?>>, tensor<?xf32, #stablehlo.bounds<8>>, tensor<1x2x3x4x5x6xf32>) -> (), sym_name = "shapes"}> ({
// GENERIC{LITERAL}: "func.func"() <{function_type = (tuple<tensor<f32>, tuple<tensor<2xi32>, !stablehlo.token>>, tuple<>, !stablehlo.token) -> (!stablehlo.token, tuple<>), sym_name = "tuples_tokens"}> ({

func.func @element_types(
    %i1: tensor<2xi1>, %i2: tensor<2xi2>, %i4: tensor<2xi4>, %i8: tensor<2xi8>, %i16: tensor<2xi16>, %i32: tensor<2xi32>, %i64: tensor<2xi64>,
    %si8: tensor<2xsi8>, %si32: tensor<si32>,
    %ui2: tensor<2xui2>, %ui4: tensor<2xui4>, %ui8: tensor<2xui8>, %ui16: tensor<2xui16>, %ui32: tensor<2xui32>, %ui64: tensor<2xui64>,
    %f4: tensor<2xf4E2M1FN>, %f6a: tensor<2xf6E2M3FN>, %f6b: tensor<2xf6E3M2FN>,
    %f8a: tensor<2xf8E3M4>, %f8b: tensor<2xf8E4M3>, %f8c: tensor<2xf8E4M3FN>, %f8d: tensor<2xf8E4M3FNUZ>, %f8e: tensor<2xf8E4M3B11FNUZ>,
    %f8f: tensor<2xf8E5M2>, %f8g: tensor<2xf8E5M2FNUZ>, %f8h: tensor<2xf8E8M0FNU>,
    %bf16: tensor<2xbf16>, %f16: tensor<2xf16>, %tf32: tensor<2xtf32>, %f32: tensor<2xf32>, %f64: tensor<2xf64>,
    %c64: tensor<2xcomplex<f32>>, %c128: tensor<2xcomplex<f64>>) {
  return
}

func.func @shapes(%scalar: tensor<f32>, %empty: tensor<0x3xf32>, %dyn: tensor<?x?xf32>, %mixed: tensor<2x?x4xi8>,
                  %bounded: tensor<?x4xf32, #stablehlo.bounds<16, ?>>,
                  %ext: tensor<?xf32, #stablehlo.type_extensions<bounds = [8]>>,
                  %high: tensor<1x2x3x4x5x6xf32>) {
  return
}

func.func @tuples_tokens(%t: tuple<tensor<f32>, tuple<tensor<2xi32>, !stablehlo.token>>, %e: tuple<>, %k: !stablehlo.token) -> (!stablehlo.token, tuple<>) {
  return %k, %e : !stablehlo.token, tuple<>
}

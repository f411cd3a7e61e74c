// array<T: ...> attributes of every integer and float width, empty arrays,
// and arrays and dictionaries nesting them.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @arrays() attributes {empty = array<i64>, f32s = array<f32: 1.500000e+00, -2.000000e+00>, f64s = array<f64: 1.000000e-01, 1.000000e+10>, i16s = array<i16: -1>, i1s = array<i1: true, false>, i32s = array<i32: 3, 4>, i64s = array<i64: 1, -2, 9223372036854775807>, i8s = array<i8: 127, -128>, nested = [array<i64: 1>, [1 : i64, 2 : i64], {k = array<i32>}]} {
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: "func.func"() <{function_type = () -> (), sym_name = "arrays"}> ({

func.func @arrays() attributes {
    empty = array<i64>,
    i64s = array<i64: 1, -2, 9223372036854775807>,
    i32s = array<i32: 3, 4>,
    i16s = array<i16: -1>,
    i8s = array<i8: 127, -128>,
    i1s = array<i1: true, false>,
    f32s = array<f32: 1.5, -2.0>,
    f64s = array<f64: 0.1, 1.0e+10>,
    nested = [array<i64: 1>, [1, 2], {k = array<i32>}]} {
  return
}

// Tuples and tokens: tuple (nested, empty), get_tuple_element, after_all
// (with and without operands), create_token.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @tuple_token(%arg0: tensor<2xf32>, %arg1: tensor<i64>, %arg2: !stablehlo.token) -> !stablehlo.token {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.tuple %arg0, %arg1 : tuple<tensor<2xf32>, tensor<i64>>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.tuple %0, %arg0 : tuple<tuple<tensor<2xf32>, tensor<i64>>, tensor<2xf32>>
// CHECK-NEXT{LITERAL}: %2 = stablehlo.get_tuple_element %1[0] : (tuple<tuple<tensor<2xf32>, tensor<i64>>, tensor<2xf32>>) -> tuple<tensor<2xf32>, tensor<i64>>
// CHECK-NEXT{LITERAL}: %3 = stablehlo.get_tuple_element %2[1] : (tuple<tensor<2xf32>, tensor<i64>>) -> tensor<i64>
// CHECK-NEXT{LITERAL}: %4 = stablehlo.tuple : tuple<>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.after_all : !stablehlo.token
// CHECK-NEXT{LITERAL}: %6 = stablehlo.after_all %arg2, %5 : !stablehlo.token
// CHECK-NEXT{LITERAL}: %7 = stablehlo.create_token : !stablehlo.token
// CHECK-NEXT{LITERAL}: %8 = stablehlo.get_tuple_element %0[0] : (tuple<tensor<2xf32>, tensor<i64>>) -> tensor<2xf32>
// CHECK-NEXT{LITERAL}: return %6 : !stablehlo.token
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %0 = "stablehlo.tuple"(%arg0, %arg1) : (tensor<2xf32>, tensor<i64>) -> tuple<tensor<2xf32>, tensor<i64>>
// GENERIC{LITERAL}: %1 = "stablehlo.tuple"(%0, %arg0) : (tuple<tensor<2xf32>, tensor<i64>>, tensor<2xf32>) -> tuple<tuple<tensor<2xf32>, tensor<i64>>, tensor<2xf32>>
// GENERIC{LITERAL}: %2 = "stablehlo.get_tuple_element"(%1) <{index = 0 : i32}> : (tuple<tuple<tensor<2xf32>, tensor<i64>>, tensor<2xf32>>) -> tuple<tensor<2xf32>, tensor<i64>>
// GENERIC{LITERAL}: %3 = "stablehlo.get_tuple_element"(%2) <{index = 1 : i32}> : (tuple<tensor<2xf32>, tensor<i64>>) -> tensor<i64>
// GENERIC{LITERAL}: %4 = "stablehlo.tuple"() : () -> tuple<>
// GENERIC{LITERAL}: %5 = "stablehlo.after_all"() : () -> !stablehlo.token
// GENERIC{LITERAL}: %6 = "stablehlo.after_all"(%arg2, %5) : (!stablehlo.token, !stablehlo.token) -> !stablehlo.token
// GENERIC{LITERAL}: %7 = "stablehlo.create_token"() : () -> !stablehlo.token
// GENERIC{LITERAL}: %8 = "stablehlo.get_tuple_element"(%0) <{index = 0 : i32}> : (tuple<tensor<2xf32>, tensor<i64>>) -> tensor<2xf32>

func.func @tuple_token(%x: tensor<2xf32>, %i: tensor<i64>, %t: !stablehlo.token) -> !stablehlo.token {
  %0 = stablehlo.tuple %x, %i : tuple<tensor<2xf32>, tensor<i64>>
  %1 = stablehlo.tuple %0, %x : tuple<tuple<tensor<2xf32>, tensor<i64>>, tensor<2xf32>>
  %2 = stablehlo.get_tuple_element %1[0] : (tuple<tuple<tensor<2xf32>, tensor<i64>>, tensor<2xf32>>) -> tuple<tensor<2xf32>, tensor<i64>>
  %3 = stablehlo.get_tuple_element %2[1] : (tuple<tensor<2xf32>, tensor<i64>>) -> tensor<i64>
  %4 = stablehlo.tuple : tuple<>
  %5 = stablehlo.after_all : !stablehlo.token
  %6 = stablehlo.after_all %t, %5 : !stablehlo.token
  %7 = stablehlo.create_token : !stablehlo.token
  %8 = "stablehlo.get_tuple_element"(%0) {index = 0 : i32} : (tuple<tensor<2xf32>, tensor<i64>>) -> tensor<2xf32>
  return %6 : !stablehlo.token
}

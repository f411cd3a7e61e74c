// Control flow: while (pretty, and a generic input printed pretty), if,
// case (generic form), composite, optimization_barrier, stablehlo.return.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @control(%arg0: tensor<i1>, %arg1: tensor<i32>, %arg2: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0:2 = stablehlo.while(%iterArg = %arg1, %iterArg_0 = %arg2) : tensor<i32>, tensor<4xf32>
// CHECK-NEXT{LITERAL}: cond {
// CHECK-NEXT{LITERAL}: %c = stablehlo.constant dense<10> : tensor<i32>
// CHECK-NEXT{LITERAL}: %6 = stablehlo.compare  LT, %iterArg, %c,  SIGNED : (tensor<i32>, tensor<i32>) -> tensor<i1>
// CHECK-NEXT{LITERAL}: stablehlo.return %6 : tensor<i1>
// CHECK-NEXT{LITERAL}: } do {
// CHECK-NEXT{LITERAL}: %c = stablehlo.constant dense<1> : tensor<i32>
// CHECK-NEXT{LITERAL}: %6 = stablehlo.add %iterArg, %c : tensor<i32>
// CHECK-NEXT{LITERAL}: %7 = stablehlo.add %iterArg_0, %iterArg_0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: stablehlo.return %6, %7 : tensor<i32>, tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: %1 = "stablehlo.if"(%arg0) ({
// CHECK-NEXT{LITERAL}: stablehlo.return %arg2 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }, {
// CHECK-NEXT{LITERAL}: %6 = stablehlo.negate %arg2 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: stablehlo.return %6 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }) : (tensor<i1>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %2 = "stablehlo.case"(%arg1) ({
// CHECK-NEXT{LITERAL}: stablehlo.return %arg2 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }, {
// CHECK-NEXT{LITERAL}: %6 = stablehlo.abs %arg2 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: stablehlo.return %6 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }, {
// CHECK-NEXT{LITERAL}: %cst = stablehlo.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-NEXT{LITERAL}: stablehlo.return %cst : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }) : (tensor<i32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %3 = stablehlo.composite "my.double" %arg2 {composite_attributes = {factor = 2 : i64}, decomposition = @my_double, version = 1 : i32} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: %4:2 = stablehlo.optimization_barrier %arg2, %arg1 : tensor<4xf32>, tensor<i32>
// CHECK-NEXT{LITERAL}: %5 = stablehlo.while(%iterArg = %arg1) : tensor<i32>
// CHECK-NEXT{LITERAL}: cond {
// CHECK-NEXT{LITERAL}: %c = stablehlo.constant dense<false> : tensor<i1>
// CHECK-NEXT{LITERAL}: stablehlo.return %c : tensor<i1>
// CHECK-NEXT{LITERAL}: } do {
// CHECK-NEXT{LITERAL}: stablehlo.return %iterArg : tensor<i32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: return %3 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func private @my_double(%arg0: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.add %arg0, %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: return %0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %0:2 = "stablehlo.while"(%arg1, %arg2) ({
// GENERIC{LITERAL}: %1 = "stablehlo.if"(%arg0) ({
// GENERIC{LITERAL}: %2 = "stablehlo.case"(%arg1) ({
// GENERIC{LITERAL}: %3 = "stablehlo.composite"(%arg2) <{composite_attributes = {factor = 2 : i64}, decomposition = @my_double, name = "my.double", version = 1 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %4:2 = "stablehlo.optimization_barrier"(%arg2, %arg1) : (tensor<4xf32>, tensor<i32>) -> (tensor<4xf32>, tensor<i32>)
// GENERIC{LITERAL}: %5 = "stablehlo.while"(%arg1) ({

func.func @control(%p: tensor<i1>, %i: tensor<i32>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %0:2 = stablehlo.while(%iterArg = %i, %iterArg_0 = %x) : tensor<i32>, tensor<4xf32>
   cond {
    %c = stablehlo.constant dense<10> : tensor<i32>
    %lt = stablehlo.compare  LT, %iterArg, %c,  SIGNED : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %lt : tensor<i1>
  } do {
    %c = stablehlo.constant dense<1> : tensor<i32>
    %n = stablehlo.add %iterArg, %c : tensor<i32>
    %y = stablehlo.add %iterArg_0, %iterArg_0 : tensor<4xf32>
    stablehlo.return %n, %y : tensor<i32>, tensor<4xf32>
  }
  %1 = "stablehlo.if"(%p) ({
    stablehlo.return %x : tensor<4xf32>
  }, {
    %n = stablehlo.negate %x : tensor<4xf32>
    stablehlo.return %n : tensor<4xf32>
  }) : (tensor<i1>) -> tensor<4xf32>
  %2 = "stablehlo.case"(%i) ({
    stablehlo.return %x : tensor<4xf32>
  }, {
    %a = stablehlo.abs %x : tensor<4xf32>
    stablehlo.return %a : tensor<4xf32>
  }, {
    %z = stablehlo.constant dense<0.0> : tensor<4xf32>
    stablehlo.return %z : tensor<4xf32>
  }) : (tensor<i32>) -> tensor<4xf32>
  %3 = stablehlo.composite "my.double" %x {composite_attributes = {factor = 2 : i64}, decomposition = @my_double, version = 1 : i32} : (tensor<4xf32>) -> tensor<4xf32>
  %4:2 = stablehlo.optimization_barrier %x, %i : tensor<4xf32>, tensor<i32>
  %5 = "stablehlo.while"(%i) ({
  ^bb0(%a: tensor<i32>):
    %t = stablehlo.constant dense<false> : tensor<i1>
    "stablehlo.return"(%t) : (tensor<i1>) -> ()
  }, {
  ^bb0(%a: tensor<i32>):
    "stablehlo.return"(%a) : (tensor<i32>) -> ()
  }) : (tensor<i32>) -> tensor<i32>
  return %3 : tensor<4xf32>
}

func.func private @my_double(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = stablehlo.add %x, %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

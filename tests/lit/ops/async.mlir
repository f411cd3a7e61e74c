// async_start / async_done (generic form; !stablehlo.future types).
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @async(%arg0: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = "stablehlo.async_start"(%arg0) ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg1: tensor<4xf32>):
// CHECK-NEXT{LITERAL}: %2 = stablehlo.negate %arg1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: stablehlo.return %2 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }) : (tensor<4xf32>) -> !stablehlo.future<tensor<4xf32>>
// CHECK-NEXT{LITERAL}: %1 = "stablehlo.async_done"(%0) : (!stablehlo.future<tensor<4xf32>>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: return %1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, sym_name = "async"}> ({
// GENERIC{LITERAL}: %0 = "stablehlo.async_start"(%arg0) ({
// GENERIC{LITERAL}: %1 = "stablehlo.async_done"(%0) : (!stablehlo.future<tensor<4xf32>>) -> tensor<4xf32>

func.func @async(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "stablehlo.async_start"(%x) ({
  ^bb0(%a: tensor<4xf32>):
    %n = stablehlo.negate %a : tensor<4xf32>
    stablehlo.return %n : tensor<4xf32>
  }) : (tensor<4xf32>) -> !stablehlo.future<tensor<4xf32>>
  %1 = "stablehlo.async_done"(%0) : (!stablehlo.future<tensor<4xf32>>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

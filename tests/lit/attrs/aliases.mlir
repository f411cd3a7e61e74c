// Aliases: type aliases (!t, nested in others), attribute aliases (result
// accuracy, gather dimension numbers, a dictionary), location aliases
// defined before and after the module; the printer expands them all.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @aliases(%arg0: tensor<4xf32>, %arg1: tensor<2x1xi32>) -> tensor<4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.add %arg0, %arg0 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.exponential %0 {result_accuracy = #stablehlo.result_accuracy<atol = 0.000000e+00, rtol = 0.000000e+00, ulps = 2, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>} : tensor<4xf32>
// CHECK-NEXT{LITERAL}: %2 = "stablehlo.gather"(%arg0, %arg1) <{dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, slice_sizes = array<i64: 1>}> : (tensor<4xf32>, tensor<2x1xi32>) -> tensor<2xf32>
// CHECK-NEXT{LITERAL}: %3 = stablehlo.tuple %0, %1 : tuple<tensor<4xf32>, tensor<4xf32>>
// CHECK-NEXT{LITERAL}: %4 = stablehlo.custom_call @cfg(%arg0) {api_version = 4 : i32, backend_config = {alpha = 2.000000e+00 : f32}} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT{LITERAL}: return %1 : tensor<4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %1 = "stablehlo.exponential"(%0) <{result_accuracy = #stablehlo.result_accuracy<atol = 0.000000e+00, rtol = 0.000000e+00, ulps = 2, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>}> : (tensor<4xf32>) -> tensor<4xf32>
// GENERIC{LITERAL}: %2 = "stablehlo.gather"(%arg0, %arg1) <{dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, slice_sizes = array<i64: 1>}> : (tensor<4xf32>, tensor<2x1xi32>) -> tensor<2xf32>

#loc0 = loc("model.py":10:3)
!t = tensor<4xf32>
!pair = tuple<!t, !t>
#acc = #stablehlo.result_accuracy<atol = 0.000000e+00, rtol = 0.000000e+00, ulps = 2, mode = #stablehlo.result_accuracy_mode<TOLERANCE>>
#dims = #stablehlo.gather<collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>
#cfg = {alpha = 2.0 : f32}
module {
  func.func @aliases(%x: !t, %idx: tensor<2x1xi32>) -> !t {
    %0 = stablehlo.add %x, %x : !t loc(#loc1)
    %1 = "stablehlo.exponential"(%0) {result_accuracy = #acc} : (!t) -> !t loc(#loc0)
    %2 = "stablehlo.gather"(%x, %idx) {dimension_numbers = #dims, slice_sizes = array<i64: 1>} : (!t, tensor<2x1xi32>) -> tensor<2xf32>
    %3 = stablehlo.tuple %0, %1 : !pair
    %4 = stablehlo.custom_call @cfg(%x) {backend_config = #cfg, api_version = 4 : i32} : (!t) -> !t
    return %1 : !t loc(#loc2)
  }
}
#loc1 = loc("model.py":11:5)
#loc2 = loc(fused[#loc0, #loc1])

// Gather, scatter (with its update region), torch_index_select and
// dynamic_gather; these have no custom pretty form and print generically,
// with #stablehlo.gather / #stablehlo.scatter dimension numbers.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @gather_scatter(%arg0: tensor<3x4x2xf32>, %arg1: tensor<2x3x2xi64>, %arg2: tensor<2x3x2x2xf32>, %arg3: tensor<2xi32>) -> tensor<3x4x2xf32> {
// CHECK-NEXT{LITERAL}: %0 = "stablehlo.gather"(%arg0, %arg1) <{dimension_numbers = #stablehlo.gather<offset_dims = [2, 3], collapsed_slice_dims = [0], start_index_map = [1, 0], index_vector_dim = 2>, indices_are_sorted = false, slice_sizes = array<i64: 1, 2, 2>}> : (tensor<3x4x2xf32>, tensor<2x3x2xi64>) -> tensor<2x3x2x2xf32>
// CHECK-NEXT{LITERAL}: %1 = "stablehlo.gather"(%arg0, %arg1) <{dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [1], operand_batching_dims = [0], start_indices_batching_dims = [1], start_index_map = [1, 2], index_vector_dim = 2>, indices_are_sorted = true, slice_sizes = array<i64: 1, 1, 2>}> : (tensor<3x4x2xf32>, tensor<2x3x2xi64>) -> tensor<2x3x2xf32>
// CHECK-NEXT{LITERAL}: %2 = "stablehlo.scatter"(%arg0, %arg1, %arg2) <{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2, 3], inserted_window_dims = [0], scatter_dims_to_operand_dims = [1, 0], index_vector_dim = 2>, unique_indices = false}> ({
// CHECK-NEXT{LITERAL}: ^bb0(%arg4: tensor<f32>, %arg5: tensor<f32>):
// CHECK-NEXT{LITERAL}: %4 = stablehlo.add %arg4, %arg5 : tensor<f32>
// CHECK-NEXT{LITERAL}: stablehlo.return %4 : tensor<f32>
// CHECK-NEXT{LITERAL}: }) : (tensor<3x4x2xf32>, tensor<2x3x2xi64>, tensor<2x3x2x2xf32>) -> tensor<3x4x2xf32>
// CHECK-NEXT{LITERAL}: %3 = "stablehlo.torch_index_select"(%arg0, %arg3) <{batch_dims = 0 : i64, dim = 0 : i64}> : (tensor<3x4x2xf32>, tensor<2xi32>) -> tensor<2x4x2xf32>
// CHECK-NEXT{LITERAL}: return %2 : tensor<3x4x2xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func @dynamic_gather(%arg0: tensor<?x4xf32>, %arg1: tensor<1xi32>, %arg2: tensor<2xi32>) -> tensor<1x4xf32> {
// CHECK-NEXT{LITERAL}: %0 = "stablehlo.dynamic_gather"(%arg0, %arg1, %arg2) <{dimension_numbers = #stablehlo.gather<offset_dims = [0, 1], start_index_map = [0]>}> : (tensor<?x4xf32>, tensor<1xi32>, tensor<2xi32>) -> tensor<1x4xf32>
// CHECK-NEXT{LITERAL}: return %0 : tensor<1x4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: %3 = "stablehlo.torch_index_select"(%arg0, %arg3) <{batch_dims = 0 : i64, dim = 0 : i64}> : (tensor<3x4x2xf32>, tensor<2xi32>) -> tensor<2x4x2xf32>
// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<?x4xf32>, tensor<1xi32>, tensor<2xi32>) -> tensor<1x4xf32>, sym_name = "dynamic_gather"}> ({
// GENERIC{LITERAL}: %0 = "stablehlo.dynamic_gather"(%arg0, %arg1, %arg2) <{dimension_numbers = #stablehlo.gather<offset_dims = [0, 1], start_index_map = [0]>}> : (tensor<?x4xf32>, tensor<1xi32>, tensor<2xi32>) -> tensor<1x4xf32>

func.func @gather_scatter(%x: tensor<3x4x2xf32>, %idx: tensor<2x3x2xi64>, %u: tensor<2x3x2x2xf32>, %i: tensor<2xi32>) -> tensor<3x4x2xf32> {
  %0 = "stablehlo.gather"(%x, %idx) {
    dimension_numbers = #stablehlo.gather<
      offset_dims = [2, 3],
      collapsed_slice_dims = [0],
      start_index_map = [1, 0],
      index_vector_dim = 2>,
    slice_sizes = array<i64: 1, 2, 2>,
    indices_are_sorted = false
  } : (tensor<3x4x2xf32>, tensor<2x3x2xi64>) -> tensor<2x3x2x2xf32>
  %b = "stablehlo.gather"(%x, %idx) {dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [1], operand_batching_dims = [0], start_indices_batching_dims = [1], start_index_map = [1, 2], index_vector_dim = 2>, slice_sizes = array<i64: 1, 1, 2>, indices_are_sorted = true} : (tensor<3x4x2xf32>, tensor<2x3x2xi64>) -> tensor<2x3x2xf32>
  %1 = "stablehlo.scatter"(%x, %idx, %u) ({
  ^bb0(%a: tensor<f32>, %b2: tensor<f32>):
    %s = stablehlo.add %a, %b2 : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) {
    scatter_dimension_numbers = #stablehlo.scatter<
      update_window_dims = [2, 3],
      inserted_window_dims = [0],
      input_batching_dims = [],
      scatter_dims_to_operand_dims = [1, 0],
      index_vector_dim = 2>,
    indices_are_sorted = false,
    unique_indices = false
  } : (tensor<3x4x2xf32>, tensor<2x3x2xi64>, tensor<2x3x2x2xf32>) -> tensor<3x4x2xf32>
  %2 = "stablehlo.torch_index_select"(%x, %i) {dim = 0 : i64, batch_dims = 0 : i64} : (tensor<3x4x2xf32>, tensor<2xi32>) -> tensor<2x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

func.func @dynamic_gather(%x: tensor<?x4xf32>, %idx: tensor<1xi32>, %sizes: tensor<2xi32>) -> tensor<1x4xf32> {
  %0 = "stablehlo.dynamic_gather"(%x, %idx, %sizes) {dimension_numbers = #stablehlo.gather<offset_dims = [0, 1], start_index_map = [0], index_vector_dim = 0>} : (tensor<?x4xf32>, tensor<1xi32>, tensor<2xi32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

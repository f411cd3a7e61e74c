// XLA's custom calls that programs exported for TPUs and GPUs use, run by the
// interpreter (src/interp/custom_calls_xla.c, src/runtime/custom_calls/tpu_linalg.c).
// RUN: %cxla check %s | FileCheck %s
// CHECK: PASS
// CHECK: 1 passed, 0 failed

func.func @main() {
  // jax.lax.approx_max_k(x, 3) as JAX lowers it for TPU: the values and
  // their iota sorted by the comparator, the first 3 kept.
  %x = stablehlo.constant dense<[3.0, 1.0, 4.0, 2.0, 5.0, 6.0, 7.0]> : tensor<7xf32>
  %iota = stablehlo.iota dim = 0 : tensor<7xi32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m1 = stablehlo.constant dense<-1> : tensor<i32>
  %top:2 = stablehlo.custom_call @ApproxTopK(%x, %iota, %ninf, %m1) {called_computations = [@top_k_gt], mhlo.backend_config = {aggregate_to_topk = true, recall_target = 0.95 : f32, reduction_dim = 0 : i64, reduction_input_size_override = -1 : i64, top_k = 3 : i64}} : (tensor<7xf32>, tensor<7xi32>, tensor<f32>, tensor<i32>) -> (tensor<3xf32>, tensor<3xi32>)
  check.expect_eq_const %top#0, dense<[7.0, 6.0, 5.0]> : tensor<3xf32>
  check.expect_eq_const %top#1, dense<[6, 5, 4]> : tensor<3xi32>
  // The dynamic form takes k as its last operand (here 2, along dim 1).
  %y = stablehlo.constant dense<[[1.0, 9.0, 5.0], [8.0, 2.0, 3.0]]> : tensor<2x3xf32>
  %iota2 = stablehlo.iota dim = 1 : tensor<2x3xi32>
  %k = stablehlo.constant dense<2> : tensor<i64>
  %dyn:2 = stablehlo.custom_call @stablehlo.dynamic_approx_top_k(%y, %iota2, %ninf, %m1, %k) {called_computations = [@top_k_gt], mhlo.backend_config = {aggregate_to_topk = true, recall_target = 0.95 : f32, reduction_dim = 1 : i64, reduction_input_size_override = -1 : i64}} : (tensor<2x3xf32>, tensor<2x3xi32>, tensor<f32>, tensor<i32>, tensor<i64>) -> (tensor<2x?xf32>, tensor<2x?xi32>)
  %expect0 = stablehlo.constant dense<[[9.0, 5.0], [8.0, 3.0]]> : tensor<2x2xf32>
  %expect1 = stablehlo.constant dense<[[1, 2], [0, 2]]> : tensor<2x2xi32>
  "check.expect_eq"(%dyn#0, %expect0) : (tensor<2x?xf32>, tensor<2x2xf32>) -> ()
  "check.expect_eq"(%dyn#1, %expect1) : (tensor<2x?xi32>, tensor<2x2xi32>) -> ()

  // reduce_window whose window comes from operand values: sums of 2.
  %v = stablehlo.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %wd = stablehlo.constant dense<[2]> : tensor<1xi64>
  %ones = stablehlo.constant dense<[1]> : tensor<1xi64>
  %pad = stablehlo.constant dense<[[0, 0]]> : tensor<1x2xi64>
  %rw = stablehlo.custom_call @stablehlo.dynamic_reduce_window(%v, %zero, %wd, %ones, %ones, %ones, %pad) {called_computations = [@add]} : (tensor<4xf32>, tensor<f32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1x2xi64>) -> tensor<3xf32>
  check.expect_eq_const %rw, dense<[3.0, 5.0, 7.0]> : tensor<3xf32>

  // Annotations are identities on one device.
  %p = stablehlo.custom_call @annotate_device_placement(%v) {has_side_effect = true, mhlo.frontend_attributes = {_xla_buffer_placement = "pinned_host"}} : (tensor<4xf32>) -> tensor<4xf32>
  %s = stablehlo.custom_call @Sharding(%p) {mhlo.sharding = "{replicated}"} : (tensor<4xf32>) -> tensor<4xf32>
  %f = stablehlo.custom_call @SPMDFullToShardShape(%s) {mhlo.sharding = "{manual}"} : (tensor<4xf32>) -> tensor<4xf32>
  check.expect_eq_const %f, dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>

  // XLA:TPU's LU in its 2023 form, one tuple result; row-major [[1 2] [3 4]].
  %a = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf64>
  %lu = stablehlo.custom_call @LuDecomposition(%a) : (tensor<2x2xf64>) -> tuple<tensor<2x2xf64>, tensor<2xi32>, tensor<2xi32>>
  %lu0 = stablehlo.get_tuple_element %lu[0] : (tuple<tensor<2x2xf64>, tensor<2xi32>, tensor<2xi32>>) -> tensor<2x2xf64>
  %lu1 = stablehlo.get_tuple_element %lu[1] : (tuple<tensor<2x2xf64>, tensor<2xi32>, tensor<2xi32>>) -> tensor<2xi32>
  %lu2 = stablehlo.get_tuple_element %lu[2] : (tuple<tensor<2x2xf64>, tensor<2xi32>, tensor<2xi32>>) -> tensor<2xi32>
  check.expect_almost_eq_const %lu0, dense<[[3.0, 4.0], [0.33333333333333331, 0.66666666666666674]]> : tensor<2x2xf64>
  check.expect_eq_const %lu1, dense<[1, 1]> : tensor<2xi32>
  check.expect_eq_const %lu2, dense<[1, 0]> : tensor<2xi32>
  func.return
}

func.func private @top_k_gt(%a: tensor<f32>, %b: tensor<f32>, %ia: tensor<i32>, %ib: tensor<i32>) -> tensor<i1> {
  %0 = stablehlo.compare GT, %a, %b, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
  return %0 : tensor<i1>
}

func.func private @add(%a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  %0 = stablehlo.add %a, %b : tensor<f32>
  return %0 : tensor<f32>
}

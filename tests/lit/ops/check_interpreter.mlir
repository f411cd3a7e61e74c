// Test dialects: every check.* op (with optional tolerance / ulp / iteration
// arguments) and interpreter.probe / print / run_parallel.
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @checks(%arg0: tensor<3xf32>, %arg1: tensor<2xf16>, %arg2: tensor<3xi64>) {
// CHECK-NEXT{LITERAL}: check.expect_eq %arg2, %arg2 : tensor<3xi64>
// CHECK-NEXT{LITERAL}: check.expect_eq_const %arg2, dense<[1, 2, 3]> : tensor<3xi64>
// CHECK-NEXT{LITERAL}: check.expect_almost_eq %arg0, %arg0 : tensor<3xf32>
// CHECK-NEXT{LITERAL}: check.expect_almost_eq %arg0, %arg0, tolerance = 1.000000e-01 : tensor<3xf32>
// CHECK-NEXT{LITERAL}: check.expect_almost_eq_const %arg0, dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT{LITERAL}: check.expect_almost_eq_const %arg0, dense<1.500000e+00> : tensor<3xf32>, tolerance = 2.500000e-01
// CHECK-NEXT{LITERAL}: check.expect_close %arg1, %arg1, max_ulp_difference = 3 : tensor<2xf16>, tensor<2xf16>
// CHECK-NEXT{LITERAL}: check.expect_close %arg1, %arg1, max_ulp_difference = 3, min_ulp_difference = 1 : tensor<2xf16>, tensor<2xf16>
// CHECK-NEXT{LITERAL}: %0 = interpreter.probe %arg2, probe_id = "probe0" : tensor<3xi64>
// CHECK-NEXT{LITERAL}: check.expect_serialized_eq %0, probe_id = "probe0" : tensor<3xi64>
// CHECK-NEXT{LITERAL}: check.expect_serialized_eq %0, probe_id = "probe0", iter = 1 : tensor<3xi64>
// CHECK-NEXT{LITERAL}: interpreter.print %arg0 : tensor<3xf32>
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func @program(%arg0: tensor<3xi64>) -> tensor<3xi64> {
// CHECK-NEXT{LITERAL}: return %arg0 : tensor<3xi64>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: func.func @parallel() {
// CHECK-NEXT{LITERAL}: %c = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>
// CHECK-NEXT{LITERAL}: %0:2 = "interpreter.run_parallel"(%c, %c) <{programs = [[@program], [@program]]}> : (tensor<3xi64>, tensor<3xi64>) -> (tensor<3xi64>, tensor<3xi64>)
// CHECK-NEXT{LITERAL}: %1 = call @program(%c) : (tensor<3xi64>) -> tensor<3xi64>
// CHECK-NEXT{LITERAL}: %2 = call @program(%1) : (tensor<3xi64>) -> tensor<3xi64>
// CHECK-NEXT{LITERAL}: return
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: "check.expect_eq"(%arg2, %arg2) : (tensor<3xi64>, tensor<3xi64>) -> ()
// GENERIC{LITERAL}: "check.expect_almost_eq_const"(%arg0) <{value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>}> : (tensor<3xf32>) -> ()
// GENERIC{LITERAL}: "check.expect_almost_eq_const"(%arg0) <{tolerance = 2.500000e-01 : f64, value = dense<1.500000e+00> : tensor<3xf32>}> : (tensor<3xf32>) -> ()
// GENERIC{LITERAL}: "check.expect_close"(%arg1, %arg1) <{max_ulp_difference = 3 : ui64}> : (tensor<2xf16>, tensor<2xf16>) -> ()
// GENERIC{LITERAL}: "check.expect_close"(%arg1, %arg1) <{max_ulp_difference = 3 : ui64, min_ulp_difference = 1 : ui64}> : (tensor<2xf16>, tensor<2xf16>) -> ()
// GENERIC{LITERAL}: %0 = "interpreter.probe"(%arg2) <{probe_id = "probe0"}> : (tensor<3xi64>) -> tensor<3xi64>
// GENERIC{LITERAL}: %0:2 = "interpreter.run_parallel"(%c, %c) <{programs = [[@program], [@program]]}> : (tensor<3xi64>, tensor<3xi64>) -> (tensor<3xi64>, tensor<3xi64>)

func.func @checks(%x: tensor<3xf32>, %h: tensor<2xf16>, %i: tensor<3xi64>) {
  check.expect_eq %i, %i : tensor<3xi64>
  check.expect_eq_const %i, dense<[1, 2, 3]> : tensor<3xi64>
  check.expect_almost_eq %x, %x : tensor<3xf32>
  check.expect_almost_eq %x, %x, tolerance = 1.000000e-01 : tensor<3xf32>
  check.expect_almost_eq_const %x, dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  check.expect_almost_eq_const %x, dense<1.5> : tensor<3xf32>, tolerance = 2.500000e-01
  check.expect_close %h, %h, max_ulp_difference = 3 : tensor<2xf16>, tensor<2xf16>
  check.expect_close %h, %h, max_ulp_difference = 3, min_ulp_difference = 1 : tensor<2xf16>, tensor<2xf16>
  %p = interpreter.probe %i, probe_id = "probe0" : tensor<3xi64>
  check.expect_serialized_eq %p, probe_id = "probe0" : tensor<3xi64>
  check.expect_serialized_eq %p, probe_id = "probe0", iter = 1 : tensor<3xi64>
  interpreter.print %x : tensor<3xf32>
  func.return
}

func.func @program(%x: tensor<3xi64>) -> tensor<3xi64> {
  func.return %x : tensor<3xi64>
}

func.func @parallel() {
  %c = stablehlo.constant dense<[1, 2, 3]> : tensor<3xi64>
  %r:2 = "interpreter.run_parallel"(%c, %c) {programs = [[@program], [@program]]} : (tensor<3xi64>, tensor<3xi64>) -> (tensor<3xi64>, tensor<3xi64>)
  %s = func.call @program(%c) : (tensor<3xi64>) -> tensor<3xi64>
  %t = call @program(%s) : (tensor<3xi64>) -> tensor<3xi64>
  return
}

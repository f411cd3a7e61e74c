// Calls in other clothes, dimension sizes, tokens and the test dialect's
// observers in compiled code (compiler/lower_misc.c); results are compared
// with the interpreter's.

// composite: its decomposition is called (and inlined).
func.func private @add_n.impl(%x: tensor<3xi64>, %y: tensor<3xi64>) -> (tensor<3xi64>, tensor<3xi64>) {
  %0 = stablehlo.add %x, %y : tensor<3xi64>
  %1 = stablehlo.composite "cx.nested" %0 {decomposition = @negate.impl} : (tensor<3xi64>) -> tensor<3xi64>
  return %0, %1 : tensor<3xi64>, tensor<3xi64>
}

func.func private @negate.impl(%x: tensor<3xi64>) -> tensor<3xi64> {
  %0 = stablehlo.negate %x : tensor<3xi64>
  return %0 : tensor<3xi64>
}

func.func @composite() -> (tensor<3xi64>, tensor<3xi64>) {
  %a = stablehlo.constant dense<[1, 2, -9223372036854775808]> : tensor<3xi64>
  %b = stablehlo.constant dense<[10, 20, 0]> : tensor<3xi64>
  %r:2 = stablehlo.composite "cx.add_n" %a, %b {
    composite_attributes = {n = 2 : i64},
    decomposition = @add_n.impl,
    version = 1 : i32
  } : (tensor<3xi64>, tensor<3xi64>) -> (tensor<3xi64>, tensor<3xi64>)
  check.expect_eq_const %r#0, dense<[11, 22, -9223372036854775808]> : tensor<3xi64>
  return %r#0, %r#1 : tensor<3xi64>, tensor<3xi64>
}

// async_start runs its computation; async_done hands out the results.
func.func @async() -> (tensor<2x2xf32>, tensor<2xi32>) {
  %x = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %y = stablehlo.constant dense<[7, 8]> : tensor<2xi32>
  %f = "stablehlo.async_start"(%x, %y) ({
    ^bb0(%a: tensor<2x2xf32>, %b: tensor<2xi32>):
      %s = "stablehlo.all_reduce"(%a) ({
        ^bb1(%l: tensor<f32>, %r: tensor<f32>):
          %t = stablehlo.add %l, %r : tensor<f32>
          stablehlo.return %t : tensor<f32>
      }) {replica_groups = dense<[[0]]> : tensor<1x1xi64>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
      %n = stablehlo.negate %b : tensor<2xi32>
      "stablehlo.return"(%s, %n) : (tensor<2x2xf32>, tensor<2xi32>) -> ()
  }) : (tensor<2x2xf32>, tensor<2xi32>) -> !stablehlo.future<tensor<2x2xf32>, tensor<2xi32>>
  %r:2 = "stablehlo.async_done"(%f) : (!stablehlo.future<tensor<2x2xf32>, tensor<2xi32>>) -> (tensor<2x2xf32>, tensor<2xi32>)
  check.expect_eq_const %r#1, dense<[-7, -8]> : tensor<2xi32>
  return %r#0, %r#1 : tensor<2x2xf32>, tensor<2xi32>
}

// get_dimension_size of a static dim is a constant; set_dimension_size
// keeps the first `size` elements along the dim.
func.func @dimension_sizes() -> (tensor<i32>, tensor<i32>, tensor<2x2xf16>, tensor<2x3xf16>) {
  %x = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf16>
  %d0 = stablehlo.get_dimension_size %x, dim = 0 : (tensor<2x3xf16>) -> tensor<i32>
  %d1 = stablehlo.get_dimension_size %x, dim = 1 : (tensor<2x3xf16>) -> tensor<i32>
  %two = stablehlo.constant dense<2> : tensor<i32>
  %s = stablehlo.set_dimension_size %x, %two, dim = 1 : (tensor<2x3xf16>, tensor<i32>) -> tensor<2x2xf16>
  %three = stablehlo.constant dense<3> : tensor<i32>
  %t = stablehlo.set_dimension_size %x, %three, dim = 1 : (tensor<2x3xf16>, tensor<i32>) -> tensor<2x3xf16>
  check.expect_eq_const %d1, dense<3> : tensor<i32>
  check.expect_eq_const %s, dense<[[1.0, 2.0], [4.0, 5.0]]> : tensor<2x2xf16>
  return %d0, %d1, %s, %t : tensor<i32>, tensor<i32>, tensor<2x2xf16>, tensor<2x3xf16>
}

// Tokens are zero-size values: results, and passed through calls.
func.func private @pass_token(%t: !stablehlo.token, %x: tensor<2xui8>) -> (!stablehlo.token, tensor<2xui8>) {
  %t1 = stablehlo.after_all %t, %t : !stablehlo.token
  return %t1, %x : !stablehlo.token, tensor<2xui8>
}

func.func @tokens() -> (!stablehlo.token, tensor<2xui8>, !stablehlo.token) {
  %t = stablehlo.create_token : !stablehlo.token
  %x = stablehlo.constant dense<[255, 0]> : tensor<2xui8>
  %r:2 = func.call @pass_token(%t, %x) : (!stablehlo.token, tensor<2xui8>) -> (!stablehlo.token, tensor<2xui8>)
  %u = stablehlo.after_all : !stablehlo.token
  return %r#0, %r#1, %u : !stablehlo.token, tensor<2xui8>, !stablehlo.token
}

// Probes write .npy files (into the compiled run's own directory, which
// cxla check gives it) that expect_serialized_eq reads back; a probe in a
// loop writes one iteration per run of the body.
func.func @probes() -> (tensor<3xbf16>, tensor<2xi4>) {
  %0 = stablehlo.constant dense<[1.0, 2.5, -3.0]> : tensor<3xbf16>
  %1 = stablehlo.constant dense<[0.5, 1.5, 0.0]> : tensor<3xbf16>
  %2 = stablehlo.add %0, %1 : tensor<3xbf16>
  %3 = interpreter.probe %2, probe_id = "sum/0" : tensor<3xbf16>
  check.expect_serialized_eq %3, probe_id = "sum/0" : tensor<3xbf16>
  %i = stablehlo.constant dense<[-8, 7]> : tensor<2xi4>
  %k0 = stablehlo.constant dense<0> : tensor<i32>
  %w:2 = stablehlo.while(%v = %i, %k = %k0) : tensor<2xi4>, tensor<i32>
  cond {
    %n = stablehlo.constant dense<3> : tensor<i32>
    %p = stablehlo.compare LT, %k, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  } do {
    %one = stablehlo.constant dense<1> : tensor<2xi4>
    %v1 = stablehlo.add %v, %one : tensor<2xi4>
    %v2 = interpreter.probe %v1, probe_id = "loop" : tensor<2xi4>
    %c1 = stablehlo.constant dense<1> : tensor<i32>
    %k1 = stablehlo.add %k, %c1 : tensor<i32>
    stablehlo.return %v2, %k1 : tensor<2xi4>, tensor<i32>
  }
  %first = stablehlo.constant dense<[-7, -8]> : tensor<2xi4>
  check.expect_serialized_eq %first, probe_id = "loop", iter = 0 : tensor<2xi4>
  check.expect_serialized_eq %w#0, probe_id = "loop", iter = 2 : tensor<2xi4>
  return %3, %w#0 : tensor<3xbf16>, tensor<2xi4>
}

// interpreter.print writes to the call's print stream (cxla check: /dev/null).
func.func @prints() -> tensor<2x2xcomplex<f32>> {
  %x = stablehlo.constant dense<[[(1.0, -0.0), (0x7FC00000, 1.0e-45)], [(3.0, 4.0), (5.0, 6.0)]]> : tensor<2x2xcomplex<f32>>
  interpreter.print %x : tensor<2x2xcomplex<f32>>
  %t = stablehlo.after_all : !stablehlo.token
  interpreter.print %t : !stablehlo.token
  return %x : tensor<2x2xcomplex<f32>>
}

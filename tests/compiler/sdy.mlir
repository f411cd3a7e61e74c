// Shardy's ops compiled and compared with the interpreter (cxla check
// --mode=both): on one device sharding constraints, reshards and
// propagation barriers give their operand, sharding groups do nothing, named
// computations and manual computations whose body sees whole values (axes
// of size 1, or operands replicated along the manual axes: the body runs on
// every device of the axis, each with the whole value) run their body;
// nested inside control flow too, and in unusual element types. Manual
// computations over shards: sdy_manual.mlir.

sdy.mesh @mesh = <["a"=1, "b"=1]>
sdy.mesh @wide = <["x"=4]>

func.func @constraints() -> tensor<2x3xf32> {
  %x = stablehlo.constant dense<[[1.5, -2.0, 3.0], [0.25, 8.0, -1.0]]> : tensor<2x3xf32>
  %0 = sdy.sharding_constraint %x <@mesh, [{"a"}, {"b", ?}]> : tensor<2x3xf32>
  %1 = sdy.reshard %0 <@wide, [{}, {}], replicated={"x"}> : tensor<2x3xf32>
  %2 = sdy.propagation_barrier %1 allowed_direction=NONE : tensor<2x3xf32>
  sdy.sharding_group %2 group_id=0 : tensor<2x3xf32>
  %3 = stablehlo.multiply %2, %x : tensor<2x3xf32>
  check.expect_almost_eq_const %3, dense<[[2.25, 4.0, 9.0], [0.0625, 64.0, 1.0]]> : tensor<2x3xf32>
  return %3 : tensor<2x3xf32>
}

func.func @named() -> (tensor<4xi32>, tensor<4xi32>) {
  %x = stablehlo.iota dim = 0 : tensor<4xi32>
  %c = stablehlo.constant dense<10> : tensor<4xi32>
  %0:2 = sdy.named_computation<"body">(%x, %c) in_shardings=[<@mesh, [{"a"}]>, <@mesh, [{}]>] out_shardings=[<@mesh, [{}]>, <@mesh, [{}]>] (%a: tensor<4xi32>, %b: tensor<4xi32>) {
    %s = stablehlo.add %a, %b : tensor<4xi32>
    %m = stablehlo.multiply %s, %a : tensor<4xi32>
    sdy.return %s, %m : tensor<4xi32>, tensor<4xi32>
  } : (tensor<4xi32>, tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>)
  check.expect_eq_const %0#0, dense<[10, 11, 12, 13]> : tensor<4xi32>
  check.expect_eq_const %0#1, dense<[0, 11, 24, 39]> : tensor<4xi32>
  return %0#0, %0#1 : tensor<4xi32>, tensor<4xi32>
}

// Manual on an axis of size 1, and on a 4-device axis along which every
// value is replicated: the body sees whole values (on each of 4 devices).
func.func @manual() -> (tensor<2x2xbf16>, tensor<3xi8>) {
  %x = stablehlo.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xbf16>
  %y = stablehlo.constant dense<[100, -100, 7]> : tensor<3xi8>
  %0 = sdy.manual_computation(%x) in_shardings=[<@mesh, [{"a"}, {}]>] out_shardings=[<@mesh, [{"a"}, {}]>] manual_axes={"a"} (%a: tensor<2x2xbf16>) {
    %n = stablehlo.negate %a : tensor<2x2xbf16>
    %t = stablehlo.transpose %n, dims = [1, 0] : (tensor<2x2xbf16>) -> tensor<2x2xbf16>
    sdy.return %t : tensor<2x2xbf16>
  } : (tensor<2x2xbf16>) -> tensor<2x2xbf16>
  %1 = sdy.manual_computation(%y) in_shardings=[<@wide, [{}]>] out_shardings=[<@wide, [{}]>] manual_axes={"x"} (%b: tensor<3xi8>) {
    %d = stablehlo.add %b, %b : tensor<3xi8>
    sdy.return %d : tensor<3xi8>
  } : (tensor<3xi8>) -> tensor<3xi8>
  check.expect_almost_eq_const %0, dense<[[-1.0, -3.0], [-2.0, -4.0]]> : tensor<2x2xbf16>
  check.expect_eq_const %1, dense<[-56, 56, 14]> : tensor<3xi8>
  return %0, %1 : tensor<2x2xbf16>, tensor<3xi8>
}

// Inside a while loop's body, and nested computations.
func.func @in_loop() -> tensor<complex<f32>> {
  %z = stablehlo.constant dense<(1.0, 1.0)> : tensor<complex<f32>>
  %i0 = stablehlo.constant dense<0> : tensor<i32>
  %n = stablehlo.constant dense<3> : tensor<i32>
  %one = stablehlo.constant dense<1> : tensor<i32>
  %r:2 = stablehlo.while(%i = %i0, %v = %z) : tensor<i32>, tensor<complex<f32>>
  cond {
    %c = stablehlo.compare LT, %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %c : tensor<i1>
  } do {
    %w = sdy.named_computation<"outer">(%v) (%p: tensor<complex<f32>>) {
      %q = sdy.named_computation<"inner">(%p) (%p2: tensor<complex<f32>>) {
        %sq = stablehlo.multiply %p2, %p2 : tensor<complex<f32>>
        %sc = sdy.sharding_constraint %sq <@mesh, []> : tensor<complex<f32>>
        sdy.return %sc : tensor<complex<f32>>
      } : (tensor<complex<f32>>) -> tensor<complex<f32>>
      sdy.return %q : tensor<complex<f32>>
    } : (tensor<complex<f32>>) -> tensor<complex<f32>>
    %j = stablehlo.add %i, %one : tensor<i32>
    stablehlo.return %j, %w : tensor<i32>, tensor<complex<f32>>
  }
  // (1+i)^8 = 16
  check.expect_almost_eq_const %r#1, dense<(16.0, 0.0)> : tensor<complex<f32>>
  return %r#1 : tensor<complex<f32>>
}

// The collectives move shards of a global value: on one device, identities.
func.func @collectives() -> tensor<4x2xi16> {
  %x = stablehlo.constant dense<[[1, -2], [300, 4], [-32768, 32767], [0, 9]]> : tensor<4x2xi16>
  %0 = sdy.all_gather [{"x"}, {}] %x out_sharding=<@wide, [{}, {}]> : tensor<4x2xi16>
  %1 = sdy.all_slice [{}, {}] %0 out_sharding=<@wide, [{}, {}]> : tensor<4x2xi16>
  %2 = sdy.all_to_all [{"x"}: 0->1] %1 out_sharding=<@wide, [{}, {"x"}]> : tensor<4x2xi16>
  %3 = sdy.collective_permute %2 out_sharding=<@wide, [{"x"}, {}]> : tensor<4x2xi16>
  %4 = sdy.all_reduce {"x"} %3 out_sharding=<@wide, [{}, {}]> : tensor<4x2xi16>
  check.expect_eq_const %4, dense<[[1, -2], [300, 4], [-32768, 32767], [0, 9]]> : tensor<4x2xi16>
  return %4 : tensor<4x2xi16>
}

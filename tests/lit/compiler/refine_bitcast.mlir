// Shape refinement gives a bitcast_convert's result the static shape its
// operand got from the arguments: the same shape for the same width, one
// more dimension for a narrower type, one fewer for a wider one (JAX
// exports of vmap over bitcasts and nextafter have these). Compiled and
// interpreted runs print the same values.
// RUN: %cxla run %s --input=2x3xf32=1.0 --input=4x2xf32=1.0 | FileCheck %s
// RUN: %cxla run --interpret %s --input=2x3xf32=1.0 --input=4x2xf32=1.0 | FileCheck %s
// CHECK: 2x3xi32=[1065353216 1065353216 1065353216][1065353216 1065353216 1065353216]
// CHECK{LITERAL}: 2x3x2xbf16=[[0 1][0 1][0 1]][[0 1][0 1][0 1]]
// CHECK: 4xf64=0.0078125 0.0078125 0.0078125 0.0078125
func.func @main(%arg0: tensor<?x3xf32>, %arg1: tensor<?x2xf32>) -> (tensor<?x3xi32>, tensor<?x3x2xbf16>, tensor<?xf64>) {
  %a = stablehlo.bitcast_convert %arg0 : (tensor<?x3xf32>) -> tensor<?x3xi32>
  %b = stablehlo.bitcast_convert %arg0 : (tensor<?x3xf32>) -> tensor<?x3x2xbf16>
  %c = stablehlo.bitcast_convert %arg1 : (tensor<?x2xf32>) -> tensor<?xf64>
  return %a, %b, %c : tensor<?x3xi32>, tensor<?x3x2xbf16>, tensor<?xf64>
}

// Forms the parser must take that it once rejected:
// - pretty forms with any number of operands: a while with 300 loop-carried
//   values (AlphaFold's has 440; the limit was 256), a tuple type of 300
//   elements, a reduce with 100 inputs; printed text parses back unchanged,
//   through the generic form and through bytecode too;
// - older MLIR's region list `( {` (a space after the parenthesis);
// - a trailing comma in StableHLO's struct attributes (#stablehlo.dot<...,>,
//   #stablehlo.gather<...,>), which StableHLO's struct parser allows;
// - a rng_bit_generator state of 32-bit integers (JAX's rbg keys are
//   tensor<4xui32>), which StableHLO's verifier accepts; the interpreter
//   reads it as 64-bit words, low word first, so it gives the bits of the
//   equivalent tensor<2xui64> state.
// RUN: %python %S/Inputs/gen_many_operands.py 300 > %t.many.mlir
// RUN: %cxla opt %t.many.mlir > %t.once.mlir
// RUN: %cxla opt %t.once.mlir > %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir
// RUN: %cxla opt --generic %t.once.mlir | %cxla opt - | diff %t.once.mlir -
// RUN: %cxla translate --serialize %t.once.mlir -o %t.many.mlirbc
// RUN: %cxla opt %t.many.mlirbc | diff %t.once.mlir -
// RUN: FileCheck %s --check-prefix=MANY < %t.once.mlir
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla run --interpret --function=rng32 --input=4xi32=1,2,3,4 %s | FileCheck %s --check-prefix=RNG
// RUN: %cxla run --interpret --function=rng64 --input=2xui64=8589934593,17179869187 %s | FileCheck %s --check-prefix=RNG

// MANY: %0:300 = stablehlo.while(%iterArg = %arg0, %iterArg_0 = %arg1, {{.*}}, %iterArg_298 = %arg299) : tensor<f32>,
// MANY: %2:100 = stablehlo.reduce(%1 init: %arg0), {{.*}}, (%1 init: %arg99) across dimensions = [0]
// MANY: stablehlo.get_tuple_element %3[299]

// CHECK-LABEL: func.func @paren_space
// CHECK: stablehlo.reduce(%arg0 init: %cst) applies stablehlo.add across dimensions = [0]
func.func @paren_space(%a: tensor<4xf32>) -> tensor<f32> {
  %z = stablehlo.constant dense<0.0> : tensor<f32>
  %0 = "stablehlo.reduce"(%a, %z) ( {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %s = stablehlo.add %x, %y : tensor<f32>
    "stablehlo.return"(%s) : (tensor<f32>) -> ()
  }) {dimensions = array<i64: 0>} : (tensor<4xf32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @trailing_commas
// CHECK: stablehlo.dot_general %arg0, %arg1, contracting_dims = [1] x [0] :
// CHECK: "stablehlo.gather"(%arg2, %arg3) <{dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, slice_sizes = array<i64: 1, 3>}>
func.func @trailing_commas(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %op: tensor<5x3xf32>, %idx: tensor<2x1xi32>) -> (tensor<2x4xf32>, tensor<2x3xf32>) {
  %0 = "stablehlo.dot_general"(%a, %b) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0],>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = "stablehlo.gather"(%op, %idx) {dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1, >, slice_sizes = array<i64: 1, 3>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x3xf32>
}

// RNG: 2x2xui32=[512747620 1298009047][1267190206 761827841]
// CHECK-LABEL: func.func @rng32
// CHECK: stablehlo.rng_bit_generator %arg0, algorithm =  DEFAULT : (tensor<4xi32>) -> (tensor<4xi32>, tensor<2x2xui32>)
func.func @rng32(%s: tensor<4xi32>) -> (tensor<4xi32>, tensor<2x2xui32>) {
  %0:2 = stablehlo.rng_bit_generator %s, algorithm = DEFAULT : (tensor<4xi32>) -> (tensor<4xi32>, tensor<2x2xui32>)
  return %0#0, %0#1 : tensor<4xi32>, tensor<2x2xui32>
}

func.func @rng64(%s: tensor<2xui64>) -> (tensor<2xui64>, tensor<2x2xui32>) {
  %0:2 = stablehlo.rng_bit_generator %s, algorithm = DEFAULT : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2x2xui32>)
  return %0#0, %0#1 : tensor<2xui64>, tensor<2x2xui32>
}

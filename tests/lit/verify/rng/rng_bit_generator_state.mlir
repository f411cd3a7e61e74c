// rng_bit_generator_c2: THREE_FRY uses a state of size 2.
// RUN: not %cxla opt %s 2>&1 | FileCheck %s
// CHECK{LITERAL}: rng_bit_generator_state.mlir:5:3: error: 'stablehlo.rng_bit_generator' op THREE_FRY algorithm requires an initial state of size 2, but got 3
func.func @main(%s: tensor<3xui64>) -> (tensor<3xui64>, tensor<4xui32>) {
  %0, %1 = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<3xui64>) -> (tensor<3xui64>, tensor<4xui32>)
  func.return %0, %1 : tensor<3xui64>, tensor<4xui32>
}

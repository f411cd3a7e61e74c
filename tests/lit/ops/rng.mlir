// Random numbers: rng (both distributions), rng_bit_generator (every
// algorithm; a generic input prints pretty).
// RUN: %cxla opt %s | FileCheck %s
// RUN: %cxla opt %s | %cxla opt - | FileCheck %s
// RUN: %cxla opt --generic %s | FileCheck %s --check-prefix=GENERIC
// RUN: %cxla opt --generic %s | %cxla opt - | FileCheck %s

// CHECK{LITERAL}: module {
// CHECK-NEXT{LITERAL}: func.func @rng(%arg0: tensor<f32>, %arg1: tensor<f32>, %arg2: tensor<2xi64>, %arg3: tensor<2xui64>) -> tensor<3x4xf32> {
// CHECK-NEXT{LITERAL}: %0 = stablehlo.rng %arg0, %arg1, %arg2, distribution =  UNIFORM : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<3x4xf32>
// CHECK-NEXT{LITERAL}: %1 = stablehlo.rng %arg0, %arg1, %arg2, distribution =  NORMAL : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<3x4xf32>
// CHECK-NEXT{LITERAL}: %output_state, %output = stablehlo.rng_bit_generator %arg3, algorithm =  DEFAULT : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui32>)
// CHECK-NEXT{LITERAL}: %output_state_0, %output_1 = stablehlo.rng_bit_generator %arg3, algorithm =  THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui32>)
// CHECK-NEXT{LITERAL}: %output_state_2, %output_3 = stablehlo.rng_bit_generator %arg3, algorithm =  PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui64>)
// CHECK-NEXT{LITERAL}: return %0 : tensor<3x4xf32>
// CHECK-NEXT{LITERAL}: }
// CHECK-NEXT{LITERAL}: }

// GENERIC{LITERAL}: "func.func"() <{function_type = (tensor<f32>, tensor<f32>, tensor<2xi64>, tensor<2xui64>) -> tensor<3x4xf32>, sym_name = "rng"}> ({
// GENERIC{LITERAL}: %0 = "stablehlo.rng"(%arg0, %arg1, %arg2) <{rng_distribution = #stablehlo<rng_distribution UNIFORM>}> : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<3x4xf32>
// GENERIC{LITERAL}: %1 = "stablehlo.rng"(%arg0, %arg1, %arg2) <{rng_distribution = #stablehlo<rng_distribution NORMAL>}> : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<3x4xf32>
// GENERIC{LITERAL}: %output_state, %output = "stablehlo.rng_bit_generator"(%arg3) <{rng_algorithm = #stablehlo<rng_algorithm DEFAULT>}> : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui32>)
// GENERIC{LITERAL}: %output_state_0, %output_1 = "stablehlo.rng_bit_generator"(%arg3) <{rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>}> : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui32>)
// GENERIC{LITERAL}: %output_state_2, %output_3 = "stablehlo.rng_bit_generator"(%arg3) <{rng_algorithm = #stablehlo<rng_algorithm PHILOX>}> : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui64>)

func.func @rng(%a: tensor<f32>, %b: tensor<f32>, %shape: tensor<2xi64>, %state: tensor<2xui64>) -> tensor<3x4xf32> {
  %0 = stablehlo.rng %a, %b, %shape, distribution =  UNIFORM : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<3x4xf32>
  %1 = stablehlo.rng %a, %b, %shape, distribution =  NORMAL : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<3x4xf32>
  %2:2 = stablehlo.rng_bit_generator %state, algorithm =  DEFAULT : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui32>)
  %3:2 = stablehlo.rng_bit_generator %state, algorithm =  THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui32>)
  %4:2 = "stablehlo.rng_bit_generator"(%state) {rng_algorithm = #stablehlo<rng_algorithm PHILOX>} : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x4xui64>)
  return %0 : tensor<3x4xf32>
}

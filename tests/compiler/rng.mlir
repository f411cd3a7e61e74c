// stablehlo.rng_bit_generator and stablehlo.rng compiled as runtime
// routines (runtime/routine_rng.c): every result is compared with the
// interpreter's bit for bit, and the known answers of Random123's test
// vectors are checked in the compiled code itself.

// Threefry2x32-20 of counter 0 with key 0 is (0x6b200159, 0x99ba4efe); a
// 64-bit output packs them low word first.
func.func @threefry_known_64() -> (tensor<2xui64>, tensor<ui64>) {
  %s = stablehlo.constant dense<[0, 0]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<ui64>)
  check.expect_eq_const %v, dense<11077253088097075545> : tensor<ui64>
  check.expect_eq_const %ns, dense<[0, 1]> : tensor<2xui64>
  return %ns, %v : tensor<2xui64>, tensor<ui64>
}

func.func @threefry_known_32() -> (tensor<2xui64>, tensor<2xui32>) {
  %s = stablehlo.constant dense<[0, 0]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2xui32>)
  check.expect_eq_const %v, dense<[1797259609, 2579123966]> : tensor<2xui32>
  check.expect_eq_const %ns, dense<[0, 1]> : tensor<2xui64>
  return %ns, %v : tensor<2xui64>, tensor<2xui32>
}

func.func @philox_known() -> (tensor<3xui64>, tensor<4xui32>) {
  %s = stablehlo.constant dense<[2999170649027065890, 9629550131187509896, 247824715720788526]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<4xui32>)
  check.expect_eq_const %v, dense<[3513581065, 2499661035, 1342301216, 605187745]> : tensor<4xui32>
  check.expect_eq_const %ns, dense<[2999170649027065890, 9629550131187509897, 247824715720788526]> : tensor<3xui64>
  return %ns, %v : tensor<3xui64>, tensor<4xui32>
}

func.func @default_is_philox() -> (tensor<3xui64>, tensor<4xui32>) {
  %s = stablehlo.constant dense<[2999170649027065890, 9629550131187509896, 247824715720788526]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = DEFAULT : (tensor<3xui64>) -> (tensor<3xui64>, tensor<4xui32>)
  check.expect_eq_const %v, dense<[3513581065, 2499661035, 1342301216, 605187745]> : tensor<4xui32>
  return %ns, %v : tensor<3xui64>, tensor<4xui32>
}

func.func @threefry_even_first() -> (tensor<2xui64>, tensor<2x3xui32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2x3xui32>)
  return %ns, %v : tensor<2xui64>, tensor<2x3xui32>
}

func.func @philox_even_first() -> (tensor<2xui64>, tensor<2x3xui32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2x3xui32>)
  return %ns, %v : tensor<2xui64>, tensor<2x3xui32>
}

func.func @philox3_even_first() -> (tensor<3xui64>, tensor<2x3xui32>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<2x3xui32>)
  return %ns, %v : tensor<3xui64>, tensor<2x3xui32>
}

func.func @threefry_odd_square() -> (tensor<2xui64>, tensor<3x3xui32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x3xui32>)
  return %ns, %v : tensor<2xui64>, tensor<3x3xui32>
}

func.func @philox_odd_square() -> (tensor<2xui64>, tensor<3x3xui32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x3xui32>)
  return %ns, %v : tensor<2xui64>, tensor<3x3xui32>
}

func.func @philox3_odd_square() -> (tensor<3xui64>, tensor<3x3xui32>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<3x3xui32>)
  return %ns, %v : tensor<3xui64>, tensor<3x3xui32>
}

func.func @threefry_largest_second() -> (tensor<2xui64>, tensor<3x5xi32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x5xi32>)
  return %ns, %v : tensor<2xui64>, tensor<3x5xi32>
}

func.func @philox_largest_second() -> (tensor<2xui64>, tensor<3x5xi32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x5xi32>)
  return %ns, %v : tensor<2xui64>, tensor<3x5xi32>
}

func.func @philox3_largest_second() -> (tensor<3xui64>, tensor<3x5xi32>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<3x5xi32>)
  return %ns, %v : tensor<3xui64>, tensor<3x5xi32>
}

func.func @threefry_ones_then_even() -> (tensor<2xui64>, tensor<1x4x3xui16>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<1x4x3xui16>)
  return %ns, %v : tensor<2xui64>, tensor<1x4x3xui16>
}

func.func @philox_ones_then_even() -> (tensor<2xui64>, tensor<1x4x3xui16>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<1x4x3xui16>)
  return %ns, %v : tensor<2xui64>, tensor<1x4x3xui16>
}

func.func @philox3_ones_then_even() -> (tensor<3xui64>, tensor<1x4x3xui16>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<1x4x3xui16>)
  return %ns, %v : tensor<3xui64>, tensor<1x4x3xui16>
}

func.func @threefry_scalar() -> (tensor<2xui64>, tensor<f32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<f32>)
  return %ns, %v : tensor<2xui64>, tensor<f32>
}

func.func @philox_scalar() -> (tensor<2xui64>, tensor<f32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<f32>)
  return %ns, %v : tensor<2xui64>, tensor<f32>
}

func.func @philox3_scalar() -> (tensor<3xui64>, tensor<f32>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<f32>)
  return %ns, %v : tensor<3xui64>, tensor<f32>
}

func.func @threefry_empty() -> (tensor<2xui64>, tensor<0x3xui32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<0x3xui32>)
  return %ns, %v : tensor<2xui64>, tensor<0x3xui32>
}

func.func @philox_empty() -> (tensor<2xui64>, tensor<0x3xui32>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<0x3xui32>)
  return %ns, %v : tensor<2xui64>, tensor<0x3xui32>
}

func.func @philox3_empty() -> (tensor<3xui64>, tensor<0x3xui32>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<0x3xui32>)
  return %ns, %v : tensor<3xui64>, tensor<0x3xui32>
}

func.func @threefry_odd_vector() -> (tensor<2xui64>, tensor<7xi8>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<7xi8>)
  return %ns, %v : tensor<2xui64>, tensor<7xi8>
}

func.func @philox_odd_vector() -> (tensor<2xui64>, tensor<7xi8>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<7xi8>)
  return %ns, %v : tensor<2xui64>, tensor<7xi8>
}

func.func @philox3_odd_vector() -> (tensor<3xui64>, tensor<7xi8>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<7xi8>)
  return %ns, %v : tensor<3xui64>, tensor<7xi8>
}

func.func @threefry_ui4() -> (tensor<2xui64>, tensor<5x2xui4>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<5x2xui4>)
  return %ns, %v : tensor<2xui64>, tensor<5x2xui4>
}

func.func @philox_ui4() -> (tensor<2xui64>, tensor<5x2xui4>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<5x2xui4>)
  return %ns, %v : tensor<2xui64>, tensor<5x2xui4>
}

func.func @philox3_ui4() -> (tensor<3xui64>, tensor<5x2xui4>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<5x2xui4>)
  return %ns, %v : tensor<3xui64>, tensor<5x2xui4>
}

func.func @threefry_i2() -> (tensor<2xui64>, tensor<3x3xi2>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x3xi2>)
  return %ns, %v : tensor<2xui64>, tensor<3x3xi2>
}

func.func @philox_i2() -> (tensor<2xui64>, tensor<3x3xi2>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x3xi2>)
  return %ns, %v : tensor<2xui64>, tensor<3x3xi2>
}

func.func @philox3_i2() -> (tensor<3xui64>, tensor<3x3xi2>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<3x3xi2>)
  return %ns, %v : tensor<3xui64>, tensor<3x3xi2>
}

func.func @threefry_f16() -> (tensor<2xui64>, tensor<4x3xf16>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4x3xf16>)
  return %ns, %v : tensor<2xui64>, tensor<4x3xf16>
}

func.func @philox_f16() -> (tensor<2xui64>, tensor<4x3xf16>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4x3xf16>)
  return %ns, %v : tensor<2xui64>, tensor<4x3xf16>
}

func.func @philox3_f16() -> (tensor<3xui64>, tensor<4x3xf16>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<4x3xf16>)
  return %ns, %v : tensor<3xui64>, tensor<4x3xf16>
}

func.func @threefry_bf16() -> (tensor<2xui64>, tensor<3x1x5xbf16>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x1x5xbf16>)
  return %ns, %v : tensor<2xui64>, tensor<3x1x5xbf16>
}

func.func @philox_bf16() -> (tensor<2xui64>, tensor<3x1x5xbf16>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x1x5xbf16>)
  return %ns, %v : tensor<2xui64>, tensor<3x1x5xbf16>
}

func.func @philox3_bf16() -> (tensor<3xui64>, tensor<3x1x5xbf16>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<3x1x5xbf16>)
  return %ns, %v : tensor<3xui64>, tensor<3x1x5xbf16>
}

func.func @threefry_f8e4m3fn() -> (tensor<2xui64>, tensor<9xf8E4M3FN>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<9xf8E4M3FN>)
  return %ns, %v : tensor<2xui64>, tensor<9xf8E4M3FN>
}

func.func @philox_f8e4m3fn() -> (tensor<2xui64>, tensor<9xf8E4M3FN>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<9xf8E4M3FN>)
  return %ns, %v : tensor<2xui64>, tensor<9xf8E4M3FN>
}

func.func @philox3_f8e4m3fn() -> (tensor<3xui64>, tensor<9xf8E4M3FN>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<9xf8E4M3FN>)
  return %ns, %v : tensor<3xui64>, tensor<9xf8E4M3FN>
}

func.func @threefry_f8e5m2() -> (tensor<2xui64>, tensor<5xf8E5M2>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<5xf8E5M2>)
  return %ns, %v : tensor<2xui64>, tensor<5xf8E5M2>
}

func.func @philox_f8e5m2() -> (tensor<2xui64>, tensor<5xf8E5M2>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<5xf8E5M2>)
  return %ns, %v : tensor<2xui64>, tensor<5xf8E5M2>
}

func.func @philox3_f8e5m2() -> (tensor<3xui64>, tensor<5xf8E5M2>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<5xf8E5M2>)
  return %ns, %v : tensor<3xui64>, tensor<5xf8E5M2>
}

func.func @threefry_f4() -> (tensor<2xui64>, tensor<6xf4E2M1FN>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<6xf4E2M1FN>)
  return %ns, %v : tensor<2xui64>, tensor<6xf4E2M1FN>
}

func.func @philox_f4() -> (tensor<2xui64>, tensor<6xf4E2M1FN>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<6xf4E2M1FN>)
  return %ns, %v : tensor<2xui64>, tensor<6xf4E2M1FN>
}

func.func @philox3_f4() -> (tensor<3xui64>, tensor<6xf4E2M1FN>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<6xf4E2M1FN>)
  return %ns, %v : tensor<3xui64>, tensor<6xf4E2M1FN>
}

func.func @threefry_f6() -> (tensor<2xui64>, tensor<3xf6E3M2FN>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3xf6E3M2FN>)
  return %ns, %v : tensor<2xui64>, tensor<3xf6E3M2FN>
}

func.func @philox_f6() -> (tensor<2xui64>, tensor<3xf6E3M2FN>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3xf6E3M2FN>)
  return %ns, %v : tensor<2xui64>, tensor<3xf6E3M2FN>
}

func.func @philox3_f6() -> (tensor<3xui64>, tensor<3xf6E3M2FN>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<3xf6E3M2FN>)
  return %ns, %v : tensor<3xui64>, tensor<3xf6E3M2FN>
}

func.func @threefry_e8m0() -> (tensor<2xui64>, tensor<2x5xf8E8M0FNU>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2x5xf8E8M0FNU>)
  return %ns, %v : tensor<2xui64>, tensor<2x5xf8E8M0FNU>
}

func.func @philox_e8m0() -> (tensor<2xui64>, tensor<2x5xf8E8M0FNU>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2x5xf8E8M0FNU>)
  return %ns, %v : tensor<2xui64>, tensor<2x5xf8E8M0FNU>
}

func.func @philox3_e8m0() -> (tensor<3xui64>, tensor<2x5xf8E8M0FNU>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<2x5xf8E8M0FNU>)
  return %ns, %v : tensor<3xui64>, tensor<2x5xf8E8M0FNU>
}

func.func @threefry_f64() -> (tensor<2xui64>, tensor<3x3xf64>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x3xf64>)
  return %ns, %v : tensor<2xui64>, tensor<3x3xf64>
}

func.func @philox_f64() -> (tensor<2xui64>, tensor<3x3xf64>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3x3xf64>)
  return %ns, %v : tensor<2xui64>, tensor<3x3xf64>
}

func.func @philox3_f64() -> (tensor<3xui64>, tensor<3x3xf64>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<3x3xf64>)
  return %ns, %v : tensor<3xui64>, tensor<3x3xf64>
}

func.func @threefry_u64_odd() -> (tensor<2xui64>, tensor<5xui64>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<5xui64>)
  return %ns, %v : tensor<2xui64>, tensor<5xui64>
}

func.func @philox_u64_odd() -> (tensor<2xui64>, tensor<5xui64>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<5xui64>)
  return %ns, %v : tensor<2xui64>, tensor<5xui64>
}

func.func @philox3_u64_odd() -> (tensor<3xui64>, tensor<5xui64>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<5xui64>)
  return %ns, %v : tensor<3xui64>, tensor<5xui64>
}

func.func @threefry_i64() -> (tensor<2xui64>, tensor<2x2xi64>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2x2xi64>)
  return %ns, %v : tensor<2xui64>, tensor<2x2xi64>
}

func.func @philox_i64() -> (tensor<2xui64>, tensor<2x2xi64>) {
  %s = stablehlo.constant dense<[12345678901234, 42]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2x2xi64>)
  return %ns, %v : tensor<2xui64>, tensor<2x2xi64>
}

func.func @philox3_i64() -> (tensor<3xui64>, tensor<2x2xi64>) {
  %s = stablehlo.constant dense<[7, 18446744073709551614, 9]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<2x2xi64>)
  return %ns, %v : tensor<3xui64>, tensor<2x2xi64>
}

func.func @threefry_si64_state() -> (tensor<2xi64>, tensor<3x2xui32>) {
  %s = stablehlo.constant dense<[-5, -1]> : tensor<2xi64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xi64>) -> (tensor<2xi64>, tensor<3x2xui32>)
  return %ns, %v : tensor<2xi64>, tensor<3x2xui32>
}

func.func @philox_carry() -> (tensor<3xui64>, tensor<9xui64>) {
  %s = stablehlo.constant dense<[99, 18446744073709551615, 18446744073709551615]> : tensor<3xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<3xui64>) -> (tensor<3xui64>, tensor<9xui64>)
  return %ns, %v : tensor<3xui64>, tensor<9xui64>
}

func.func @philox_large() -> (tensor<2xui64>, tensor<37x41xf32>) {
  %s = stablehlo.constant dense<[1, 2]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<37x41xf32>)
  return %ns, %v : tensor<2xui64>, tensor<37x41xf32>
}

func.func @threefry_large() -> (tensor<2xui64>, tensor<37x41xf32>) {
  %s = stablehlo.constant dense<[1, 2]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<37x41xf32>)
  return %ns, %v : tensor<2xui64>, tensor<37x41xf32>
}

// The state flows from one generator into the next, as JAX threads it.
func.func @chained() -> (tensor<2xui64>, tensor<4xui32>, tensor<4xui32>) {
  %s = stablehlo.constant dense<[5, 6]> : tensor<2xui64>
  %s1, %a = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4xui32>)
  %s2, %b = stablehlo.rng_bit_generator %s1, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4xui32>)
  check.expect_eq_const %s2, dense<[5, 10]> : tensor<2xui64>
  return %s2, %a, %b : tensor<2xui64>, tensor<4xui32>, tensor<4xui32>
}

// Random bits feed elementwise code (a fusion reads the routine's buffer).
func.func @bits_to_unit_floats() -> tensor<8xf32> {
  %s = stablehlo.constant dense<[11, 0]> : tensor<2xui64>
  %ns, %v = stablehlo.rng_bit_generator %s, algorithm = PHILOX : (tensor<2xui64>) -> (tensor<2xui64>, tensor<8xui32>)
  %eight = stablehlo.constant dense<8> : tensor<8xui32>
  %sh = stablehlo.shift_right_logical %v, %eight : tensor<8xui32>
  %f = stablehlo.convert %sh : (tensor<8xui32>) -> tensor<8xf32>
  %scale = stablehlo.constant dense<5.96046448e-08> : tensor<8xf32>
  %u = stablehlo.multiply %f, %scale : tensor<8xf32>
  return %u : tensor<8xf32>
}

// rng: the interpreter keys its Philox stream by the op's location; the
// compiled code gets the same key, so the values agree exactly.
func.func @rng_uniform_f32() -> tensor<4x5xf32> {
  %a = stablehlo.constant dense<-1.0> : tensor<f32>
  %b = stablehlo.constant dense<3.0> : tensor<f32>
  %shape = stablehlo.constant dense<[4,5]> : tensor<2xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

func.func @rng_uniform_f64() -> tensor<17xf64> {
  %a = stablehlo.constant dense<0.0> : tensor<f64>
  %b = stablehlo.constant dense<1.0> : tensor<f64>
  %shape = stablehlo.constant dense<[17]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f64>, tensor<f64>, tensor<1xi64>) -> tensor<17xf64>
  return %r : tensor<17xf64>
}

func.func @rng_uniform_bf16() -> tensor<64xbf16> {
  %a = stablehlo.constant dense<0.0> : tensor<bf16>
  %b = stablehlo.constant dense<1.0> : tensor<bf16>
  %shape = stablehlo.constant dense<[64]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<bf16>, tensor<bf16>, tensor<1xi64>) -> tensor<64xbf16>
  return %r : tensor<64xbf16>
}

func.func @rng_uniform_f16() -> tensor<40xf16> {
  %a = stablehlo.constant dense<1.0> : tensor<f16>
  %b = stablehlo.constant dense<1.0009765625> : tensor<f16>
  %shape = stablehlo.constant dense<[40]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f16>, tensor<f16>, tensor<1xi64>) -> tensor<40xf16>
  return %r : tensor<40xf16>
}

func.func @rng_uniform_f8() -> tensor<33xf8E4M3FN> {
  %a = stablehlo.constant dense<0.0> : tensor<f8E4M3FN>
  %b = stablehlo.constant dense<2.0> : tensor<f8E4M3FN>
  %shape = stablehlo.constant dense<[33]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f8E4M3FN>, tensor<f8E4M3FN>, tensor<1xi64>) -> tensor<33xf8E4M3FN>
  return %r : tensor<33xf8E4M3FN>
}

func.func @rng_uniform_empty_interval() -> tensor<3xf32> {
  %a = stablehlo.constant dense<2.0> : tensor<f32>
  %b = stablehlo.constant dense<2.0> : tensor<f32>
  %shape = stablehlo.constant dense<[3]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<1xi64>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

func.func @rng_uniform_reversed() -> tensor<6xf32> {
  %a = stablehlo.constant dense<5.0> : tensor<f32>
  %b = stablehlo.constant dense<-5.0> : tensor<f32>
  %shape = stablehlo.constant dense<[6]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<1xi64>) -> tensor<6xf32>
  return %r : tensor<6xf32>
}

func.func @rng_normal_f32() -> tensor<3x7xf32> {
  %a = stablehlo.constant dense<0.0> : tensor<f32>
  %b = stablehlo.constant dense<1.0> : tensor<f32>
  %shape = stablehlo.constant dense<[3,7]> : tensor<2xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = NORMAL : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<3x7xf32>
  return %r : tensor<3x7xf32>
}

func.func @rng_normal_f64() -> tensor<9xf64> {
  %a = stablehlo.constant dense<10.0> : tensor<f64>
  %b = stablehlo.constant dense<0.5> : tensor<f64>
  %shape = stablehlo.constant dense<[9]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = NORMAL : (tensor<f64>, tensor<f64>, tensor<1xi64>) -> tensor<9xf64>
  return %r : tensor<9xf64>
}

func.func @rng_normal_bf16() -> tensor<11xbf16> {
  %a = stablehlo.constant dense<-2.0> : tensor<bf16>
  %b = stablehlo.constant dense<3.0> : tensor<bf16>
  %shape = stablehlo.constant dense<[11]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = NORMAL : (tensor<bf16>, tensor<bf16>, tensor<1xi64>) -> tensor<11xbf16>
  return %r : tensor<11xbf16>
}

func.func @rng_uniform_i32() -> tensor<10x3xi32> {
  %a = stablehlo.constant dense<-100> : tensor<i32>
  %b = stablehlo.constant dense<100> : tensor<i32>
  %shape = stablehlo.constant dense<[10,3]> : tensor<2xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<i32>, tensor<i32>, tensor<2xi64>) -> tensor<10x3xi32>
  return %r : tensor<10x3xi32>
}

func.func @rng_uniform_i64_wide() -> tensor<8xi64> {
  %a = stablehlo.constant dense<-9223372036854775807> : tensor<i64>
  %b = stablehlo.constant dense<9223372036854775807> : tensor<i64>
  %shape = stablehlo.constant dense<[8]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<i64>, tensor<i64>, tensor<1xi64>) -> tensor<8xi64>
  return %r : tensor<8xi64>
}

func.func @rng_uniform_ui8() -> tensor<16xui8> {
  %a = stablehlo.constant dense<3> : tensor<ui8>
  %b = stablehlo.constant dense<250> : tensor<ui8>
  %shape = stablehlo.constant dense<[16]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<ui8>, tensor<ui8>, tensor<1xi64>) -> tensor<16xui8>
  return %r : tensor<16xui8>
}

func.func @rng_uniform_i1() -> tensor<12xi1> {
  %a = stablehlo.constant dense<false> : tensor<i1>
  %b = stablehlo.constant dense<true> : tensor<i1>
  %shape = stablehlo.constant dense<[12]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<i1>, tensor<i1>, tensor<1xi64>) -> tensor<12xi1>
  return %r : tensor<12xi1>
}

func.func @rng_uniform_i8_empty() -> tensor<4xi8> {
  %a = stablehlo.constant dense<5> : tensor<i8>
  %b = stablehlo.constant dense<5> : tensor<i8>
  %shape = stablehlo.constant dense<[4]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<i8>, tensor<i8>, tensor<1xi64>) -> tensor<4xi8>
  return %r : tensor<4xi8>
}

func.func @rng_uniform_i4() -> tensor<9xi4> {
  %a = stablehlo.constant dense<-8> : tensor<i4>
  %b = stablehlo.constant dense<7> : tensor<i4>
  %shape = stablehlo.constant dense<[9]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<i4>, tensor<i4>, tensor<1xi64>) -> tensor<9xi4>
  return %r : tensor<9xi4>
}

func.func @rng_uniform_scalar() -> tensor<f32> {
  %a = stablehlo.constant dense<0.0> : tensor<f32>
  %b = stablehlo.constant dense<10.0> : tensor<f32>
  %shape = stablehlo.constant dense<> : tensor<0xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<0xi64>) -> tensor<f32>
  return %r : tensor<f32>
}

func.func @rng_uniform_zero_size() -> tensor<0x4xf32> {
  %a = stablehlo.constant dense<0.0> : tensor<f32>
  %b = stablehlo.constant dense<1.0> : tensor<f32>
  %shape = stablehlo.constant dense<[0,4]> : tensor<2xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<2xi64>) -> tensor<0x4xf32>
  return %r : tensor<0x4xf32>
}

// Each rng op has its own stream: two ops differ, the same op in a loop
// repeats its values (the interpreter restarts the stream each time).
func.func @rng_two_ops_and_loop() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %a = stablehlo.constant dense<0.0> : tensor<f32>
  %b = stablehlo.constant dense<1.0> : tensor<f32>
  %shape = stablehlo.constant dense<[4]> : tensor<1xi64>
  %r1 = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<1xi64>) -> tensor<4xf32>
  %r2 = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<1xi64>) -> tensor<4xf32>
  %z = stablehlo.constant dense<0.0> : tensor<4xf32>
  %k0 = stablehlo.constant dense<0> : tensor<i32>
  %w:2 = stablehlo.while(%acc = %z, %k = %k0) : tensor<4xf32>, tensor<i32>
  cond {
    %n = stablehlo.constant dense<3> : tensor<i32>
    %p = stablehlo.compare LT, %k, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  } do {
    %r3 = stablehlo.rng %a, %b, %shape, distribution = UNIFORM : (tensor<f32>, tensor<f32>, tensor<1xi64>) -> tensor<4xf32>
    %acc1 = stablehlo.add %acc, %r3 : tensor<4xf32>
    %one = stablehlo.constant dense<1> : tensor<i32>
    %k1 = stablehlo.add %k, %one : tensor<i32>
    stablehlo.return %acc1, %k1 : tensor<4xf32>, tensor<i32>
  }
  return %r1, %r2, %w#0 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// rng in a function called twice: both calls draw the same values.
func.func private @draw(%a: tensor<f64>, %b: tensor<f64>) -> tensor<3xf64> {
  %shape = stablehlo.constant dense<[3]> : tensor<1xi64>
  %r = stablehlo.rng %a, %b, %shape, distribution = NORMAL : (tensor<f64>, tensor<f64>, tensor<1xi64>) -> tensor<3xf64>
  return %r : tensor<3xf64>
}

func.func @rng_called_twice() -> (tensor<3xf64>, tensor<3xf64>) {
  %a = stablehlo.constant dense<1.0> : tensor<f64>
  %b = stablehlo.constant dense<2.0> : tensor<f64>
  %x = func.call @draw(%a, %b) : (tensor<f64>, tensor<f64>) -> tensor<3xf64>
  %y = func.call @draw(%a, %b) : (tensor<f64>, tensor<f64>) -> tensor<3xf64>
  check.expect_eq %x, %y : tensor<3xf64>
  return %x, %y : tensor<3xf64>, tensor<3xf64>
}

// Parameter records of the runtime's random-number, printing, probing and
// failure routines (routine_rng.c, routine_print.c, routine_probe.c,
// routine_fail.c). Plain fields only, as every record of routines.h.
#ifndef CXLA_RUNTIME_ROUTINES_MISC_H_
#define CXLA_RUNTIME_ROUTINES_MISC_H_

#include <stdint.h>

#include "runtime/routines.h"

// RNG_BIT_GENERATOR: stablehlo.rng_bit_generator with XLA's bit layout.
// bindings[0] the initial state (state_len 64-bit words), bindings[1] the
// output state (same), bindings[2] the random output of shape `out` (any
// integer kind but i1, any real float kind but tf32: raw bits).
typedef enum cx_rt_rng_algorithm {
  CX_RT_RNG_THREE_FRY,  // ThreeFry2x32, 20 rounds; state (key, counter)
  CX_RT_RNG_PHILOX,     // Philox4x32-10; state (key, counter lo[, counter hi])
} cx_rt_rng_algorithm_t;

typedef struct cx_rt_rng_bits_params {
  cx_rt_shape_t out;
  uint32_t algorithm;  // cx_rt_rng_algorithm_t (DEFAULT is resolved to PHILOX)
  uint32_t state_len;  // 2, or 3 for PHILOX
} cx_rt_rng_bits_params_t;

// RNG: stablehlo.rng. bindings[0] a, bindings[1] b (scalars of out.elem),
// bindings[2] the output. Values come from a Philox4x32-10 stream keyed by
// `key` (which the compiler derives from the op's source location, as the
// interpreter does), so compiled and interpreted programs draw the same.
typedef enum cx_rt_rng_distribution {
  CX_RT_RNG_UNIFORM,  // [a, b): floats a + (b - a) * u, integers a + w mod (b - a)
  CX_RT_RNG_NORMAL,   // a + b * N(0, 1) by Box-Muller
} cx_rt_rng_distribution_t;

typedef struct cx_rt_rng_params {
  cx_rt_shape_t out;
  uint32_t distribution;  // cx_rt_rng_distribution_t
  uint32_t key[2];
} cx_rt_rng_params_t;

// PRINT: interpreter.print. Writes the string `header` ("%0 = tensor<2xi8>")
// and, for a tensor (shape.elem valid), " {", its elements nested by
// dimension as the interpreter prints them, and "}"; then a newline. The
// stream is the call's cx_rt_invoke_options_t.print_output (stdout if none).
// bindings[0]: the value (absent for a token).
typedef struct cx_rt_print_params {
  cx_rt_shape_t shape;
  uint32_t header;  // offset in strings
  uint32_t is_tensor;
} cx_rt_print_params_t;

// PROBE: interpreter.probe. Writes bindings[0] as the next iteration of
// probe `probe_id` in the call's probe_dir (<dir>/<id>.npy, then
// <id>.1.npy, ...; the id's characters outside [A-Za-z0-9_-] as %XX) and
// appends "<id>,<type>,<file>" to <dir>/index.csv, as the interpreter's
// probes do. Without a probe_dir nothing is written.
typedef struct cx_rt_probe_params {
  cx_rt_shape_t shape;
  uint32_t probe_id;  // offsets in strings
  uint32_t type;      // "tensor<3x1xi64>" for index.csv
} cx_rt_probe_params_t;

// PROBE_CHECK: check.expect_serialized_eq. Reads iteration `iteration` of
// probe `probe_id` from the call's probe_dir and compares it with
// bindings[0] as CHECK does with `check` (its shape is the operand's, its
// mode EQ). A missing probe_dir is CX_UNIMPLEMENTED; a missing file, a
// dtype that cannot hold the element type, another shape or other values
// are CX_FAILED_PRECONDITION.
typedef struct cx_rt_probe_check_params {
  cx_rt_check_params_t check;
  uint32_t probe_id;  // offsets in strings
  uint32_t type;      // the operand's type, for messages
  int64_t iteration;
} cx_rt_probe_check_params_t;

// FAIL: an op whose every execution is an error (an infeed with nothing to
// read, a send without a receiver): returns `code` with `message` at the
// step's op. Bindings: none.
typedef struct cx_rt_fail_params {
  int32_t code;      // cx_status_code_t
  uint32_t message;  // offset in strings
} cx_rt_fail_params_t;

#endif  // CXLA_RUNTIME_ROUTINES_MISC_H_

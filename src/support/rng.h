// Random numbers for stablehlo.rng_bit_generator and stablehlo.rng, shared by
// the interpreter (src/interp/eval_rng.c) and the runtime's routines
// (src/runtime/routine_rng.c), so that compiled programs draw exactly the
// interpreter's values.
//
// rng_bit_generator reproduces XLA's RngBitGeneratorExpander to the bit
// (programs exported from JAX depend on it): ThreeFry2x32 with 20 rounds and
// Philox4x32-10, the words laid out over the output shape and the state
// advanced as XLA does it:
//   ThreeFry, outputs of 32 bits or fewer: the shape is split in half along
//     its first even dimension (or its largest), and one ThreeFry call at
//     counter + (the index in the half shape) gives two neighbours along
//     that dimension; the counter advances by the half shape's size.
//   ThreeFry, 64-bit outputs: element k is both words of the call at
//     counter + k; the counter advances by the element count.
//   Philox: element k of a <= 32-bit output is word k % 4 of the block at
//     the 128-bit counter + k / 4; of a 64-bit output, word pair k % 2 of
//     the block at counter + k / 2; the counter advances by the blocks used.
//     A 2-word state is (key, counter) with the key as the counter's high
//     word (only the low word is written back).
//
// rng's values are implementation-defined by the spec; cxla draws them from
// a Philox stream with a caller-chosen key: 64-bit words two at a time from
// blocks at counters 0, 1, ...; uniform floats from the top 53 bits, normal
// ones by Box-Muller, integers as a + word mod (b - a), all in doubles, then
// one rounding to the element type.
#ifndef CXLA_SUPPORT_RNG_H_
#define CXLA_SUPPORT_RNG_H_

#include <stdbool.h>
#include <stdint.h>

#include "cxla/element_type.h"

// ThreeFry2x32 (20 rounds) of the 64-bit counter (low word first).
void cx_threefry2x32(const uint32_t key[2], uint64_t counter, uint32_t out[2]);
// Philox4x32-10 of the block at the 128-bit counter (lo, hi) + v.
void cx_philox4x32(const uint32_t key[2], uint64_t lo, uint64_t hi, uint64_t v, uint32_t out[4]);

typedef enum cx_rng_bits_algorithm {
  CX_RNG_BITS_THREE_FRY,  // state (key, counter)
  CX_RNG_BITS_PHILOX,     // state (key, counter lo[, counter hi])
} cx_rng_bits_algorithm_t;

// Fills the dense row-major array `data` (element kind e: an integer or a
// real float kind other than tf32, in cxla's storage layout) with random bits
// from `state` (state_len 64-bit words: 2 for ThreeFry, 2 or 3 for Philox)
// and writes the advanced state to out_state (state_len words).
void cx_rng_bits_fill(cx_rng_bits_algorithm_t algorithm, const uint64_t* state,
                      uint32_t state_len, cx_elem_t e, uint32_t rank, const int64_t* dims,
                      void* data, uint64_t* out_state);

// stablehlo.rng: n elements of kind e (integer, boolean or real float) into
// the dense array `data`, drawn between the scalars *a and *b (of kind e):
// uniform in [a, b), or (normal, floats only) a + b * N(0, 1).
void cx_rng_fill(const uint32_t key[2], bool normal, cx_elem_t e, const void* a, const void* b,
                 int64_t n, void* data);

#endif  // CXLA_SUPPORT_RNG_H_

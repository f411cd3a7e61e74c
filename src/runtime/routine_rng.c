// RNG_BIT_GENERATOR and RNG (routines_misc.h): random numbers in compiled
// programs, drawn by the generators the interpreter uses (support/rng.h
// describes the bit layouts and the streams), so compiled programs give the
// interpreter's values to the bit. rng's key comes from the params (the
// compiler derives it from the op's location as the interpreter does).
#include <string.h>

#include "runtime/routines_misc.h"
#include "support/rng.h"

cx_status_t cx_rt_routine_rng_bit_generator(const cx_rt_routine_ctx_t* ctx, const void* params,
                                            void* const* buffers) {
  (void)ctx;
  const cx_rt_rng_bits_params_t* p = params;
  uint64_t s[3] = {0, 0, 0}, next[3];
  memcpy(s, buffers[0], p->state_len * sizeof(uint64_t));
  cx_rng_bits_fill(
      p->algorithm == CX_RT_RNG_THREE_FRY ? CX_RNG_BITS_THREE_FRY : CX_RNG_BITS_PHILOX, s,
      p->state_len, (cx_elem_t)p->out.elem, p->out.rank, p->out.dims, buffers[2], next);
  memcpy(buffers[1], next, p->state_len * sizeof(uint64_t));
  return NULL;
}

cx_status_t cx_rt_routine_rng(const cx_rt_routine_ctx_t* ctx, const void* params,
                              void* const* buffers) {
  (void)ctx;
  const cx_rt_rng_params_t* p = params;
  int64_t n = 1;
  for (uint32_t d = 0; d < p->out.rank; d++) n *= p->out.dims[d];
  cx_rng_fill(p->key, p->distribution == CX_RT_RNG_NORMAL, (cx_elem_t)p->out.elem, buffers[0],
              buffers[1], n, buffers[2]);
  return NULL;
}

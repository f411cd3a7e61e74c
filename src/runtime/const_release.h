// Constants that only packed routines read, released once packed.
//
// With a model's weights in the program (constants, or arguments bound at
// compile time), each GEMM B operand and convolution kernel is packed once
// into a routine cache by the first call (routine_gemm.c, routine_conv.c),
// after which the original bytes in the constant pool are read by nothing:
// they would hold the weights twice for the executable's life. When the
// last routine cache packed from a constant is published, the constant's
// pages are given back to the system; a constant any other step reads
// stays. See const_release.c for when an executable keeps all its
// constants (one that can still be written as an artifact).
#ifndef CXLA_RUNTIME_CONST_RELEASE_H_
#define CXLA_RUNTIME_CONST_RELEASE_H_

#include <stdbool.h>
#include <stdint.h>

#include "runtime/executable.h"

// Called once per routine cache, by the call that published cache `index`
// (cx_rt_routine_cache); thread-safe.
void cx_rt_const_release_cache_made(const cx_rt_executable_t* exe, uint32_t index);
// True if slot `slot`'s bytes were released: a routine must not read them
// (it reads its packed cache instead).
bool cx_rt_const_release_released(const cx_rt_executable_t* exe, uint32_t slot);
// The first call's packing (executor.c pack_caches, one at a time per
// executable) may give a constant back while it packs it, not after: true
// if cache `index` is the last one still to be made from a constant only
// packing routines read, which is then marked released (no fallback reads
// it) and may be given back as it is packed. If that pack fails before
// giving anything back, cx_rt_const_release_unclaim undoes the mark.
bool cx_rt_const_release_claim(const cx_rt_executable_t* exe, uint32_t index);
void cx_rt_const_release_unclaim(const cx_rt_executable_t* exe, uint32_t index);
void cx_rt_const_release_destroy(cx_rt_const_release_t* release);

#endif  // CXLA_RUNTIME_CONST_RELEASE_H_

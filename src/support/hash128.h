// A 128-bit content hash for cache keys (src/compiler/compile_cache.c):
// fast (four independent 64-bit multiply-rotate lanes over 32-byte stripes,
// several GB/s) and wide enough that two different inputs sharing a value
// by accident is not a practical concern. Not cryptographic: it guards
// against accidents, not against someone crafting collisions.
//
// Streaming: the value of any split of the input into cx_hash128_update
// calls is the value of the whole (cx_hash128 does it in one call).
#ifndef CXLA_SUPPORT_HASH128_H_
#define CXLA_SUPPORT_HASH128_H_

#include <stddef.h>
#include <stdint.h>

typedef struct cx_hash128 {
  uint64_t lo, hi;
} cx_hash128_t;

typedef struct cx_hash128_state {
  uint64_t lane[4];
  uint64_t total;              // bytes hashed so far
  unsigned char pending[32];   // the start of an unfinished stripe
  size_t num_pending;
} cx_hash128_state_t;

void cx_hash128_init(cx_hash128_state_t* s, uint64_t seed);
void cx_hash128_update(cx_hash128_state_t* s, const void* data, size_t size);
// Integers fed as their 8 little-endian bytes (so keys do not depend on
// how a caller spells a number).
void cx_hash128_u64(cx_hash128_state_t* s, uint64_t v);
// A string fed with its length first, so that ("ab", "c") and ("a", "bc")
// differ.
void cx_hash128_str(cx_hash128_state_t* s, const char* str, size_t len);
cx_hash128_t cx_hash128_final(const cx_hash128_state_t* s);
cx_hash128_t cx_hash128(const void* data, size_t size, uint64_t seed);
// 32 lowercase hex digits and a NUL into out[33].
void cx_hash128_hex(cx_hash128_t h, char out[33]);

#endif  // CXLA_SUPPORT_HASH128_H_

// What the artifact reader and writer share (runtime/artifact.h): the
// checksum and the names of library routines.
#include <string.h>

#include "runtime/artifact.h"
#include "runtime/artifact_internal.h"
#include "runtime/routines.h"

static inline uint64_t load64(const unsigned char* p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

static inline uint64_t mix(uint64_t h, uint64_t w) {
  h ^= w * 0x9e3779b97f4a7c15ull;
  h = (h << 31) | (h >> 33);
  return h * 0xff51afd7ed558ccdull;
}

// Four independent lanes over 32-byte blocks (so the multiplies overlap),
// then the tail word by word and byte by byte, then a final avalanche.
uint64_t cx_rt_artifact_checksum(const void* data, size_t size) {
  const unsigned char* p = data;
  uint64_t h0 = 0x243f6a8885a308d3ull, h1 = 0x13198a2e03707344ull, h2 = 0xa4093822299f31d0ull,
           h3 = 0x082efa98ec4e6c89ull;
  size_t i = 0;
  for (; i + 32 <= size; i += 32) {
    h0 = mix(h0, load64(p + i));
    h1 = mix(h1, load64(p + i + 8));
    h2 = mix(h2, load64(p + i + 16));
    h3 = mix(h3, load64(p + i + 24));
  }
  uint64_t h = h0 ^ (h1 * 3) ^ (h2 * 5) ^ (h3 * 7) ^ (uint64_t)size;
  for (; i + 8 <= size; i += 8) h = mix(h, load64(p + i));
  uint64_t tail = 0;
  for (size_t k = 0; i < size; i++, k++) tail |= (uint64_t)p[i] << (8 * k);
  h = mix(h, tail);
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 29;
  return h;
}

uint64_t cx_rt_artifact_file_checksum(const void* data, size_t size) {
  // The checksum field's bytes count as zero: hash the header in a copy.
  cx_rt_artifact_header_t h;
  memcpy(&h, data, sizeof h);
  h.checksum = 0;
  uint64_t a = cx_rt_artifact_checksum(&h, sizeof h);
  uint64_t b = cx_rt_artifact_checksum((const unsigned char*)data + sizeof h, size - sizeof h);
  return mix(a, b) ^ (b >> 7);
}

// ---- routine names ------------------------------------------------------------------

static const char* const kRoutineNames[CX_RT_ROUTINE_COUNT] = {
#define CX_RT_ROUTINE_NAME_(id, fn) [CX_RT_ROUTINE_##id] = #fn,
    CX_RT_ROUTINES(CX_RT_ROUTINE_NAME_)
#undef CX_RT_ROUTINE_NAME_
};

const char* cx_rt_routine_name(uint32_t routine) {
  return routine < CX_RT_ROUTINE_COUNT ? kRoutineNames[routine] : NULL;
}

bool cx_rt_routine_find(const char* name, uint32_t* out_routine) {
  for (uint32_t i = 0; i < CX_RT_ROUTINE_COUNT; i++)
    if (!strcmp(kRoutineNames[i], name)) {
      *out_routine = i;
      return true;
    }
  return false;
}

// cx_hash128 (support/hash128.h).
//
// Each of four lanes absorbs every fourth 8-byte word of a 32-byte stripe:
// lane = rotl(lane + word * K1, 29) * K0. The multiply spreads every input
// bit over the word's upper bits, the rotation brings them back down for
// the next multiply. At the end the lanes, the tail and the length are
// folded into two 64-bit halves by different combinations, each finished
// with an avalanche (xor-shift-multiply) so that every input bit affects
// every output bit of both halves. The constants are odd 64-bit numbers
// with balanced bits (from the binary expansions of sqrt(2)-1, e and pi).
#include "support/hash128.h"

#include <string.h>

static const uint64_t K0 = 0x6a09e667f3bcc909ull;
static const uint64_t K1 = 0xb7e151628aed2a6bull;
static const uint64_t K2 = 0x243f6a8885a308d3ull;
static const uint64_t K3 = 0x13198a2e03707345ull;

static inline uint64_t rotl(uint64_t x, unsigned r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t load64(const unsigned char* p) {
  uint64_t v;
  memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

static inline uint64_t absorb(uint64_t lane, uint64_t word) {
  return rotl(lane + word * K1, 29) * K0;
}

static inline uint64_t avalanche(uint64_t x) {
  x ^= x >> 31;
  x *= K2 | 1;
  x ^= x >> 29;
  x *= K3 | 1;
  x ^= x >> 32;
  return x;
}

static void stripe(uint64_t lane[4], const unsigned char* p) {
  lane[0] = absorb(lane[0], load64(p));
  lane[1] = absorb(lane[1], load64(p + 8));
  lane[2] = absorb(lane[2], load64(p + 16));
  lane[3] = absorb(lane[3], load64(p + 24));
}

void cx_hash128_init(cx_hash128_state_t* s, uint64_t seed) {
  memset(s, 0, sizeof *s);
  s->lane[0] = seed + K0 + K1;
  s->lane[1] = seed ^ K2;
  s->lane[2] = seed + K3;
  s->lane[3] = seed - K0;
}

void cx_hash128_update(cx_hash128_state_t* s, const void* data, size_t size) {
  const unsigned char* p = data;
  s->total += size;
  if (s->num_pending) {
    size_t take = 32 - s->num_pending;
    if (take > size) take = size;
    memcpy(s->pending + s->num_pending, p, take);
    s->num_pending += take;
    p += take;
    size -= take;
    if (s->num_pending < 32) return;
    stripe(s->lane, s->pending);
    s->num_pending = 0;
  }
  uint64_t lane[4] = {s->lane[0], s->lane[1], s->lane[2], s->lane[3]};
  for (; size >= 32; p += 32, size -= 32) stripe(lane, p);
  memcpy(s->lane, lane, sizeof lane);
  if (size) memcpy(s->pending, p, size);
  s->num_pending = size;
}

void cx_hash128_u64(cx_hash128_state_t* s, uint64_t v) {
  unsigned char b[8];
  for (int i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
  cx_hash128_update(s, b, 8);
}

void cx_hash128_str(cx_hash128_state_t* s, const char* str, size_t len) {
  cx_hash128_u64(s, len);
  cx_hash128_update(s, str, len);
}

cx_hash128_t cx_hash128_final(const cx_hash128_state_t* s) {
  uint64_t v[4] = {s->lane[0], s->lane[1], s->lane[2], s->lane[3]};
  // The tail: whole words into the lanes in turn, the last bytes padded
  // with a marker byte so that a zero tail differs from a shorter input.
  unsigned char tail[40];
  size_t n = s->num_pending;
  memcpy(tail, s->pending, n);
  tail[n] = 0x80;
  memset(tail + n + 1, 0, sizeof tail - n - 1);
  for (size_t i = 0; i * 8 < n + 1; i++) v[i % 4] = absorb(v[i % 4], load64(tail + 8 * i));
  uint64_t a = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
  uint64_t b = rotl(v[0], 43) ^ rotl(v[1], 23) ^ (v[2] * K2) ^ (v[3] * K1);
  a ^= s->total * K3;
  b += s->total ^ K0;
  cx_hash128_t h;
  h.lo = avalanche(a ^ rotl(b, 17));
  h.hi = avalanche(b + h.lo * K2);
  h.lo = avalanche(h.lo + v[1] * K3 + v[3]);
  return h;
}

cx_hash128_t cx_hash128(const void* data, size_t size, uint64_t seed) {
  cx_hash128_state_t s;
  cx_hash128_init(&s, seed);
  cx_hash128_update(&s, data, size);
  return cx_hash128_final(&s);
}

void cx_hash128_hex(cx_hash128_t h, char out[33]) {
  static const char kDigits[] = "0123456789abcdef";
  for (int i = 0; i < 16; i++) {
    out[i] = kDigits[(h.hi >> (60 - 4 * i)) & 15];
    out[16 + i] = kDigits[(h.lo >> (60 - 4 * i)) & 15];
  }
  out[32] = 0;
}

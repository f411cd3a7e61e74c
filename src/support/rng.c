// Random numbers (see rng.h).
#include "support/rng.h"

#include <math.h>
#include <string.h>

#include "support/scalar.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

// ---- the bit generators ------------------------------------------------------------

static inline uint32_t rotl32(uint32_t v, int d) {
  return (v << d) | (v >> (32 - d));
}

void cx_threefry2x32(const uint32_t key[2], uint64_t counter, uint32_t out[2]) {
  static const int kRot[8] = {13, 15, 26, 6, 17, 29, 16, 24};
  uint32_t ks[3] = {key[0], key[1], 0x1BD11BDAu ^ key[0] ^ key[1]};
  uint32_t x0 = (uint32_t)counter + ks[0], x1 = (uint32_t)(counter >> 32) + ks[1];
  for (int group = 0; group < 5; group++) {
    const int* rot = kRot + (group % 2) * 4;
    for (int r = 0; r < 4; r++) {
      x0 += x1;
      x1 = rotl32(x1, rot[r]) ^ x0;
    }
    // The key is injected after every four rounds.
    x0 += ks[(group + 1) % 3];
    x1 += ks[(group + 2) % 3] + (uint32_t)(group + 1);
  }
  out[0] = x0;
  out[1] = x1;
}

void cx_philox4x32(const uint32_t key[2], uint64_t lo, uint64_t hi, uint64_t v, uint32_t out[4]) {
  uint64_t nlo = lo + v, nhi = nlo < lo ? hi + 1 : hi;
  uint32_t x[4] = {(uint32_t)nlo, (uint32_t)(nlo >> 32), (uint32_t)nhi, (uint32_t)(nhi >> 32)};
  uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; round++) {
    uint64_t p0 = (uint64_t)x[0] * 0xD2511F53u, p1 = (uint64_t)x[2] * 0xCD9E8D57u;
    uint32_t y0 = (uint32_t)(p1 >> 32) ^ x[1] ^ k0, y2 = (uint32_t)(p0 >> 32) ^ x[3] ^ k1;
    x[0] = y0;
    x[1] = (uint32_t)p1;
    x[2] = y2;
    x[3] = (uint32_t)p0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  memcpy(out, x, sizeof(x));
}

// ---- rng_bit_generator ----------------------------------------------------------------

typedef struct out {
  cx_elem_t elem;
  size_t size;
  int width;
  unsigned char* data;
  int64_t n;
} out_t;

// Stores the low bits of `bits` as element k's bit pattern.
static void put(const out_t* o, int64_t k, uint64_t bits) {
  unsigned char* p = o->data + (size_t)k * o->size;
  if (cx_elem_is_integer(o->elem)) {
    cx_store_int(o->elem, p, (int64_t)bits);
    return;
  }
  if (o->width < 64) bits &= (UINT64_C(1) << o->width) - 1;
  // Little-endian storage: the low `size` bytes.
  for (size_t i = 0; i < o->size; i++) p[i] = (unsigned char)(bits >> (8 * i));
}

// ThreeFry for outputs of 32 bits or fewer (see rng.h); returns the new
// counter.
static uint64_t threefry_fill_32(const uint32_t key[2], uint64_t counter, uint32_t rank,
                                 const int64_t* dims, const out_t* o) {
  uint32_t x[2];
  if (rank == 0) {
    cx_threefry2x32(key, counter, x);
    put(o, 0, x[0]);
    return counter + 1;
  }
  uint32_t split = rank;
  for (uint32_t i = 0; i < rank && split == rank; i++)
    if (dims[i] % 2 == 0) split = i;
  if (split == rank) {
    split = 0;
    for (uint32_t i = 1; i < rank; i++)
      if (dims[i] > dims[split]) split = i;
  }
  // The output as [outer, dims[split], inner]; the half shape as
  // [outer, half, inner] with half = ceil(dims[split] / 2).
  int64_t outer = 1, inner = 1, len = dims[split], half = (len + 1) / 2;
  for (uint32_t i = 0; i < split; i++) outer *= dims[i];
  for (uint32_t i = split + 1; i < rank; i++) inner *= dims[i];
  for (int64_t a = 0; a < outer && o->n; a++) {
    for (int64_t h = 0; h < half; h++) {
      for (int64_t c = 0; c < inner; c++) {
        cx_threefry2x32(key, counter + (uint64_t)((a * half + h) * inner + c), x);
        for (int64_t j = 0; j < 2 && 2 * h + j < len; j++)
          put(o, (a * len + 2 * h + j) * inner + c, x[j]);
      }
    }
  }
  return counter + (uint64_t)(outer * half * inner);
}

void cx_rng_bits_fill(cx_rng_bits_algorithm_t algorithm, const uint64_t* state,
                      uint32_t state_len, cx_elem_t e, uint32_t rank, const int64_t* dims,
                      void* data, uint64_t* out_state) {
  uint64_t s[3] = {0, 0, 0};
  memcpy(s, state, state_len * sizeof(uint64_t));
  out_t o = {e, cx_elem_storage_size(e), cx_elem_bit_width(e), data, 1};
  for (uint32_t d = 0; d < rank; d++) o.n *= dims[d];
  bool wide = o.width > 32;
  uint32_t key[2] = {(uint32_t)s[0], (uint32_t)(s[0] >> 32)};
  uint64_t next[3] = {s[0], 0, 0};
  if (algorithm == CX_RNG_BITS_THREE_FRY) {
    if (!wide) {
      next[1] = threefry_fill_32(key, s[1], rank, dims, &o);
    } else {
      uint32_t x[2];
      for (int64_t k = 0; k < o.n; k++) {
        cx_threefry2x32(key, s[1] + (uint64_t)k, x);
        put(&o, k, (uint64_t)x[0] | ((uint64_t)x[1] << 32));
      }
      next[1] = s[1] + (uint64_t)o.n;
    }
  } else {
    // A 2-word state is (key, counter) with the key doubling as the
    // counter's high word, as XLA's expander reverses it.
    uint64_t lo = s[1], hi = state_len == 3 ? s[2] : s[0];
    int64_t per = wide ? 2 : 4;
    int64_t blocks = (o.n + per - 1) / per;
    uint32_t x[4];
    for (int64_t b = 0; b < blocks; b++) {
      cx_philox4x32(key, lo, hi, (uint64_t)b, x);
      for (int64_t j = 0; j < per && b * per + j < o.n; j++) {
        uint64_t v = wide ? (uint64_t)x[2 * j] | ((uint64_t)x[2 * j + 1] << 32) : x[j];
        put(&o, b * per + j, v);
      }
    }
    next[1] = lo + (uint64_t)blocks;
    next[2] = next[1] < lo ? hi + 1 : hi;
  }
  memcpy(out_state, next, state_len * sizeof(uint64_t));
}

// ---- rng ------------------------------------------------------------------------------

// A deterministic stream of 64-bit words.
typedef struct stream {
  uint32_t key[2];
  uint64_t counter;
  uint32_t words[4];
  int avail;
} stream_t;

static uint64_t stream_next(stream_t* s) {
  if (s->avail < 2) {
    cx_philox4x32(s->key, s->counter++, 0, 0, s->words);
    s->avail = 4;
  }
  uint64_t v = (uint64_t)s->words[4 - s->avail] | ((uint64_t)s->words[5 - s->avail] << 32);
  s->avail -= 2;
  return v;
}

// Uniform in [0, 1) with 53 random bits.
static double stream_unit(stream_t* s) {
  return (double)(stream_next(s) >> 11) * 0x1.0p-53;
}

void cx_rng_fill(const uint32_t key[2], bool normal, cx_elem_t e, const void* a, const void* b,
                 int64_t n, void* data) {
  size_t es = cx_elem_storage_size(e);
  unsigned char* out = data;
  stream_t s = {{key[0], key[1]}, 0, {0, 0, 0, 0}, 0};
  if (cx_elem_is_float(e)) {
    double lo = cx_load_float(e, a), hi = cx_load_float(e, b);
    for (int64_t k = 0; k < n; k++) {
      void* q = out + (size_t)k * es;
      if (!normal) {
        cx_store_float(e, q, lo + (hi - lo) * stream_unit(&s));
        // Rounding to a narrow type may reach b; the interval is half-open.
        if (hi > lo && cx_load_float(e, q) >= hi) cx_store_float(e, q, lo);
      } else {
        // Box-Muller; 1 - u keeps the logarithm finite.
        double u1 = 1.0 - stream_unit(&s), u2 = stream_unit(&s);
        cx_store_float(e, q, lo + hi * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2));
      }
    }
    return;
  }
  int64_t lo = cx_load_int(e, a), hi = cx_load_int(e, b);
  bool is_unsigned = cx_elem_is_unsigned_int(e) || e == CX_ELEM_I1;
  uint64_t range = (uint64_t)hi - (uint64_t)lo;
  bool empty = is_unsigned ? (uint64_t)hi <= (uint64_t)lo : hi <= lo;
  for (int64_t k = 0; k < n; k++) {
    uint64_t r = empty ? 0 : stream_next(&s) % range;
    cx_store_int(e, out + (size_t)k * es, (int64_t)((uint64_t)lo + r));
  }
}

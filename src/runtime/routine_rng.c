// RNG_BIT_GENERATOR and RNG (routines_misc.h): random numbers in compiled
// programs.
//
// rng_bit_generator produces the bits XLA's RngBitGeneratorExpander
// produces (programs exported from JAX depend on them): ThreeFry2x32 with
// 20 rounds and Philox4x32-10, the words laid out over the output shape
// and the state advanced as XLA does it:
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
// rng draws from a Philox stream keyed by the params' key (the compiler
// derives it from the op's location as the interpreter does): 64-bit words
// two at a time from blocks at counters 0, 1, ...; uniform floats from the
// top 53 bits, normal ones by Box-Muller, integers as a + word mod (b - a).
// The arithmetic is the interpreter's to the bit (doubles, then one
// rounding to the element type).
#include <math.h>
#include <string.h>

#include "runtime/routines_misc.h"
#include "support/scalar.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

// ---- the bit generators ------------------------------------------------------------

static inline uint32_t rotl32(uint32_t v, int d) {
  return (v << d) | (v >> (32 - d));
}

static void threefry2x32(const uint32_t key[2], uint64_t counter, uint32_t out[2]) {
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

// The block at the 128-bit counter (lo, hi) + v.
static void philox4x32(const uint32_t key[2], uint64_t lo, uint64_t hi, uint64_t v,
                       uint32_t out[4]) {
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

// ---- storing raw bits -----------------------------------------------------------------

// Stores the low bits of `bits` as the element's bit pattern.
static void store_bits(cx_elem_t e, size_t size, int width, void* p, uint64_t bits) {
  if (cx_elem_is_integer(e)) {
    cx_store_int(e, p, (int64_t)bits);
    return;
  }
  if (width < 64) bits &= (UINT64_C(1) << width) - 1;
  for (size_t i = 0; i < size; i++) ((unsigned char*)p)[i] = (unsigned char)(bits >> (8 * i));
}

typedef struct out {
  cx_elem_t elem;
  size_t size;
  int width;
  unsigned char* data;
  int64_t n;
} out_t;

static void put(const out_t* o, int64_t k, uint64_t bits) {
  store_bits(o->elem, o->size, o->width, o->data + (size_t)k * o->size, bits);
}

// ThreeFry for outputs of 32 bits or fewer (see the header comment).
static uint64_t threefry_fill_32(const uint32_t key[2], uint64_t counter, const cx_rt_shape_t* s,
                                 const out_t* o) {
  uint32_t r = s->rank;
  uint32_t x[2];
  if (r == 0) {
    threefry2x32(key, counter, x);
    put(o, 0, x[0]);
    return counter + 1;
  }
  uint32_t split = r;
  for (uint32_t i = 0; i < r && split == r; i++)
    if (s->dims[i] % 2 == 0) split = i;
  if (split == r) {
    split = 0;
    for (uint32_t i = 1; i < r; i++)
      if (s->dims[i] > s->dims[split]) split = i;
  }
  // The output as [outer, dims[split], inner]; the half shape as
  // [outer, half, inner] with half = ceil(dims[split] / 2).
  int64_t outer = 1, inner = 1, len = s->dims[split], half = (len + 1) / 2;
  for (uint32_t i = 0; i < split; i++) outer *= s->dims[i];
  for (uint32_t i = split + 1; i < r; i++) inner *= s->dims[i];
  for (int64_t a = 0; a < outer && o->n; a++) {
    for (int64_t h = 0; h < half; h++) {
      for (int64_t c = 0; c < inner; c++) {
        threefry2x32(key, counter + (uint64_t)((a * half + h) * inner + c), x);
        for (int64_t j = 0; j < 2 && 2 * h + j < len; j++)
          put(o, (a * len + 2 * h + j) * inner + c, x[j]);
      }
    }
  }
  return counter + (uint64_t)(outer * half * inner);
}

cx_status_t cx_rt_routine_rng_bit_generator(const cx_rt_routine_ctx_t* ctx, const void* params,
                                            void* const* buffers) {
  (void)ctx;
  const cx_rt_rng_bits_params_t* p = params;
  uint64_t s[3] = {0, 0, 0};
  memcpy(s, buffers[0], p->state_len * sizeof(uint64_t));
  out_t o = {(cx_elem_t)p->out.elem, 0, 0, buffers[2], 1};
  o.size = cx_elem_storage_size(o.elem);
  o.width = cx_elem_bit_width(o.elem);
  for (uint32_t d = 0; d < p->out.rank; d++) o.n *= p->out.dims[d];
  bool wide = o.width > 32;
  uint32_t key[2] = {(uint32_t)s[0], (uint32_t)(s[0] >> 32)};
  uint64_t next[3] = {s[0], 0, 0};
  if (p->algorithm == CX_RT_RNG_THREE_FRY) {
    if (!wide) {
      next[1] = threefry_fill_32(key, s[1], &p->out, &o);
    } else {
      uint32_t x[2];
      for (int64_t k = 0; k < o.n; k++) {
        threefry2x32(key, s[1] + (uint64_t)k, x);
        put(&o, k, (uint64_t)x[0] | ((uint64_t)x[1] << 32));
      }
      next[1] = s[1] + (uint64_t)o.n;
    }
  } else {
    uint64_t lo = s[1], hi = p->state_len == 3 ? s[2] : s[0];
    int64_t per = wide ? 2 : 4;
    int64_t blocks = (o.n + per - 1) / per;
    uint32_t x[4];
    for (int64_t b = 0; b < blocks; b++) {
      philox4x32(key, lo, hi, (uint64_t)b, x);
      for (int64_t j = 0; j < per && b * per + j < o.n; j++) {
        uint64_t v = wide ? (uint64_t)x[2 * j] | ((uint64_t)x[2 * j + 1] << 32) : x[j];
        put(&o, b * per + j, v);
      }
    }
    next[1] = lo + (uint64_t)blocks;
    next[2] = next[1] < lo ? hi + 1 : hi;
  }
  memcpy(buffers[1], next, p->state_len * sizeof(uint64_t));
  return NULL;
}

// ---- rng ----------------------------------------------------------------------------

typedef struct stream {
  uint32_t key[2];
  uint64_t counter;
  uint32_t words[4];
  int avail;
} stream_t;

static uint64_t stream_next(stream_t* s) {
  if (s->avail < 2) {
    philox4x32(s->key, s->counter++, 0, 0, s->words);
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

cx_status_t cx_rt_routine_rng(const cx_rt_routine_ctx_t* ctx, const void* params,
                              void* const* buffers) {
  (void)ctx;
  const cx_rt_rng_params_t* p = params;
  cx_elem_t e = (cx_elem_t)p->out.elem;
  size_t es = cx_elem_storage_size(e);
  int64_t n = 1;
  for (uint32_t d = 0; d < p->out.rank; d++) n *= p->out.dims[d];
  unsigned char* out = buffers[2];
  stream_t s = {{p->key[0], p->key[1]}, 0, {0, 0, 0, 0}, 0};
  if (cx_elem_is_float(e)) {
    double lo = cx_load_float(e, buffers[0]), hi = cx_load_float(e, buffers[1]);
    for (int64_t k = 0; k < n; k++) {
      void* q = out + (size_t)k * es;
      if (p->distribution == CX_RT_RNG_UNIFORM) {
        cx_store_float(e, q, lo + (hi - lo) * stream_unit(&s));
        // Rounding to a narrow type may reach b; the interval is half-open.
        if (hi > lo && cx_load_float(e, q) >= hi) cx_store_float(e, q, lo);
      } else {
        // Box-Muller; 1 - u keeps the logarithm finite.
        double u1 = 1.0 - stream_unit(&s), u2 = stream_unit(&s);
        cx_store_float(e, q, lo + hi * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2));
      }
    }
    return NULL;
  }
  int64_t lo = cx_load_int(e, buffers[0]), hi = cx_load_int(e, buffers[1]);
  bool is_unsigned = cx_elem_is_unsigned_int(e) || e == CX_ELEM_I1;
  uint64_t range = (uint64_t)hi - (uint64_t)lo;
  bool empty = is_unsigned ? (uint64_t)hi <= (uint64_t)lo : hi <= lo;
  for (int64_t k = 0; k < n; k++) {
    uint64_t r = empty ? 0 : stream_next(&s) % range;
    cx_store_int(e, out + (size_t)k * es, (int64_t)((uint64_t)lo + r));
  }
  return NULL;
}

// Random numbers: rng and rng_bit_generator.
//
// rng_bit_generator reproduces XLA's bit generators exactly (the
// RngBitGeneratorExpander built on ThreeFry2x32 and Philox4x32-10, including
// how XLA lays the generated words out over the output shape and advances the
// state), because programs exported from JAX expect those bits. DEFAULT is
// PHILOX, the algorithm XLA's CPU and GPU compilers substitute for it.
//
// rng's values are implementation-defined by the spec; cxla draws them from a
// Philox stream keyed by the op's location, so a program gives the same
// values on every run.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "interp/interp.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

// ---- ThreeFry2x32 (20 rounds) ---------------------------------------------------

static inline uint32_t rotl32(uint32_t v, int d) { return (v << d) | (v >> (32 - d)); }

static void threefry2x32(const uint32_t key[2], const uint32_t in[2], uint32_t out[2]) {
  static const int kRot[8] = {13, 15, 26, 6, 17, 29, 16, 24};
  uint32_t ks[3] = {key[0], key[1], 0x1BD11BDAu ^ key[0] ^ key[1]};
  uint32_t x0 = in[0] + ks[0], x1 = in[1] + ks[1];
  for (int block = 0; block < 5; block++) {
    const int* rot = (block % 2 == 0) ? kRot : kRot + 4;
    for (int r = 0; r < 4; r++) {
      x0 += x1;
      x1 = rotl32(x1, rot[r]);
      x1 ^= x0;
    }
    // Key injection after every four rounds.
    x0 += ks[(block + 1) % 3];
    x1 += ks[(block + 2) % 3] + (uint32_t)(block + 1);
  }
  out[0] = x0;
  out[1] = x1;
}

// ---- Philox4x32-10 ----------------------------------------------------------------

static void philox4x32(const uint32_t key_in[2], const uint32_t in[4], uint32_t out[4]) {
  uint32_t k0 = key_in[0], k1 = key_in[1];
  uint32_t x[4] = {in[0], in[1], in[2], in[3]};
  for (int round = 0; round < 10; round++) {
    uint64_t p0 = (uint64_t)x[0] * 0xD2511F53u;
    uint64_t p1 = (uint64_t)x[2] * 0xCD9E8D57u;
    uint32_t y[4] = {(uint32_t)(p1 >> 32) ^ x[1] ^ k0, (uint32_t)p1,
                     (uint32_t)(p0 >> 32) ^ x[3] ^ k1, (uint32_t)p0};
    memcpy(x, y, sizeof(x));
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  memcpy(out, x, sizeof(x));
}

// The 128-bit counter (lo, hi) plus v, as four 32-bit words, least
// significant first.
static void philox_input(uint64_t lo, uint64_t hi, uint64_t v, uint32_t out[4]) {
  uint64_t nlo = lo + v;
  uint64_t nhi = nlo < lo ? hi + 1 : hi;
  out[0] = (uint32_t)nlo;
  out[1] = (uint32_t)(nlo >> 32);
  out[2] = (uint32_t)nhi;
  out[3] = (uint32_t)(nhi >> 32);
}

// ---- writing raw bits -----------------------------------------------------------------

// Stores the low bits of `bits` as the element's bit pattern.
static void store_bits(cx_elem_t e, void* p, uint64_t bits) {
  if (cx_elem_is_integer(e)) {
    cx_store_int(e, p, (int64_t)bits);
    return;
  }
  size_t sz = cx_elem_storage_size(e);
  int w = cx_elem_bit_width(e);
  if (w < 64) bits &= (UINT64_C(1) << w) - 1;
  // Little-endian storage: the low `sz` bytes.
  for (size_t i = 0; i < sz; i++) ((unsigned char*)p)[i] = (unsigned char)(bits >> (8 * i));
}

static bool bits_type_ok(cx_elem_t e) {
  if (cx_elem_is_bool(e) || cx_elem_is_complex(e) || e == CX_ELEM_TF32) return false;
  return cx_elem_is_integer(e) || cx_elem_is_float(e);
}

// ---- rng_bit_generator ----------------------------------------------------------------

// XLA's ThreeFry layout for outputs of 32 bits or fewer: the shape is split
// in half along its first even dimension (or its largest), each ThreeFry call
// yields two neighbours along that dimension.
static void threefry_fill_32(const uint32_t key[2], uint64_t counter, cx_tensor_t* out,
                             uint64_t* new_counter) {
  uint32_t r = out->rank;
  if (r == 0) {
    uint32_t in[2] = {(uint32_t)counter, (uint32_t)(counter >> 32)}, x[2];
    threefry2x32(key, in, x);
    store_bits(out->elem, out->data, x[0]);
    *new_counter = counter + 1;
    return;
  }
  int s = -1;
  for (uint32_t i = 0; i < r; i++)
    if (out->dims[i] % 2 == 0) {
      s = (int)i;
      break;
    }
  if (s < 0) {
    for (uint32_t i = 0; i < r; i++)
      if (s < 0 || out->dims[i] > out->dims[s]) s = (int)i;
  }
  int64_t hdims[CX_MAX_RANK];
  memcpy(hdims, out->dims, r * sizeof(int64_t));
  hdims[s] = (out->dims[s] + 1) / 2;
  int64_t hstr[CX_MAX_RANK];
  cx_strides(r, hdims, hstr);
  int64_t half_count = 1;
  for (uint32_t i = 0; i < r; i++) half_count *= hdims[i];
  *new_counter = counter + (uint64_t)half_count;
  if (out->num_elements == 0) return;
  int64_t idx[CX_MAX_RANK] = {0};
  int64_t k = 0;
  do {
    int64_t h = 0;
    for (uint32_t i = 0; i < r; i++) h += ((int)i == s ? idx[i] / 2 : idx[i]) * hstr[i];
    uint64_t c = counter + (uint64_t)h;
    uint32_t in[2] = {(uint32_t)c, (uint32_t)(c >> 32)}, x[2];
    threefry2x32(key, in, x);
    store_bits(out->elem, cx_tensor_at(out, k), x[idx[s] % 2]);
    k++;
  } while (cx_next_index(r, out->dims, idx));
}

static void threefry_fill_64(const uint32_t key[2], uint64_t counter, cx_tensor_t* out,
                             uint64_t* new_counter) {
  for (int64_t k = 0; k < out->num_elements; k++) {
    uint64_t c = counter + (uint64_t)k;
    uint32_t in[2] = {(uint32_t)c, (uint32_t)(c >> 32)}, x[2];
    threefry2x32(key, in, x);
    store_bits(out->elem, cx_tensor_at(out, k), (uint64_t)x[0] | ((uint64_t)x[1] << 32));
  }
  *new_counter = counter + (uint64_t)out->num_elements;
}

// Philox: element k of a <= 32-bit output is word k % 4 of block k / 4; of a
// 64-bit output, word pair k % 2 of block k / 2.
static void philox_fill(const uint32_t key[2], uint64_t lo, uint64_t hi, cx_tensor_t* out,
                        bool wide, uint64_t* new_lo, uint64_t* new_hi) {
  int64_t n = out->num_elements;
  int64_t per = wide ? 2 : 4;
  uint64_t blocks = (uint64_t)((wide ? 2 * n + 3 : n + 3) / 4);
  for (int64_t k = 0; k < n; k++) {
    uint32_t in[4], x[4];
    philox_input(lo, hi, (uint64_t)(k / per), in);
    philox4x32(key, in, x);
    uint64_t v;
    if (wide) {
      int j = (int)(k % 2);
      v = (uint64_t)x[2 * j] | ((uint64_t)x[2 * j + 1] << 32);
    } else {
      v = x[k % 4];
    }
    store_bits(out->elem, cx_tensor_at(out, k), v);
  }
  *new_lo = lo + blocks;
  *new_hi = *new_lo < lo ? hi + 1 : hi;
}

static cx_status_t eval_rng_bit_generator(cx_eval_t* ev, const cx_op_t* op,
                                          cx_tensor_t* const* args, cx_tensor_t** results) {
  if (op->num_operands != 1 || op->num_results != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects one operand and two results");
  const cx_tensor_t* state = args[0];
  // StableHLO accepts any integer state (rng_bit_generator_c2 only ties
  // the output state to it); JAX's rbg keys are tensor<4xui32>. 32-bit
  // states are read as 64-bit words, low word first.
  bool narrow = state->elem == CX_ELEM_UI32 || state->elem == CX_ELEM_SI32;
  if (state->kind != CX_VALUE_TENSOR || state->rank != 1 ||
      !(state->elem == CX_ELEM_UI64 || state->elem == CX_ELEM_SI64 ||
        (narrow && state->dims[0] % 2 == 0)))
    return cx_eval_error(op, CX_INVALID_ARGUMENT,
                         "initial_state must be a 1-D tensor of 64-bit integers or an even "
                         "number of 32-bit integers");
  const cx_attr_t* alg = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_rng_algorithm]);
  int algorithm = CX_RNG_ALG_DEFAULT;
  if (alg) {
    if (alg->kind != CX_ATTR_ENUM || alg->enumeration.kind != CX_ENUM_RNG_ALGORITHM)
      return cx_eval_error(op, CX_INVALID_ARGUMENT, "rng_algorithm must be an rng_algorithm enum");
    algorithm = alg->enumeration.value;
  }
  if (algorithm == CX_RNG_ALG_DEFAULT) algorithm = CX_RNG_ALG_PHILOX;
  int64_t ns = narrow ? state->dims[0] / 2 : state->dims[0];
  if (algorithm == CX_RNG_ALG_THREE_FRY && ns != 2)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "THREE_FRY needs a state of 2 elements");
  if (algorithm == CX_RNG_ALG_PHILOX && ns != 2 && ns != 3)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "PHILOX needs a state of 2 or 3 elements");
  const cx_type_t* ot = op->results[1].type;
  if (!cx_type_is_tensor(ot) || !cx_tensor_has_static_shape(ot))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "output must be a statically shaped tensor");
  cx_elem_t oe = cx_type_elem(ot->tensor.element);
  if (!bits_type_ok(oe) || cx_type_is_quant(ot->tensor.element))
    return cx_eval_error(op, CX_UNIMPLEMENTED, "cannot generate random bits of type %s",
                         cx_elem_name(oe));
  cx_tensor_t* out;
  cx_tensor_t* new_state;
  CX_RETURN_IF_ERROR(cx_tensor_create_like(ev->allocator, ot, &out));
  cx_status_t st = cx_tensor_create_same(state, &new_state);
  if (st) {
    cx_tensor_release(out);
    return st;
  }
  uint64_t s[3] = {0, 0, 0};
  for (int64_t i = 0; i < ns; i++) {
    if (narrow) {
      uint64_t lo = (uint32_t)cx_load_int(state->elem, cx_tensor_at(state, 2 * i));
      uint64_t hi = (uint32_t)cx_load_int(state->elem, cx_tensor_at(state, 2 * i + 1));
      s[i] = lo | hi << 32;
    } else {
      s[i] = (uint64_t)cx_load_int(state->elem, cx_tensor_at(state, i));
    }
  }
  uint32_t key[2] = {(uint32_t)s[0], (uint32_t)(s[0] >> 32)};
  bool wide = cx_elem_bit_width(oe) > 32;
  uint64_t ns_out[3] = {s[0], 0, 0};
  if (algorithm == CX_RNG_ALG_THREE_FRY) {
    if (wide) threefry_fill_64(key, s[1], out, &ns_out[1]);
    else threefry_fill_32(key, s[1], out, &ns_out[1]);
  } else {
    // A 2-element state is (key, counter) with the key doubling as the
    // counter's high word, as XLA's expander reverses it; only the low word
    // is written back.
    uint64_t lo = s[1];
    uint64_t hi = ns == 3 ? s[2] : s[0];
    uint64_t nhi;
    philox_fill(key, lo, hi, out, wide, &ns_out[1], &nhi);
    ns_out[2] = nhi;
  }
  for (int64_t i = 0; i < ns; i++) {
    if (narrow) {
      cx_store_int(new_state->elem, cx_tensor_at(new_state, 2 * i), (int64_t)(uint32_t)ns_out[i]);
      cx_store_int(new_state->elem, cx_tensor_at(new_state, 2 * i + 1),
                   (int64_t)(uint32_t)(ns_out[i] >> 32));
    } else {
      cx_store_int(new_state->elem, cx_tensor_at(new_state, i), (int64_t)ns_out[i]);
    }
  }
  results[0] = new_state;
  results[1] = out;
  return NULL;
}

// ---- rng --------------------------------------------------------------------------------

// A deterministic stream of 64-bit words.
typedef struct stream {
  uint32_t key[2];
  uint64_t counter;
  uint32_t words[4];
  int avail;
} stream_t;

static uint64_t stream_next(stream_t* s) {
  if (s->avail < 2) {
    uint32_t in[4];
    philox_input(s->counter++, 0, 0, in);
    philox4x32(s->key, in, s->words);
    s->avail = 4;
  }
  uint64_t v = (uint64_t)s->words[4 - s->avail] | ((uint64_t)s->words[5 - s->avail] << 32);
  s->avail -= 2;
  return v;
}

// Uniform in [0, 1) with 53 random bits.
static double stream_unit(stream_t* s) { return (double)(stream_next(s) >> 11) * 0x1.0p-53; }

static cx_status_t eval_rng(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                            cx_tensor_t** results) {
  if (op->num_operands != 3 || op->num_results != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "expects a, b and shape operands");
  const cx_tensor_t* a = args[0];
  const cx_tensor_t* b = args[1];
  const cx_tensor_t* shape = args[2];
  if (a->kind != CX_VALUE_TENSOR || b->kind != CX_VALUE_TENSOR || a->num_elements != 1 ||
      b->num_elements != 1)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "a and b must be 0-dimensional tensors");
  if (shape->kind != CX_VALUE_TENSOR || shape->rank != 1 || !cx_elem_is_integer(shape->elem) ||
      shape->num_elements > CX_MAX_RANK)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "shape must be a 1-D integer tensor");
  const cx_attr_t* d = cx_op_attr(op, ev->interp->ctx->names[CX_NAME_rng_distribution]);
  if (!d || d->kind != CX_ATTR_ENUM || d->enumeration.kind != CX_ENUM_RNG_DISTRIBUTION)
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "needs an rng_distribution");
  int dist = d->enumeration.value;
  int64_t dims[CX_MAX_RANK];
  uint32_t rank = (uint32_t)shape->num_elements;
  for (uint32_t i = 0; i < rank; i++) {
    dims[i] = cx_load_int(shape->elem, cx_tensor_at(shape, i));
    if (dims[i] < 0) return cx_eval_error(op, CX_INVALID_ARGUMENT, "shape has a negative size");
  }
  cx_elem_t e = a->elem;
  if (cx_type_is_quant(a->element) || cx_elem_is_complex(e))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "rng needs integer, boolean or float operands");
  if (dist == CX_RNG_NORMAL && !cx_elem_is_float(e))
    return cx_eval_error(op, CX_INVALID_ARGUMENT, "NORMAL needs floating-point operands");
  cx_tensor_t* out;
  CX_RETURN_IF_ERROR(cx_tensor_create(ev->allocator, a->element, rank, dims, &out));
  stream_t s;
  memset(&s, 0, sizeof(s));
  // Key the stream by where the op is, so different rng ops differ.
  s.key[0] = op->loc.line * 0x9E3779B9u + op->loc.col;
  s.key[1] = 0x52494E47u;  // "RING"
  if (cx_elem_is_float(e)) {
    double lo = cx_load_float(e, a->data), hi = cx_load_float(e, b->data);
    for (int64_t k = 0; k < out->num_elements; k++) {
      double v;
      if (dist == CX_RNG_UNIFORM) {
        v = lo + (hi - lo) * stream_unit(&s);
        // Rounding to a narrow type may reach b; the interval is half-open.
        void* p = cx_tensor_at(out, k);
        cx_store_float(e, p, v);
        if (hi > lo && cx_load_float(e, p) >= hi) cx_store_float(e, p, lo);
        continue;
      }
      // Box-Muller; 1 - u keeps the logarithm finite.
      double u1 = 1.0 - stream_unit(&s), u2 = stream_unit(&s);
      v = lo + hi * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
      cx_store_float(e, cx_tensor_at(out, k), v);
    }
  } else {
    int64_t lo = cx_load_int(e, a->data), hi = cx_load_int(e, b->data);
    bool is_unsigned = cx_elem_is_unsigned_int(e) || cx_elem_is_bool(e);
    uint64_t range = (uint64_t)hi - (uint64_t)lo;
    bool empty = is_unsigned ? (uint64_t)hi <= (uint64_t)lo : hi <= lo;
    for (int64_t k = 0; k < out->num_elements; k++) {
      uint64_t r = empty ? 0 : stream_next(&s) % range;
      cx_store_int(e, cx_tensor_at(out, k), (int64_t)((uint64_t)lo + r));
    }
  }
  results[0] = out;
  return NULL;
}

cx_status_t cx_eval_family_RNG(cx_eval_t* ev, const cx_op_t* op, cx_tensor_t* const* args,
                               cx_tensor_t** results) {
  switch (op->kind) {
    case CX_OP_RNG: return eval_rng(ev, op, args, results);
    case CX_OP_RNG_BIT_GENERATOR: return eval_rng_bit_generator(ev, op, args, results);
    default: return cx_eval_error(op, CX_INTERNAL, "is not a random number op");
  }
}

// jaxlib's small GPU kernels, on the CPU: LU pivots to a permutation and the
// Threefry-2x32 hash (jaxlib/gpu/linalg_kernels.cc, prng_kernels.cc).
//
//   cu_lu_pivots_to_permutation / hip_lu_pivots_to_permutation
//     operands: pivots [batch..., k] i32 (0-based row swaps: JAX subtracts
//               one from getrf's before calling)
//     results:  permutation [batch..., m] i32, m >= k (the result type gives
//               m, JAX's permutation_size)
//     The permutation starts as the identity and swaps entries i and
//     pivots[i] for i = 0..k-1 in order; a pivot outside [0, m) is skipped,
//     as jaxlib's kernel does.
//
//   cu_threefry2x32_ffi / hip_threefry2x32_ffi
//     operands: key0, key1, data0, data1 (ui32, all of the result's shape:
//               JAX broadcasts them before the call)
//     results:  out0, out1 (ui32): Threefry-2x32 with 20 rounds (Salmon et
//               al., "Parallel random numbers: as easy as 1, 2, 3", 2011),
//               element by element.
#include <string.h>

#include "runtime/custom_calls/families.h"

// ---- lu_pivots_to_permutation --------------------------------------------------------

static cx_status_t perm_check(const cx_rt_cc_call_t* c, int64_t* batch, int64_t* k) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 1, 1, 1));
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_operand(c, 0, CX_ELEM_SI32, 1));
  const cx_rt_cc_buffer_t* p = &c->operands[0];
  *batch = cx_rt_cc_batch_count(p, p->rank - 1);
  *k = p->dims[p->rank - 1];
  if (*batch < 0 || *k > INT32_MAX)
    return cx_rt_cc_error(c, CX_OUT_OF_RANGE, "operand #0 is too large");
  return NULL;
}

static cx_status_t perm_prepare(const cx_rt_cc_call_t* c) {
  int64_t batch, k;
  CX_RETURN_IF_ERROR(perm_check(c, &batch, &k));
  const cx_rt_cc_buffer_t* p = &c->operands[0];
  cx_rt_cc_buffer_t* r = &c->results[0];
  // The permutation size is not an operand: it is the result type's last
  // dim, which must therefore be known.
  if (r->rank != p->rank || r->dims[r->rank - 1] == CX_RT_CC_DYNAMIC_DIM)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "result #0 must have the pivots' rank (%u) and a static last "
                          "dimension (the permutation size)",
                          p->rank);
  int64_t m = r->dims[r->rank - 1];
  if (m < k || m > INT32_MAX)
    return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                          "the permutation size %lld must be at least the number of pivots %lld",
                          (long long)m, (long long)k);
  int64_t dims[CX_MAX_RANK];
  memcpy(dims, p->dims, p->rank * sizeof(int64_t));
  dims[p->rank - 1] = m;
  return cx_rt_cc_expect_result(c, 0, CX_ELEM_SI32, p->rank, dims);
}

static cx_status_t perm_execute(const cx_rt_cc_call_t* c) {
  int64_t batch, k;
  CX_RETURN_IF_ERROR(perm_check(c, &batch, &k));
  const cx_rt_cc_buffer_t* r = &c->results[0];
  int64_t m = r->dims[r->rank - 1];
  const int32_t* pivots = c->operands[0].data;
  int32_t* perm = r->data;
  for (int64_t b = 0; b < batch; b++) {
    const int32_t* piv = pivots + b * k;
    int32_t* out = perm + b * m;
    for (int64_t i = 0; i < m; i++) out[i] = (int32_t)i;
    for (int64_t i = 0; i < k; i++) {
      int32_t j = piv[i];
      if (j < 0 || j >= m) continue;
      int32_t t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
  }
  return NULL;
}

// ---- threefry2x32 ----------------------------------------------------------------------

static cx_status_t threefry_check(const cx_rt_cc_call_t* c) {
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_counts(c, 4, 2, 2));
  static const char* const kNames[4] = {"key0", "key1", "data0", "data1"};
  for (uint32_t i = 0; i < 4; i++) {
    CX_RETURN_IF_ERROR(cx_rt_cc_expect_operand(c, i, CX_ELEM_UI32, 0));
    const cx_rt_cc_buffer_t* a = &c->operands[i];
    const cx_rt_cc_buffer_t* b = &c->operands[0];
    if (a->rank != b->rank || memcmp(a->dims, b->dims, a->rank * sizeof(int64_t)) != 0)
      return cx_rt_cc_error(c, CX_INVALID_ARGUMENT,
                            "%s must have key0's shape (JAX broadcasts the operands)", kNames[i]);
  }
  return NULL;
}

static cx_status_t threefry_prepare(const cx_rt_cc_call_t* c) {
  CX_RETURN_IF_ERROR(threefry_check(c));
  const cx_rt_cc_buffer_t* a = &c->operands[0];
  CX_RETURN_IF_ERROR(cx_rt_cc_expect_result(c, 0, CX_ELEM_UI32, a->rank, a->dims));
  return cx_rt_cc_expect_result(c, 1, CX_ELEM_UI32, a->rank, a->dims);
}

static inline uint32_t rotl32(uint32_t v, uint32_t d) {
  return (v << d) | (v >> (32 - d));
}

// Four rounds with the rotation distances r[0..3].
static inline void four_rounds(uint32_t* x, const uint32_t* r) {
  for (int i = 0; i < 4; i++) {
    x[0] += x[1];
    x[1] = rotl32(x[1], r[i]);
    x[1] ^= x[0];
  }
}

static cx_status_t threefry_execute(const cx_rt_cc_call_t* c) {
  CX_RETURN_IF_ERROR(threefry_check(c));
  static const uint32_t kRot[2][4] = {{13, 15, 26, 6}, {17, 29, 16, 24}};
  const uint32_t* k0 = c->operands[0].data;
  const uint32_t* k1 = c->operands[1].data;
  const uint32_t* d0 = c->operands[2].data;
  const uint32_t* d1 = c->operands[3].data;
  uint32_t* o0 = c->results[0].data;
  uint32_t* o1 = c->results[1].data;
  for (int64_t i = 0; i < c->operands[0].num_elements; i++) {
    // The key schedule: the two key words and their parity with the
    // constant 0x1BD11BDA, injected after every four rounds.
    uint32_t ks[3] = {k0[i], k1[i], 0x1BD11BDAu ^ k0[i] ^ k1[i]};
    uint32_t x[2] = {d0[i] + ks[0], d1[i] + ks[1]};
    for (uint32_t s = 1; s <= 5; s++) {
      four_rounds(x, kRot[(s - 1) % 2]);
      x[0] += ks[s % 3];
      x[1] += ks[(s + 1) % 3] + s;
    }
    o0[i] = x[0];
    o1[i] = x[1];
  }
  return NULL;
}

CX_RT_CC_FAMILY(gpu_linalg,
    {"cu_lu_pivots_to_permutation", CX_ELEM_SI32, perm_prepare, perm_execute, false},
    {"hip_lu_pivots_to_permutation", CX_ELEM_SI32, perm_prepare, perm_execute, false},
    {"cu_threefry2x32_ffi", CX_ELEM_UI32, threefry_prepare, threefry_execute, false},
    {"hip_threefry2x32_ffi", CX_ELEM_UI32, threefry_prepare, threefry_execute, false});

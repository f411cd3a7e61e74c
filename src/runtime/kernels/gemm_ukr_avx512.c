// AVX-512 microkernels. Each keeps an MR x NR tile of accumulators in zmm
// registers (24 of the 32) and per k step loads NR/16 vectors of the packed
// B panel and broadcasts MR elements of the packed A panel straight from
// memory (embedded broadcast), so the loop is FMA-bound: Zen 5 retires two
// 512-bit FMAs per cycle and two loads, and 24 independent accumulators cover
// the FMA latency (4 cycles x 2 pipes).
//
// Register tiles: f32 12x32, f64 12x16, bf16 12x32 (vdpbf16ps consumes k
// pairs, two flops per lane per pair element), int8 12x32 (vpdpbusd consumes k
// quads).
#include <immintrin.h>

#include "runtime/kernels/gemm_internal.h"

#define CX_ROWS12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

// Pulls the C tile into L1 while the k loop runs.
#define CX_PF_C(i) _mm_prefetch((const char*)(c + (i) * ldc), _MM_HINT_T0); \
  _mm_prefetch((const char*)(c + (i) * ldc) + 64 * (NRB - 1), _MM_HINT_T0);

#define CX_PF_C2(i) _mm_prefetch((const char*)(c + (i) * ldc), _MM_HINT_T1); \
  _mm_prefetch((const char*)(c + (i) * ldc) + 64 * (NRB - 1), _MM_HINT_T1);

// ---- f32 12x32 ----
#define NRB 2
static inline __attribute__((always_inline)) void cx_ukr_f32_12x32_body(
    int64_t kc, const void* av, const void* bv, void* cv, int64_t ldc, int accumulate,
    const char* pf, int64_t pf_lines) {
  const float* a = av;
  const float* b = bv;
  float* c = cv;
  // The C tile goes to L2 now and into L1 only near the end: prefetched into
  // L1 at the start, it is evicted again by the A panel streaming through
  // before the accumulation reads it.
  CX_ROWS12(CX_PF_C2)
#define DECL(i) __m512 c##i##0 = _mm512_setzero_ps(), c##i##1 = _mm512_setzero_ps();
  CX_ROWS12(DECL)
#undef DECL
#define STEP(i)                              \
  {                                          \
    __m512 ai = _mm512_set1_ps(a[i]);        \
    c##i##0 = _mm512_fmadd_ps(ai, b0, c##i##0); \
    c##i##1 = _mm512_fmadd_ps(ai, b1, c##i##1); \
  }
  int64_t k = 0;
  for (int phase = 0; phase < 2; ++phase) {
    int64_t end = phase == 0 ? kc - 32 : kc;
    for (; k < end; ++k) {
      __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
      _mm_prefetch((const char*)(b + 32 * 8), _MM_HINT_T0);
      // One line of the caller's stream every 4 k steps: issued in a burst
      // (47 lines per call for a 32 KB panel) the prefetches filled the miss
      // queue and stalled the core on a model's weights streaming from memory.
      if (pf_lines > 0 && (k & 3) == 0) {
        _mm_prefetch(pf, _MM_HINT_T1);
        pf += 64;
        --pf_lines;
      }
      CX_ROWS12(STEP)
      a += 12;
      b += 32;
    }
    if (phase == 0 && accumulate) {
      CX_ROWS12(CX_PF_C)
    }
  }
#undef STEP
#define STORE(i)                                                            \
  if (accumulate) {                                                         \
    c##i##0 = _mm512_add_ps(c##i##0, _mm512_loadu_ps(c + (i) * ldc));       \
    c##i##1 = _mm512_add_ps(c##i##1, _mm512_loadu_ps(c + (i) * ldc + 16));  \
  }                                                                         \
  _mm512_storeu_ps(c + (i) * ldc, c##i##0);                                 \
  _mm512_storeu_ps(c + (i) * ldc + 16, c##i##1);
  CX_ROWS12(STORE)
#undef STORE
  for (; pf_lines > 0; --pf_lines, pf += 64) _mm_prefetch(pf, _MM_HINT_T1);  // short kc
}

static void cx_ukr_f32_12x32(int64_t kc, const void* a, const void* b, void* c, int64_t ldc,
                             int accumulate) {
  cx_ukr_f32_12x32_body(kc, a, b, c, ldc, accumulate, NULL, 0);
}

static void cx_ukr_f32_12x32_pf(int64_t kc, const void* a, const void* b, void* c, int64_t ldc,
                                int accumulate, const char* pf, int64_t pf_lines) {
  cx_ukr_f32_12x32_body(kc, a, b, c, ldc, accumulate, pf, pf_lines);
}

// ---- bf16 12x32: panels hold k pairs; one dpbf16 does 2 k steps ----
static void cx_ukr_bf16_12x32(int64_t kc, const void* av, const void* bv, void* cv, int64_t ldc,
                              int accumulate) {
  const uint32_t* a = av;  // a[kp][12] pairs
  const uint16_t* b = bv;  // b[kp][32][2]
  float* c = cv;
  CX_ROWS12(CX_PF_C)
#define DECL(i) __m512 c##i##0 = _mm512_setzero_ps(), c##i##1 = _mm512_setzero_ps();
  CX_ROWS12(DECL)
#undef DECL
  for (int64_t k = 0; k < kc; k += 2) {
    __m512bh b0 = (__m512bh)_mm512_load_si512(b), b1 = (__m512bh)_mm512_load_si512(b + 32);
    _mm_prefetch((const char*)(b + 64 * 8), _MM_HINT_T0);
#define STEP(i)                                                   \
  {                                                               \
    __m512bh ai = (__m512bh)_mm512_set1_epi32((int)a[i]);         \
    c##i##0 = _mm512_dpbf16_ps(c##i##0, ai, b0);                  \
    c##i##1 = _mm512_dpbf16_ps(c##i##1, ai, b1);                  \
  }
    CX_ROWS12(STEP)
#undef STEP
    a += 12;
    b += 64;
  }
#define STORE(i)                                                            \
  if (accumulate) {                                                         \
    c##i##0 = _mm512_add_ps(c##i##0, _mm512_loadu_ps(c + (i) * ldc));       \
    c##i##1 = _mm512_add_ps(c##i##1, _mm512_loadu_ps(c + (i) * ldc + 16));  \
  }                                                                         \
  _mm512_storeu_ps(c + (i) * ldc, c##i##0);                                 \
  _mm512_storeu_ps(c + (i) * ldc + 16, c##i##1);
  CX_ROWS12(STORE)
#undef STORE
}

// ---- int8 12x32 (u8 x s8 quads, vpdpbusd); the panel of B ends with its
// 32 column sums, and sum((a+128) b) - 128 sum(b) = sum(a b) exactly. ----
static void cx_ukr_i8_12x32(int64_t kc, const void* av, const void* bv, void* cv, int64_t ldc,
                            int accumulate) {
  const uint32_t* a = av;  // a[kq][12] quads
  const int8_t* b = bv;    // b[kq][32][4]
  int32_t* c = cv;
  CX_ROWS12(CX_PF_C)
#define DECL(i) __m512i c##i##0 = _mm512_setzero_si512(), c##i##1 = _mm512_setzero_si512();
  CX_ROWS12(DECL)
#undef DECL
  for (int64_t k = 0; k < kc; k += 4) {
    __m512i b0 = _mm512_load_si512(b), b1 = _mm512_load_si512(b + 64);
#define STEP(i)                                           \
  {                                                       \
    __m512i ai = _mm512_set1_epi32((int)a[i]);            \
    c##i##0 = _mm512_dpbusd_epi32(c##i##0, ai, b0);       \
    c##i##1 = _mm512_dpbusd_epi32(c##i##1, ai, b1);       \
  }
    CX_ROWS12(STEP)
#undef STEP
    a += 12;
    b += 128;
  }
  const __m512i s0 = _mm512_slli_epi32(_mm512_loadu_si512(b), 7);
  const __m512i s1 = _mm512_slli_epi32(_mm512_loadu_si512(b + 64), 7);
#define STORE(i)                                                                         \
  c##i##0 = _mm512_sub_epi32(c##i##0, s0);                                               \
  c##i##1 = _mm512_sub_epi32(c##i##1, s1);                                               \
  if (accumulate) {                                                                      \
    c##i##0 = _mm512_add_epi32(c##i##0, _mm512_loadu_si512(c + (i) * ldc));              \
    c##i##1 = _mm512_add_epi32(c##i##1, _mm512_loadu_si512(c + (i) * ldc + 16));         \
  }                                                                                      \
  _mm512_storeu_si512(c + (i) * ldc, c##i##0);                                           \
  _mm512_storeu_si512(c + (i) * ldc + 16, c##i##1);
  CX_ROWS12(STORE)
#undef STORE
}
#undef NRB

// ---- f64 12x16 ----
#define NRB 2
static void cx_ukr_f64_12x16(int64_t kc, const void* av, const void* bv, void* cv, int64_t ldc,
                             int accumulate) {
  const double* a = av;
  const double* b = bv;
  double* c = cv;
  CX_ROWS12(CX_PF_C)
#define DECL(i) __m512d c##i##0 = _mm512_setzero_pd(), c##i##1 = _mm512_setzero_pd();
  CX_ROWS12(DECL)
#undef DECL
  for (int64_t k = 0; k < kc; ++k) {
    __m512d b0 = _mm512_load_pd(b), b1 = _mm512_load_pd(b + 8);
#define STEP(i)                                  \
  {                                              \
    __m512d ai = _mm512_set1_pd(a[i]);           \
    c##i##0 = _mm512_fmadd_pd(ai, b0, c##i##0);  \
    c##i##1 = _mm512_fmadd_pd(ai, b1, c##i##1);  \
  }
    CX_ROWS12(STEP)
#undef STEP
    a += 12;
    b += 16;
  }
#define STORE(i)                                                            \
  if (accumulate) {                                                         \
    c##i##0 = _mm512_add_pd(c##i##0, _mm512_loadu_pd(c + (i) * ldc));       \
    c##i##1 = _mm512_add_pd(c##i##1, _mm512_loadu_pd(c + (i) * ldc + 8));   \
  }                                                                         \
  _mm512_storeu_pd(c + (i) * ldc, c##i##0);                                 \
  _mm512_storeu_pd(c + (i) * ldc + 8, c##i##1);
  CX_ROWS12(STORE)
#undef STORE
}
#undef NRB

// Cache blocks: the A panels stream from an MC x KC block in L2 (576 KiB of
// the 1 MiB for f32); a KC x NR panel of B (64 KiB) streams from L2 while
// the MC/MR calls sharing it run; an NC-wide block of B lives in L2/L3.
// KC = 512 rather than 256 (a B panel in a 48 KiB L1): every K pass reads
// and writes all of C, and with half as many passes 2048^3 ran 3-5% faster
// on a Zen 4 (32 KiB L1; docs/kernels.md), the same on a Zen 5.
static const cx_gemm_kernel_t cx_k_f32 = {CX_FAM_F32, 12, 32, 1, 288, 512, 3072, cx_ukr_f32_12x32,
                                          true,       cx_ukr_f32_12x32_pf};
static const cx_gemm_kernel_t cx_k_f64 = {CX_FAM_F64, 12, 16, 1, 192, 256, 2048, cx_ukr_f64_12x16, true, NULL};
static const cx_gemm_kernel_t cx_k_bf16 = {CX_FAM_BF16, 12, 32, 2, 288, 512, 3072,
                                           cx_ukr_bf16_12x32, true, NULL};
static const cx_gemm_kernel_t cx_k_i8 = {CX_FAM_I8, 12, 32, 4, 288, 1024, 3072, cx_ukr_i8_12x32, true, NULL};

const cx_gemm_kernel_t* cx_gemm_kernel_avx512(cx_gemm_family_t f, const cx_rt_cpu_features_t* cpu) {
  switch (f) {
    case CX_FAM_F32: return &cx_k_f32;
    case CX_FAM_F64: return &cx_k_f64;
    case CX_FAM_BF16: return cpu->avx512_bf16 ? &cx_k_bf16 : NULL;
    case CX_FAM_I8: return cpu->avx512_vnni ? &cx_k_i8 : NULL;
    default: return NULL;
  }
}

// ---- f32, B read in place (no packing): R x 32 tiles, R = 1..12 ----
// For small M (decoder-style GEMV/GEMM, late convolution layers) packing B
// costs as much as the arithmetic: each B element is used by only M rows.
// B rows are read where they lie (unit column stride, row pitch ldb); A is
// still a packed 12-row panel of which the first R rows are used.
static inline __attribute__((always_inline)) void cx_ukr_f32_bdirect_r(
    const int R, int64_t kc, const float* a, const float* b, int64_t ldb, float* c, int64_t ldc,
    int accumulate, const char* pf, int64_t npf) {
  __m512 acc0[12], acc1[12];
#pragma GCC unroll 12
  for (int i = 0; i < 12; ++i) {
    if (i < R) acc0[i] = _mm512_setzero_ps(), acc1[i] = _mm512_setzero_ps();
  }
  for (int64_t k = 0; k < kc; ++k) {
    __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
    _mm_prefetch((const char*)(b + 16 * ldb), _MM_HINT_T0);
    _mm_prefetch((const char*)(b + 16 * ldb + 16), _MM_HINT_T0);
    if (npf > 0) {  // the caller's stream (the next packed panel), a line per k step
      _mm_prefetch(pf, _MM_HINT_T1);
      pf += 64;
      --npf;
    }
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) {
      if (i < R) {
        __m512 ai = _mm512_set1_ps(a[i]);
        acc0[i] = _mm512_fmadd_ps(ai, b0, acc0[i]);
        acc1[i] = _mm512_fmadd_ps(ai, b1, acc1[i]);
      }
    }
    a += 12;
    b += ldb;
  }
#pragma GCC unroll 12
  for (int i = 0; i < 12; ++i) {
    if (i < R) {
      if (accumulate) {
        acc0[i] = _mm512_add_ps(acc0[i], _mm512_loadu_ps(c + i * ldc));
        acc1[i] = _mm512_add_ps(acc1[i], _mm512_loadu_ps(c + i * ldc + 16));
      }
      _mm512_storeu_ps(c + i * ldc, acc0[i]);
      _mm512_storeu_ps(c + i * ldc + 16, acc1[i]);
    }
  }
  for (; npf > 0; --npf, pf += 64) _mm_prefetch(pf, _MM_HINT_T1);  // short kc
}

#define CX_BDIRECT(R)                                                                          \
  static void cx_ukr_f32_bdirect_##R(int64_t kc, const float* a, const float* b, int64_t ldb, \
                                     float* c, int64_t ldc, int accumulate, const char* pf,   \
                                     int64_t npf) {                                            \
    cx_ukr_f32_bdirect_r(R, kc, a, b, ldb, c, ldc, accumulate, pf, npf);                      \
  }
CX_BDIRECT(1) CX_BDIRECT(2) CX_BDIRECT(3) CX_BDIRECT(4) CX_BDIRECT(5) CX_BDIRECT(6)
CX_BDIRECT(7) CX_BDIRECT(8) CX_BDIRECT(9) CX_BDIRECT(10) CX_BDIRECT(11) CX_BDIRECT(12)

void cx_gemm_f32_bdirect_avx512(int rows, int64_t kc, const float* a, const float* b, int64_t ldb,
                                float* c, int64_t ldc, int accumulate, const char* pf,
                                int64_t npf) {
  typedef void (*fn_t)(int64_t, const float*, const float*, int64_t, float*, int64_t, int,
                       const char*, int64_t);
  static const fn_t fns[13] = {NULL,
                               cx_ukr_f32_bdirect_1,  cx_ukr_f32_bdirect_2,  cx_ukr_f32_bdirect_3,
                               cx_ukr_f32_bdirect_4,  cx_ukr_f32_bdirect_5,  cx_ukr_f32_bdirect_6,
                               cx_ukr_f32_bdirect_7,  cx_ukr_f32_bdirect_8,  cx_ukr_f32_bdirect_9,
                               cx_ukr_f32_bdirect_10, cx_ukr_f32_bdirect_11, cx_ukr_f32_bdirect_12};
  fns[rows](kc, a, b, ldb, c, ldc, accumulate, pf, npf);
}

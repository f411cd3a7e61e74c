// AVX2 + FMA microkernels: 6x16 f32 and 6x8 f64 tiles (12 ymm accumulators,
// 2 B vectors, 1 broadcast: 15 of the 16 registers, so nothing spills), and
// a 6x16 int8 tile with AVX-VNNI where the CPU has it. bf16 inputs use the
// f32 kernel (converted while packing).
#include <immintrin.h>

#include "runtime/kernels/gemm_internal.h"

#define CX_ROWS6(X) X(0) X(1) X(2) X(3) X(4) X(5)

static void cx_ukr_f32_6x16(int64_t kc, const void* av, const void* bv, void* cv, int64_t ldc,
                            int accumulate) {
  const float* a = av;
  const float* b = bv;
  float* c = cv;
#define DECL(i) __m256 c##i##0 = _mm256_setzero_ps(), c##i##1 = _mm256_setzero_ps();
  CX_ROWS6(DECL)
#undef DECL
  for (int64_t k = 0; k < kc; ++k) {
    __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
#define STEP(i)                                  \
  {                                              \
    __m256 ai = _mm256_broadcast_ss(a + (i));    \
    c##i##0 = _mm256_fmadd_ps(ai, b0, c##i##0);  \
    c##i##1 = _mm256_fmadd_ps(ai, b1, c##i##1);  \
  }
    CX_ROWS6(STEP)
#undef STEP
    a += 6;
    b += 16;
  }
#define STORE(i)                                                           \
  if (accumulate) {                                                        \
    c##i##0 = _mm256_add_ps(c##i##0, _mm256_loadu_ps(c + (i) * ldc));      \
    c##i##1 = _mm256_add_ps(c##i##1, _mm256_loadu_ps(c + (i) * ldc + 8));  \
  }                                                                        \
  _mm256_storeu_ps(c + (i) * ldc, c##i##0);                                \
  _mm256_storeu_ps(c + (i) * ldc + 8, c##i##1);
  CX_ROWS6(STORE)
#undef STORE
}

static void cx_ukr_f64_6x8(int64_t kc, const void* av, const void* bv, void* cv, int64_t ldc,
                           int accumulate) {
  const double* a = av;
  const double* b = bv;
  double* c = cv;
#define DECL(i) __m256d c##i##0 = _mm256_setzero_pd(), c##i##1 = _mm256_setzero_pd();
  CX_ROWS6(DECL)
#undef DECL
  for (int64_t k = 0; k < kc; ++k) {
    __m256d b0 = _mm256_load_pd(b), b1 = _mm256_load_pd(b + 4);
#define STEP(i)                                  \
  {                                              \
    __m256d ai = _mm256_broadcast_sd(a + (i));   \
    c##i##0 = _mm256_fmadd_pd(ai, b0, c##i##0);  \
    c##i##1 = _mm256_fmadd_pd(ai, b1, c##i##1);  \
  }
    CX_ROWS6(STEP)
#undef STEP
    a += 6;
    b += 8;
  }
#define STORE(i)                                                           \
  if (accumulate) {                                                        \
    c##i##0 = _mm256_add_pd(c##i##0, _mm256_loadu_pd(c + (i) * ldc));      \
    c##i##1 = _mm256_add_pd(c##i##1, _mm256_loadu_pd(c + (i) * ldc + 4));  \
  }                                                                        \
  _mm256_storeu_pd(c + (i) * ldc, c##i##0);                                \
  _mm256_storeu_pd(c + (i) * ldc + 4, c##i##1);
  CX_ROWS6(STORE)
#undef STORE
}

// AVX-VNNI (VEX-encoded vpdpbusd): same quad layout as the AVX-512 kernel.
static void cx_ukr_i8_6x16(int64_t kc, const void* av, const void* bv, void* cv, int64_t ldc,
                           int accumulate) {
  const uint32_t* a = av;
  const int8_t* b = bv;
  int32_t* c = cv;
#define DECL(i) __m256i c##i##0 = _mm256_setzero_si256(), c##i##1 = _mm256_setzero_si256();
  CX_ROWS6(DECL)
#undef DECL
  for (int64_t k = 0; k < kc; k += 4) {
    __m256i b0 = _mm256_load_si256((const __m256i*)b);
    __m256i b1 = _mm256_load_si256((const __m256i*)(b + 32));
#define STEP(i)                                             \
  {                                                         \
    __m256i ai = _mm256_set1_epi32((int)a[i]);              \
    c##i##0 = _mm256_dpbusd_avx_epi32(c##i##0, ai, b0);     \
    c##i##1 = _mm256_dpbusd_avx_epi32(c##i##1, ai, b1);     \
  }
    CX_ROWS6(STEP)
#undef STEP
    a += 6;
    b += 64;
  }
  const __m256i s0 = _mm256_slli_epi32(_mm256_loadu_si256((const __m256i*)b), 7);
  const __m256i s1 = _mm256_slli_epi32(_mm256_loadu_si256((const __m256i*)(b + 32)), 7);
#define STORE(i)                                                                            \
  c##i##0 = _mm256_sub_epi32(c##i##0, s0);                                                  \
  c##i##1 = _mm256_sub_epi32(c##i##1, s1);                                                  \
  if (accumulate) {                                                                         \
    c##i##0 = _mm256_add_epi32(c##i##0, _mm256_loadu_si256((const __m256i*)(c + (i) * ldc)));     \
    c##i##1 = _mm256_add_epi32(c##i##1, _mm256_loadu_si256((const __m256i*)(c + (i) * ldc + 8))); \
  }                                                                                         \
  _mm256_storeu_si256((__m256i*)(c + (i) * ldc), c##i##0);                                  \
  _mm256_storeu_si256((__m256i*)(c + (i) * ldc + 8), c##i##1);
  CX_ROWS6(STORE)
#undef STORE
}

static const cx_gemm_kernel_t cx_k_f32 = {CX_FAM_F32, 6, 16, 1, 144, 256, 3072, cx_ukr_f32_6x16, false, NULL};
static const cx_gemm_kernel_t cx_k_f64 = {CX_FAM_F64, 6, 8, 1, 96, 256, 2048, cx_ukr_f64_6x8, false, NULL};
static const cx_gemm_kernel_t cx_k_i8 = {CX_FAM_I8, 6, 16, 4, 144, 1024, 3072, cx_ukr_i8_6x16, false, NULL};

const cx_gemm_kernel_t* cx_gemm_kernel_avx2(cx_gemm_family_t f, const cx_rt_cpu_features_t* cpu) {
  switch (f) {
    case CX_FAM_F32: return &cx_k_f32;
    case CX_FAM_F64: return &cx_k_f64;
    case CX_FAM_I8: return cpu->avx_vnni ? &cx_k_i8 : NULL;
    default: return NULL;
  }
}
